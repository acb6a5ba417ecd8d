//! `podls-pre-commit`: `podls check` under the name pre-commit installs.
//!
//! pre-commit's `language: rust` runs `cargo install --path .` at the repository root, which needs a package there;
//! this is that package's one binary, so that it does not collide with the `podls` binary of `server/`. It takes
//! exactly the arguments of `podls check` (the hook passes the staged YAML files).

use std::process::ExitCode;

use clap::Parser;

/// Check Kubernetes manifests as `podls check` does (for pre-commit).
#[derive(Debug, Parser)]
#[command(name = "podls-pre-commit", version)]
struct Cli {
    #[command(flatten)]
    check: podls::check::CheckArgs,
}

fn main() -> ExitCode {
    podls::check::log_panics();
    podls::check::run(&Cli::parse().check)
}
