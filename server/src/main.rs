//! The `podls` command: the language server over stdio (the default), or a subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A language server and checker for Kubernetes Pod manifests.
#[derive(Debug, Parser)]
#[command(name = "podls", version, about)]
struct Cli {
    /// Accepted and ignored: the server always speaks over stdio, and clients such as vscode-languageclient append it.
    #[arg(long, global = true)]
    stdio: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the Language Server Protocol over stdin/stdout (the default)
    Lsp,
    /// Check manifests and report every problem the API server would reject
    #[command(after_help = "Exit status: 0 no error reported; 1 errors reported; 2 usage error or unreadable file; \
                            3 podls itself failed on a document (an internal-error diagnostic; the rest was checked). \
                            The highest that applies wins.")]
    Check(podls::check::CheckArgs),
}

fn main() -> ExitCode {
    log_panics();
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Lsp) {
        Command::Lsp => match podls::lsp::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("podls: {error:#}");
                ExitCode::FAILURE
            }
        },
        Command::Check(args) => podls::check::run(&args),
    }
}

/// Logs every panic to stderr with its place in the source, in one line. Panics are caught where one document or
/// one request is worked on (they become an `internal-error` diagnostic or an error answer), so the log is where
/// the place of the bug is kept. `RUST_BACKTRACE=1` adds the backtrace.
fn log_panics() {
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map_or_else(|| "an unknown place".to_owned(), ToString::to_string);
        let message = podls::analysis::panic_message(info.payload());
        let thread = std::thread::current();
        eprintln!(
            "podls: internal error (a bug; please report it) in thread '{}' at {location}: {message}",
            thread.name().unwrap_or("unnamed")
        );
        let backtrace = std::backtrace::Backtrace::capture();
        if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
            eprintln!("{backtrace}");
        }
    }));
}
