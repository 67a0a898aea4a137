//! Command-line interface (clap): check, render, batch, init, templates. (issues #2, #6)
//!
//! Exit codes: 0 ok; 1 invalid data, failed command, or findings with
//! `--strict`; 2 usage error. No panic reaches the user: it is caught and
//! reported as an internal error (exit 1).

mod check;
mod table;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: invalid data, failed command, findings under `--strict`.
pub const EXIT_INVALID: i32 = 1;
/// Exit code: usage error.
pub const EXIT_USAGE: i32 = 2;

/// Báo cáo kết quả đại hội chi bộ: YAML -> PDF/DOCX.
#[derive(Debug, Parser)]
#[command(name = "baocao", version, about)]
pub struct Cli {
    /// Print only findings and errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail (per-ward figures).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Treat warnings as errors (exit 1).
    #[arg(long, global = true)]
    pub strict: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate a data file; print derived figures and findings.
    Check {
        /// The YAML data file.
        #[arg(value_name = "DATA.yaml")]
        data: PathBuf,
    },
}

/// Output verbosity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

impl Cli {
    pub fn verbosity(&self) -> Verbosity {
        if self.quiet {
            Verbosity::Quiet
        } else if self.verbose > 0 {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        }
    }
}

/// Run the CLI; returns the process exit code.
pub fn main() -> i32 {
    run(std::env::args_os())
}

/// Run the CLI on these arguments (the first is the program name).
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(|| dispatch(&cli));
    let _ = std::panic::take_hook();
    match result {
        Ok(code) => code,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            eprintln!("baocao: lỗi nội bộ (xin báo lỗi kèm tệp dữ liệu): {msg}");
            EXIT_INVALID
        }
    }
}

fn dispatch(cli: &Cli) -> i32 {
    match &cli.command {
        Command::Check { data } => check::run(data, cli.strict, cli.verbosity()),
    }
}
