//! The documents people read, generated from a checked policy.
