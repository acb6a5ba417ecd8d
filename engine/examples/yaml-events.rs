//! Reads the files named on the command line as `podls check` does (every file on rayon's pool, each split into its
//! `---` documents) and pulls every libyaml event of each document through the engine's event layer, doing nothing
//! else: the YAML parser's own cost on those bytes, for `scripts/check-throughput` to set beside the whole check.
//! Prints the number of documents and events.

use podls_engine::syntax::events::Events;
use rayon::prelude::*;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let counts: Vec<Option<(usize, usize)>> = files
        .par_iter()
        .map(|file| {
            let bytes = std::fs::read(file).ok()?;
            let text = String::from_utf8_lossy(&bytes);
            let documents = podls_engine::syntax::split_documents(&text);
            let events = documents
                .iter()
                .map(|range| {
                    let mut events = Events::new(text.get(range.as_range()).unwrap_or_default());
                    std::iter::from_fn(|| events.next_event()).count()
                })
                .sum();
            Some((documents.len(), events))
        })
        .collect();
    let unreadable = counts.iter().filter(|c| c.is_none()).count();
    let (documents, events) = counts.iter().flatten().fold((0, 0), |(d, e), (dd, ee)| (d + dd, e + ee));
    println!("{} files, {documents} documents, {events} events", files.len() - unreadable);
    if unreadable > 0 {
        eprintln!("{unreadable} files could not be read");
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}
