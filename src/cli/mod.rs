//! Command-line interface (clap): check, render, batch, init, templates. (issues #2, #6)

/// Run the CLI; returns the process exit code.
pub fn main() -> i32 {
    0
}
