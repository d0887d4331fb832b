//! Finding and reading policy files, and the limit on their size.
//!
//! A file larger than the limit is refused before it is read: its size is taken from its
//! metadata, and the read itself is bounded, so that a file that grows meanwhile, or a device
//! or pipe without a size, cannot make the command read more than the limit either.

use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::error::CliError;

/// The largest file read when [`MAX_FILE_SIZE_VARIABLE`] is not set: 64 MiB, several hundred
/// times the largest policy people write by hand, and about a million nodes of generated
/// policy, which the checks handle in seconds.
pub(crate) const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The environment variable that overrides [`DEFAULT_MAX_FILE_SIZE`]: a number of bytes,
/// optionally followed by `K`, `M` or `G` for KiB, MiB or GiB.
pub(crate) const MAX_FILE_SIZE_VARIABLE: &str = "STROOM_MAX_FILE_SIZE";

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

/// Reads a policy file, which must be UTF-8 text and no larger than the limit (see
/// [`max_file_size`]).
pub(crate) fn read(path: &Path) -> Result<SourceFile, CliError> {
    let read_error = |source| CliError::Read { path: path.to_path_buf(), source };
    let limit = max_file_size().map_err(read_error)?;
    let bytes = read_bounded(path, limit).map_err(read_error)?;
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

/// The size limit: [`MAX_FILE_SIZE_VARIABLE`] when set, else [`DEFAULT_MAX_FILE_SIZE`].
pub(crate) fn max_file_size() -> std::io::Result<u64> {
    match std::env::var(MAX_FILE_SIZE_VARIABLE) {
        Ok(value) => parse_size(&value).ok_or_else(|| {
            let message = format!(
                "{MAX_FILE_SIZE_VARIABLE} is `{value}`, which is not a number of bytes \
                 (such as 1000, 512K, 64M or 2G)"
            );
            std::io::Error::new(std::io::ErrorKind::InvalidInput, message)
        }),
        Err(std::env::VarError::NotPresent) => Ok(DEFAULT_MAX_FILE_SIZE),
        Err(std::env::VarError::NotUnicode(_)) => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{MAX_FILE_SIZE_VARIABLE} is not a number of bytes"),
        )),
    }
}

/// A size written as bytes, optionally with a binary suffix `K`, `M` or `G`.
fn parse_size(written: &str) -> Option<u64> {
    let written = written.trim();
    let (digits, unit) = match written.char_indices().last()? {
        (at, 'k' | 'K') => (written.get(..at)?, 1 << 10),
        (at, 'm' | 'M') => (written.get(..at)?, 1 << 20),
        (at, 'g' | 'G') => (written.get(..at)?, 1 << 30),
        _ => (written, 1),
    };
    digits.trim().parse::<u64>().ok()?.checked_mul(unit)
}

/// The whole content of `path`, refused when it is larger than `limit` bytes.
fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Err(TooLarge { size: Some(size), limit }.into());
    }

    // The metadata of a pipe or device says nothing of what it holds, and a file can grow
    // after it was measured: one byte more than the limit is enough to know.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(TooLarge { size: None, limit }.into());
    }
    Ok(bytes)
}

/// Why a file was not read: it is larger than the limit.
#[derive(Debug)]
struct TooLarge {
    /// The size the file has, when its metadata says; `None` when it was found larger while
    /// reading.
    size: Option<u64>,
    /// The limit.
    limit: u64,
}

impl fmt::Display for TooLarge {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.size {
            Some(size) => write!(formatter, "the file is {}", Bytes(size))?,
            None => write!(formatter, "the file grew while it was read")?,
        }
        write!(
            formatter,
            ", more than the limit of {}; set {MAX_FILE_SIZE_VARIABLE} to a larger number of \
             bytes to read it anyway",
            Bytes(self.limit)
        )
    }
}

impl std::error::Error for TooLarge {}

impl From<TooLarge> for std::io::Error {
    fn from(too_large: TooLarge) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::FileTooLarge, too_large)
    }
}

/// A number of bytes, shown exactly and, from a KiB on, also in the largest binary unit
/// that fits.
struct Bytes(u64);

impl fmt::Display for Bytes {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Bytes(bytes) = *self;
        let unit = [(1u64 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
            .into_iter()
            .find(|&(size, _)| bytes >= size);
        match unit {
            Some((size, name)) => {
                let tenths = bytes.saturating_mul(10) / size;
                write!(formatter, "{bytes} bytes ({}.{} {name})", tenths / 10, tenths % 10)
            }
            None if bytes == 1 => write!(formatter, "1 byte"),
            None => write!(formatter, "{bytes} bytes"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Bytes, parse_size};

    #[test]
    fn sizes_are_bytes_with_an_optional_binary_suffix() {
        assert_eq!(parse_size("1000"), Some(1000));
        assert_eq!(parse_size(" 512K "), Some(512 * 1024));
        assert_eq!(parse_size("64M"), Some(64 << 20));
        assert_eq!(parse_size("2g"), Some(2 << 30));
        assert_eq!(parse_size("0"), Some(0));
        for wrong in ["", "K", "-1", "1.5M", "12 apples", "99999999999999999999G"] {
            assert_eq!(parse_size(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn sizes_are_shown_exactly_and_in_the_largest_unit() {
        assert_eq!(Bytes(1).to_string(), "1 byte");
        assert_eq!(Bytes(1023).to_string(), "1023 bytes");
        assert_eq!(Bytes(1536).to_string(), "1536 bytes (1.5 KiB)");
        assert_eq!(Bytes(64 << 20).to_string(), "67108864 bytes (64.0 MiB)");
    }
}
