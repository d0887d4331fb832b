//! Integration tests of the `stroom` command. One test binary; its modules:
//! - `support`: a small builder that runs the command and asserts status, stdout and stderr;
//! - `flyer`: the bundled flyer policy checks clean and its paths match the design table.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod flyer;
mod support;
