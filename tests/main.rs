//! Integration tests of the `stroom` command. One test binary; its modules:
//! - `support`: a small builder that runs the command and asserts status, stdout and stderr,
//!   and a temporary folder to write policies into and run the command in;
//! - `flyer`: the bundled flyer policy checks clean and its paths match the design table;
//! - `diagnostics`: every diagnostic code fires on a small bad policy, with its rendering
//!   snapshotted in `snapshots/`, and stays quiet on the fixed policy;
//! - `cli`: exit codes and output of `check`, `eval` and `paths`, including input files
//!   with a byte-order mark, CRLF line ends or bytes that are not UTF-8, and recalls;
//! - `verify`: `test` runs scenarios and proves invariants, with coverage and readable
//!   counterexamples; `stats` counts the combinations per outcome;
//! - `report`: `check` and `test` with JSON and SARIF output;
//! - `diff`: the decisions and texts `diff` finds changed between two versions;
//! - `format`: `fmt` and `fmt --check` on files, with comments kept;
//! - `render`: the documents of `render` and `docs`, snapshotted in `snapshots/`, properties
//!   of the diagram and the Markdown of random policies, the flyer's SVG, and the files and
//!   exit codes of both commands;
//! - `hostile`: huge, deep, wide, truncated, corrupted and oversized input gets a diagnostic or
//!   a clean refusal, never a panic or a hang, and properties that no text makes any stage
//!   panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod cli;
mod diagnostics;
mod diff;
mod flyer;
mod format;
mod hostile;
mod render;
mod report;
mod support;
mod verify;
