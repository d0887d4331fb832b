//! The subcommand `fmt`: policy files and their tests files rewritten in the canonical layout,
//! or, with `--check`, only the differences shown.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::diagnostics::{self, Style};
use crate::error::{CliError, Status};
use crate::input::{self, SourceFile};

/// `stroom fmt`: formats every `.policy` file that `paths` names, and the `.tests` file next to
/// each, in place.
///
/// Every file is read and formatted before any is written, so when one does not parse its
/// syntax errors are printed and nothing is written. With `check` nothing is written either:
/// the differences are printed as unified diffs, and the status is [`Status::PolicyErrors`]
/// when any file would change.
pub(crate) fn fmt(paths: &[PathBuf], check: bool, style: Style) -> Result<Status, CliError> {
    let (policies, unsearchable) = input::policy_files(paths);
    for error in &unsearchable {
        diagnostics::print_error(error, style);
    }
    let mut unreadable = !unsearchable.is_empty();
    let mut failed = 0;

    // Read and format everything first.
    let files = with_tests_files(&policies);
    let mut changed: Vec<(SourceFile, String)> = Vec::new();
    for path in &files {
        let file = match input::read(path) {
            Ok(file) => file,
            Err(error) => {
                diagnostics::print_error(&error, style);
                unreadable |= error.status() == Status::Usage;
                failed += 1;
                continue;
            }
        };
        match stroom_format::format(&file.text) {
            Ok(formatted) if formatted == file.text => {}
            Ok(formatted) => changed.push((file, formatted)),
            Err(errors) => {
                let source = diagnostics::named_source(&file);
                for error in &errors {
                    eprintln!("{}", diagnostics::render(error, &source, style));
                }
                failed += 1;
            }
        }
    }

    // Show or write what changes, unless a file could not be formatted.
    let count = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
    if unreadable {
        return Ok(Status::Usage);
    }
    if failed > 0 {
        eprintln!("{} could not be formatted; nothing was changed", count(failed));
        return Ok(Status::PolicyErrors);
    }
    if check {
        let mut out = std::io::stdout().lock();
        for (file, formatted) in &changed {
            write!(out, "{}", diff(&file.path, &file.text, formatted))?;
        }
        out.flush()?;
        eprintln!("checked {}: {}", count(files.len()), unformatted(changed.len()));
        return Ok(if changed.is_empty() { Status::Clean } else { Status::PolicyErrors });
    }
    for (file, formatted) in &changed {
        write_atomically(&file.path, formatted)?;
        eprintln!("formatted {}", file.path.display());
    }
    eprintln!("checked {}: {} reformatted", count(files.len()), changed.len());
    Ok(Status::Clean)
}

/// How many files are not formatted, in words.
fn unformatted(count: usize) -> String {
    match count {
        0 => "all formatted".to_string(),
        1 => "1 file not formatted".to_string(),
        _ => format!("{count} files not formatted"),
    }
}

/// The policy files `policies` and, after each, the tests file next to it when there is one;
/// each file once.
fn with_tests_files(policies: &[PathBuf]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    for policy in policies {
        let tests = policy.with_extension("tests");
        let is_policy = policy.extension().is_some_and(|extension| extension == "policy");
        let next = if is_policy && tests.is_file() { vec![policy, &tests] } else { vec![policy] };
        for path in next {
            if !files.contains(path) {
                files.push(path.clone());
            }
        }
    }
    files
}

/// The unified diff from `old` to `new`, the text of the file at `path`.
fn diff(path: &Path, old: &str, new: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .header(&name, &format!("{name} (formatted)"))
        .to_string()
}

/// Writes `text` to `path` through a temporary file in the same folder that is renamed over
/// it, so that `path` holds either its old text or all of the new, never a part.
fn write_atomically(path: &Path, text: &str) -> Result<(), CliError> {
    let error = |source| CliError::WriteFile { path: path.to_path_buf(), source };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let permissions = std::fs::metadata(path).map_err(error)?.permissions();

    let mut file = tempfile::NamedTempFile::new_in(folder).map_err(error)?;
    file.write_all(text.as_bytes()).map_err(error)?;
    file.as_file().sync_all().map_err(error)?;
    // A temporary file is readable by its owner only; the file keeps the permissions it had.
    file.as_file().set_permissions(permissions).map_err(error)?;
    file.persist(path).map_err(|persist| error(persist.error))?;
    Ok(())
}
