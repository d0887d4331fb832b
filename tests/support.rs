//! Runs `stroom` and asserts what it prints and how it exits.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The bundled flyer policy.
pub fn flyer() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/levensloopaanpak-medische-gegevens.policy")
}

/// A clean policy with a recall: without consent, the answer to `harm` decides. Its arms
/// cover only the answers `harm` can have there: `low` never reaches the recall. It is used by
/// the `diagnostics` and `cli` tests.
pub const RECALL: &str = r#"policy sharing {
    title "May I share medical data?"
    source "https://example.org/flyer"
    language en
    start harm
}

answers level {
    low    "Low"
    medium "Medium"
    high   "High"
}

verdicts {
    share "Share"
    keep  "Keep"
}

question harm (level) "How serious is the risk of harm to others?" {
    low    -> kept
    medium -> consent
    high   -> consent
}

question consent "Did the person consent?" {
    yes -> shared
    no  -> inform
}

step inform "Tell the person that you weigh the risk without consent." {
    -> weigh
}

recall weigh on harm {
    medium -> kept
    high   -> shared
}

outcome shared (share) "You may share."
outcome kept (keep) "You may not share."
"#;

/// A finished run of the command.
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `stroom` with `args`, without colour, in the repository's root.
pub fn stroom<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    stroom_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Runs `stroom` with `args`, without colour, in the folder `dir`.
pub fn stroom_in<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = assert_cmd::Command::cargo_bin("stroom")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// A temporary folder to write policy files into and run `stroom` in, so that the paths
/// in the output are the short relative names the files were written under.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    /// An empty temporary folder.
    pub fn new() -> Scratch {
        Scratch { dir: tempfile::tempdir().unwrap() }
    }

    /// Writes `contents` to `name`, relative to the folder, creating parent folders.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> &Scratch {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, contents).unwrap();
        self
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The names of the entries of the folder, sorted.
    pub fn files(&self) -> Vec<String> {
        self.files_in(".")
    }

    /// The names of the entries of the subfolder `folder`, sorted.
    pub fn files_in(&self, folder: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path().join(folder))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    /// Runs `stroom` with `args` in the folder.
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        stroom_in(self.dir.path(), args)
    }
}

/// Writes `text` to `name` in a fresh temporary folder and runs `stroom check name` and then
/// any `extra` arguments there.
pub fn check_text(name: &str, text: &str, extra: &[&str]) -> Run {
    let scratch = Scratch::new();
    scratch.write(name, text);
    scratch.run(["check", name].iter().chain(extra))
}

impl Run {
    /// Asserts the exit code, showing the output when it differs.
    pub fn code(self, expected: i32) -> Run {
        assert_eq!(
            self.code, expected,
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts that standard error holds `part`, showing it when it does not.
    pub fn stderr_has(&self, part: &str) -> &Run {
        assert!(self.stderr.contains(part), "no {part:?} in stderr:\n{}", self.stderr);
        self
    }

    /// Asserts that standard output holds `part`, showing it when it does not.
    pub fn stdout_has(&self, part: &str) -> &Run {
        assert!(self.stdout.contains(part), "no {part:?} in stdout:\n{}", self.stdout);
        self
    }

    /// Parses standard output as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap()
    }
}
