//! The subcommands `render` and `docs`: documents generated from a policy, written to
//! standard output or, atomically, to files.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use stroom_render::Format;

use crate::diagnostics::{self, Style};
use crate::error::{CliError, Status};
use crate::input;
use crate::run::load_clean;

/// The formats `docs` writes for every policy, in the order they are written.
const DOCUMENTS: [Format; 6] =
    [Format::Markdown, Format::Mermaid, Format::Dot, Format::Svg, Format::Pdf, Format::Png];

/// `stroom render`: the document of one policy, on standard output or in `output`.
pub(crate) fn render(
    path: &Path,
    format: Format,
    output: Option<&Path>,
    style: Style,
) -> Result<Status, CliError> {
    let compiled = load_for_render(path, style)?;
    let bytes = stroom_render::render(&compiled.policy, format)?;
    match output {
        Some(output) => write_atomically(output, &bytes)?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(Status::Clean)
}

/// `stroom docs`: writes every document of every policy into `out`, or with `check` only
/// compares them with what is there.
pub(crate) fn docs(
    paths: &[PathBuf],
    out: &Path,
    check: bool,
    style: Style,
) -> Result<Status, CliError> {
    let (files, unsearchable) = input::policy_files(paths);
    if !unsearchable.is_empty() {
        for error in &unsearchable {
            diagnostics::print_error(error, style);
        }
        return Ok(Status::Usage);
    }
    let named = by_name(&files)?;

    let mut tally = DocsTally::default();
    for (name, path) in &named {
        let compiled = match load_for_render(path, style) {
            Ok(compiled) => compiled,
            Err(error @ CliError::RenderPolicyHasErrors { .. }) => {
                diagnostics::print_error(&error, style);
                tally.broken += 1;
                continue;
            }
            Err(error) => return Err(error),
        };
        for format in DOCUMENTS {
            let bytes = stroom_render::render(&compiled.policy, format)?;
            let target = out.join(format!("{name}.{}", format.extension()));
            let existing = std::fs::read(&target).ok();
            let current = existing.as_deref().is_some_and(|old| same(format, old, &bytes));
            if current {
                tally.unchanged += 1;
            } else if check {
                let why = if existing.is_some() { "differs" } else { "missing" };
                eprintln!("out of date: {} ({why})", target.display());
                tally.stale += 1;
            } else {
                if tally.written == 0 {
                    std::fs::create_dir_all(out).map_err(|source| CliError::WriteFile {
                        path: out.to_path_buf(),
                        source,
                    })?;
                }
                write_atomically(&target, &bytes)?;
                eprintln!("wrote {}", target.display());
                tally.written += 1;
            }
        }
    }

    if check && tally.stale > 0 {
        return Err(CliError::Stale { count: tally.stale });
    }
    let verb = if check { "checked" } else { "wrote" };
    let done = if check { tally.unchanged } else { tally.written };
    eprintln!(
        "{verb} {done} document{} of {} polic{}{}",
        if done == 1 { "" } else { "s" },
        named.len(),
        if named.len() == 1 { "y" } else { "ies" },
        if check || tally.unchanged == 0 {
            String::new()
        } else {
            format!("; {} already up to date", tally.unchanged)
        }
    );
    Ok(if tally.broken > 0 { Status::PolicyErrors } else { Status::Clean })
}

/// What `docs` did with the documents.
#[derive(Default)]
struct DocsTally {
    written: usize,
    unchanged: usize,
    stale: usize,
    broken: usize,
}

/// The policy files by the name of their documents, the file stem; two files with one stem
/// would overwrite each other's documents, which is refused.
fn by_name(files: &[PathBuf]) -> Result<BTreeMap<String, PathBuf>, CliError> {
    let mut named: BTreeMap<String, PathBuf> = BTreeMap::new();
    for file in files {
        let name = file.file_stem().unwrap_or(file.as_os_str()).to_string_lossy().into_owned();
        if let Some(first) = named.get(&name) {
            return Err(CliError::SameName { name, first: first.clone(), second: file.clone() });
        }
        named.insert(name, file.clone());
    }
    Ok(named)
}

/// Whether the document `old` on disk is what `new` generates: byte for byte, except that a
/// PDF's creation date is ignored.
fn same(format: Format, old: &[u8], new: &[u8]) -> bool {
    match format {
        Format::Pdf => stroom_render::same_pdf(old, new),
        _ => old == new,
    }
}

/// Reads and compiles a policy to render; prints its errors and refuses it if it has any.
fn load_for_render(path: &Path, style: Style) -> Result<stroom_compiler::Compiled, CliError> {
    load_clean(path, style).map_err(|error| match error {
        CliError::PolicyHasErrors { path } => CliError::RenderPolicyHasErrors { path },
        other => other,
    })
}

/// Writes `bytes` to `path` through a temporary file in the same folder that is renamed over
/// it, so that `path` holds either its old contents or all of the new, never a part.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let error = |source| CliError::WriteFile { path: path.to_path_buf(), source };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };

    let mut file =
        tempfile::Builder::new().prefix(".stroom-").tempfile_in(folder).map_err(error)?;
    file.write_all(bytes).map_err(error)?;
    file.as_file().sync_all().map_err(error)?;
    // A temporary file is readable by its owner only; a document is for everyone to read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let permissions = std::fs::Permissions::from_mode(0o644);
        file.as_file().set_permissions(permissions).map_err(error)?;
    }
    file.persist(path).map_err(|persist| error(persist.error))?;
    Ok(())
}
