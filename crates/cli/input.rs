//! Finding and reading policy files.

use std::path::{Path, PathBuf};

use crate::error::CliError;

/// A policy file read into memory.
pub(crate) struct SourceFile {
    /// The path as given or found.
    pub(crate) path: PathBuf,
    /// The whole text.
    pub(crate) text: String,
}

/// The policy files named by `paths`: files as given, folders searched for `.policy` files
/// in sorted order; and an error for every path that could not be searched.
pub(crate) fn policy_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<CliError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(metadata) if !metadata.is_dir() => files.push(path.clone()),
            Ok(_) => match policies_in(path) {
                Ok(found) if found.is_empty() => {
                    errors.push(CliError::NoPolicies { path: path.clone() });
                }
                Ok(found) => files.extend(found),
                Err(error) => errors.push(error),
            },
            Err(source) => errors.push(CliError::Read { path: path.clone(), source }),
        }
    }
    (files, errors)
}

/// Every `.policy` file in `folder` and its subfolders, sorted.
fn policies_in(folder: &Path) -> Result<Vec<PathBuf>, CliError> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let read_error = |source| CliError::Read { path: folder.clone(), source };
        for entry in std::fs::read_dir(&folder).map_err(read_error)? {
            let path = entry.map_err(read_error)?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "policy") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Reads a policy file, which must be UTF-8 text.
pub(crate) fn read(path: &Path) -> Result<SourceFile, CliError> {
    let bytes = std::fs::read(path)
        .map_err(|source| CliError::Read { path: path.to_path_buf(), source })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile { path: path.to_path_buf(), text }),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(error.as_bytes().get(..offset).unwrap_or_default());
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
            Err(CliError::NotUtf8 { path: path.to_path_buf(), offset, line, column })
        }
    }
}
