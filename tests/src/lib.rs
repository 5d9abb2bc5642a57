//! End-to-end tests live in tests/; what several of them (and the sync benchmark) share lives here.

pub mod central;
