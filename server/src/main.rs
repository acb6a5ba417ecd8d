//! The `podls` command: the language server over stdio (the default), or a subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    podls::check::log_panics();
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
