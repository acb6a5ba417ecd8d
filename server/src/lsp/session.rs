//! The open documents of a language-server session, by URI.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use podls_engine::ide::analysis::AnalysisOptions;
use podls_engine::ide::document::Document;

/// The open documents by URI. One lock, held only to look up, insert or swap an `Arc`: readers clone the `Arc` and
/// work on that snapshot without the lock.
#[derive(Debug, Default)]
pub struct DocumentStore {
    documents: Mutex<HashMap<String, Arc<Document>>>,
}

impl DocumentStore {
    pub fn new() -> DocumentStore {
        DocumentStore::default()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Arc<Document>>> {
        // A panic while holding the lock cannot leave a half-made map: every critical section swaps whole values.
        self.documents.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Opens (or reopens, replacing) a document, to be analysed with `options`.
    pub fn open(&self, uri: &str, text: &str, version: i32, options: Arc<AnalysisOptions>) {
        let document = Arc::new(Document::with_options(text, version, options));
        self.lock().insert(uri.to_owned(), document);
    }

    /// Gives every open document the options `options_for` says for its URI. Returns the URIs whose options
    /// changed: their analyses are gone, so their diagnostics are to be published again.
    pub fn set_options(&self, options_for: impl Fn(&str) -> Arc<AnalysisOptions>) -> Vec<String> {
        let mut documents = self.lock();
        let mut changed = Vec::new();
        for (uri, document) in documents.iter_mut() {
            let options = options_for(uri);
            if **document.options() != *options {
                Arc::make_mut(document).set_options(options);
                changed.push(uri.clone());
            }
        }
        changed
    }

    /// Closes a document. Returns whether it was open.
    pub fn close(&self, uri: &str) -> bool {
        self.lock().remove(uri).is_some()
    }

    /// The current snapshot of a document.
    pub fn get(&self, uri: &str) -> Option<Arc<Document>> {
        self.lock().get(uri).cloned()
    }

    /// The current version of a document, if it is open.
    pub fn version(&self, uri: &str) -> Option<i32> {
        self.lock().get(uri).map(|d| d.version())
    }

    /// Whether `snapshot` is still the current text and version of `uri`. A snapshot held while the document was
    /// edited is never current: the edit had to copy the document (see [`DocumentStore::update`]).
    pub fn is_current(&self, uri: &str, snapshot: &Arc<Document>) -> bool {
        self.lock().get(uri).is_some_and(|current| Arc::ptr_eq(current, snapshot))
    }

    /// Edits a document in place (copy-on-write: snapshots held elsewhere keep their text). Returns `None` when the
    /// document is not open.
    pub fn update<R>(&self, uri: &str, edit: impl FnOnce(&mut Document) -> R) -> Option<R> {
        let mut documents = self.lock();
        let document = documents.get_mut(uri)?;
        Some(edit(Arc::make_mut(document)))
    }

    /// Every open document's URI.
    pub fn uris(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use podls_engine::text::TextRange;

    use super::DocumentStore;

    #[test]
    fn the_store_is_copy_on_write() {
        let store = DocumentStore::new();
        store.open("file:///a.yaml", "a: 1\n", 1, Default::default());
        let snapshot = store.get("file:///a.yaml").unwrap();
        store.update("file:///a.yaml", |doc| {
            doc.replace(TextRange::new(3, 4), "2");
            doc.set_version(2);
        });
        assert_eq!(snapshot.text(), "a: 1\n");
        assert_eq!(store.get("file:///a.yaml").unwrap().text(), "a: 2\n");
        assert_eq!(store.version("file:///a.yaml"), Some(2));
        assert!(store.update("file:///missing.yaml", |_| ()).is_none());
        assert!(store.close("file:///a.yaml"));
        assert!(!store.close("file:///a.yaml"));
    }
}
