//! Runs `stroom` and asserts what it prints and how it exits.

use std::path::{Path, PathBuf};

/// The bundled flyer policy.
pub fn flyer() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/levensloopaanpak-medische-gegevens.policy")
}

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
    S: AsRef<std::ffi::OsStr>,
{
    let output = assert_cmd::Command::cargo_bin("stroom")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
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

    /// Parses standard output as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap()
    }
}
