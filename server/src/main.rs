//! The `podls` command: the language server over stdio (the default), or a subcommand.

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
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Lsp) {
        Command::Lsp => podls::lsp::run(),
    }
}
