//! Open files: the text of each one, kept as its `---` documents, and each document's cached analysis.
//!
//! A file's text is a sequence of [`Part`]s, one per YAML document, each holding its own text, line index and
//! (lazily computed, then cached) [`DocumentAnalysis`]. That is a rope whose chunks are the documents: an edit
//! rewrites only the documents it touches and their two neighbours (which an added or removed `---` line may merge
//! or split), re-splits that window, and keeps every other `Part` — with its analysis — as it was. The cost of a
//! keystroke is the size of the edited document plus a scan of one integer per document, whatever the file's size.
//!
//! The per-document layout is also what the engine wants: `analyze_document` takes one document's `&str`, so the
//! text it needs is already there and never re-collected from the whole file.
//!
//! Architecture Invariant: no LSP types here. Positions are byte offsets or [`LineCol`]s in a [`ColumnUnit`]; the
//! protocol layer (`lsp::convert`) maps them to and from the wire.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::ide::analysis::{AnalysisOptions, DocumentAnalysis, analyze_document_with};
use crate::syntax::split_documents;
use crate::text::{ColumnUnit, LineCol, LineIndex, TextRange, floor_char_boundary};

/// One `---` document of a file. Immutable: an edit makes a new `Part`, so a cached analysis is never stale.
#[derive(Debug)]
pub struct Part {
    /// The document's text, its `---` line included.
    text: Box<str>,
    /// Line starts of `text`, with document-local offsets.
    line_index: LineIndex,
    /// What the analysis is made with: the file's options, shared by its parts.
    options: Arc<AnalysisOptions>,
    /// The analysis of `text`, computed on first use.
    analysis: OnceLock<Arc<DocumentAnalysis>>,
}

impl Part {
    fn new(text: &str, options: &Arc<AnalysisOptions>) -> Arc<Part> {
        Arc::new(Part {
            text: text.into(),
            line_index: LineIndex::new(text),
            options: Arc::clone(options),
            analysis: OnceLock::new(),
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    /// The document's analysis, with document-local offsets. Computed by the first caller; later callers (and later
    /// versions of the file that did not touch this document) share it.
    pub fn analysis(&self) -> &Arc<DocumentAnalysis> {
        self.analysis.get_or_init(|| Arc::new(analyze_document_with(&self.text, &self.options)))
    }

    /// Whether [`Part::analysis`] has already been computed.
    pub fn is_analyzed(&self) -> bool {
        self.analysis.get().is_some()
    }

    /// Line breaks in the text: the number of lines the next document starts after.
    fn line_breaks(&self) -> u32 {
        (self.line_index.line_count() - 1) as u32
    }
}

/// A [`Part`] together with where it stands in its file.
#[derive(Clone, Copy, Debug)]
pub struct PartRef<'a> {
    /// The index of the document in the file.
    pub index: usize,
    /// Byte offset of the document's first byte in the file.
    pub start: usize,
    /// Zero-based line of the document's first line in the file.
    pub first_line: u32,
    /// Shared, so that a cache of what was computed from a document can hold it and tell it apart from a new one.
    pub part: &'a Arc<Part>,
}

impl PartRef<'_> {
    /// The document's range in the file.
    pub fn range(&self) -> TextRange {
        TextRange::new(self.start, self.start + self.part.text.len())
    }

    /// File line and column of a document-local byte offset. Lines never cross documents, so only the line moves.
    pub fn line_col(&self, local_offset: usize, unit: ColumnUnit) -> LineCol {
        let local = self.part.line_index.line_col(&self.part.text, local_offset, unit);
        LineCol { line: local.line + self.first_line, col: local.col }
    }
}

/// An open file: its version and its text as `---` documents.
///
/// `Clone` is cheap (one `Arc` per document), which is what snapshots and copy-on-write updates rely on.
#[derive(Clone, Debug)]
pub struct Document {
    version: i32,
    parts: Vec<Arc<Part>>,
    /// `starts[k]` is the byte offset of `parts[k]` in the file.
    starts: Vec<usize>,
    /// `first_lines[k]` is the zero-based line `parts[k]` starts on.
    first_lines: Vec<u32>,
    len: usize,
    options: Arc<AnalysisOptions>,
}

impl Document {
    /// A file analysed with the default options.
    pub fn new(text: &str, version: i32) -> Document {
        Document::with_options(text, version, Arc::default())
    }

    pub fn with_options(text: &str, version: i32, options: Arc<AnalysisOptions>) -> Document {
        let mut doc =
            Document { version, parts: Vec::new(), starts: Vec::new(), first_lines: Vec::new(), len: 0, options };
        doc.replace_all(text);
        doc
    }

    pub fn options(&self) -> &Arc<AnalysisOptions> {
        &self.options
    }

    /// Analyses the file with new options from now on. Returns whether they differ, in which case no cached analysis
    /// is kept.
    pub fn set_options(&mut self, options: Arc<AnalysisOptions>) -> bool {
        if *self.options == *options {
            return false;
        }
        self.options = options;
        for part in &mut self.parts {
            *part = Part::new(&part.text, &self.options);
        }
        true
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn set_version(&mut self, version: i32) {
        self.version = version;
    }

    /// Length of the text in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The number of `---` documents (at least one).
    pub fn part_count(&self) -> usize {
        self.parts.len()
    }

    pub fn part(&self, index: usize) -> Option<PartRef<'_>> {
        Some(PartRef {
            index,
            start: *self.starts.get(index)?,
            first_line: *self.first_lines.get(index)?,
            part: self.parts.get(index)?,
        })
    }

    /// The documents of the file in order.
    pub fn parts(&self) -> impl ExactSizeIterator<Item = PartRef<'_>> + '_ {
        self.parts
            .iter()
            .zip(&self.starts)
            .zip(&self.first_lines)
            .enumerate()
            .map(|(index, ((part, &start), &first_line))| PartRef { index, start, first_line, part })
    }

    /// The document that holds byte `offset` (an offset on a boundary belongs to the document it starts).
    pub fn part_at(&self, offset: usize) -> PartRef<'_> {
        let index = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        self.part(index).expect("a document always has a part")
    }

    /// The document that holds zero-based `line`; a line past the end belongs to the last document.
    pub fn part_at_line(&self, line: u32) -> PartRef<'_> {
        let index = self.first_lines.partition_point(|&l| l <= line).saturating_sub(1);
        self.part(index).expect("a document always has a part")
    }

    /// Computes the analysis of every document not analysed yet, on all cores when there are many (a file just
    /// opened); a keystroke leaves one document to analyse, which the calling thread does alone.
    pub fn analyze_all(&self) {
        use rayon::prelude::*;
        let pending: Vec<&Part> = self.parts.iter().map(|p| &**p).filter(|p| !p.is_analyzed()).collect();
        // A keystroke leaves one document to analyse: not worth handing to the pool.
        if pending.len() < 2 {
            for part in pending {
                part.analysis();
            }
        } else {
            pending.par_iter().with_min_len(16).for_each(|part| {
                part.analysis();
            });
        }
    }

    /// The whole text. Costs the file's size: for tests and for the rare consumer that needs one string.
    pub fn text(&self) -> String {
        let mut text = String::with_capacity(self.len);
        for part in &self.parts {
            text.push_str(&part.text);
        }
        text
    }

    /// Line and column of a byte offset. Never fails: offsets past the end or inside a character move back.
    pub fn line_col(&self, offset: usize, unit: ColumnUnit) -> LineCol {
        let part = self.part_at(offset.min(self.len));
        part.line_col(offset.min(self.len) - part.start, unit)
    }

    /// The byte offset of a line and column. Never fails: a line past the end gives the end of the text, a column
    /// past the end of its line gives the end of the line, a column inside a character rounds down to its start.
    pub fn offset(&self, pos: LineCol, unit: ColumnUnit) -> usize {
        let part = self.part_at_line(pos.line);
        let local = LineCol { line: pos.line - part.first_line, col: pos.col };
        part.start + part.part.line_index.offset(&part.part.text, local, unit)
    }

    /// Replaces the whole text, keeping the analysis of every document whose text is unchanged.
    pub fn replace_all(&mut self, text: &str) {
        let mut old: HashMap<&str, &Arc<Part>> = HashMap::with_capacity(self.parts.len());
        for part in &self.parts {
            old.insert(&part.text, part);
        }
        let mut parts = Vec::new();
        let mut starts = Vec::new();
        let mut first_lines = Vec::new();
        let mut line = 0u32;
        for range in split_documents(text) {
            let Some(piece) = text.get(range.as_range()) else {
                continue;
            };
            let part = old.get(piece).map_or_else(|| Part::new(piece, &self.options), |p| Arc::clone(p));
            starts.push(range.start);
            first_lines.push(line);
            line += part.line_breaks();
            parts.push(part);
        }
        self.parts = parts;
        self.starts = starts;
        self.first_lines = first_lines;
        self.len = text.len();
    }

    /// Replaces the bytes of `range` with `text`. The range is clamped to the text and to character boundaries.
    ///
    /// Only the documents the range touches and their neighbours are rebuilt; the documents after them move.
    pub fn replace(&mut self, range: TextRange, text: &str) {
        let start = self.floor_boundary(range.start.min(self.len));
        let end = self.floor_boundary(range.end.clamp(start, self.len));
        let first = self.part_at(start).index;
        let last = self.part_at(end).index;
        // A neighbour joins the window because the edit may remove the `---` line that separates it, or the line
        // break before the next `---`.
        let w0 = first.saturating_sub(1);
        let w1 = (last + 1).min(self.parts.len() - 1);
        let window_start = self.starts.get(w0).copied().unwrap_or(0);
        let old = self.parts.get(w0..=w1).unwrap_or_default();
        let old_len: usize = old.iter().map(|p| p.text.len()).sum();
        let old_breaks: u32 = old.iter().map(|p| p.line_breaks()).sum();

        let mut window = String::with_capacity(old_len - (end - start) + text.len());
        for part in old {
            window.push_str(&part.text);
        }
        window.replace_range(start - window_start..end - window_start, text);

        // Splitting the window alone agrees with splitting the file: documents start at line starts, and the window
        // starts and ends on document boundaries. An emptied window leaves no document, unless it was the whole file.
        let whole_file = w0 == 0 && w1 == self.parts.len() - 1;
        let pieces: Vec<(TextRange, &str)> = split_documents(&window)
            .into_iter()
            .filter(|r| !r.is_empty() || (whole_file && window.is_empty()))
            .filter_map(|r| Some((r, window.get(r.as_range())?)))
            .collect();

        // Keep the unchanged documents of the window (and their analyses): a common prefix and suffix.
        let prefix = pieces.iter().zip(old).take_while(|((_, piece), p)| *piece == p.text()).count();
        let suffix = pieces
            .iter()
            .skip(prefix)
            .rev()
            .zip(old.iter().skip(prefix).rev())
            .take_while(|((_, piece), p)| *piece == p.text())
            .count();
        let mut new_parts = Vec::with_capacity(pieces.len());
        new_parts.extend(old.iter().take(prefix).cloned());
        new_parts.extend(
            pieces.iter().skip(prefix).take(pieces.len() - prefix - suffix).map(|(_, t)| Part::new(t, &self.options)),
        );
        new_parts.extend(old.iter().skip(old.len() - suffix).cloned());

        let mut new_starts = Vec::with_capacity(pieces.len());
        let mut new_lines = Vec::with_capacity(pieces.len());
        let window_first_line = self.first_lines.get(w0).copied().unwrap_or(0);
        let mut line = window_first_line;
        for ((range, _), part) in pieces.iter().zip(&new_parts) {
            new_starts.push(window_start + range.start);
            new_lines.push(line);
            line += part.line_breaks();
        }
        let new_breaks = line - window_first_line;

        // Everything after the window moves by the same amount: the one pass over the file an edit costs.
        let new_len = window.len();
        for s in self.starts.iter_mut().skip(w1 + 1) {
            *s = *s + new_len - old_len;
        }
        for l in self.first_lines.iter_mut().skip(w1 + 1) {
            *l = *l + new_breaks - old_breaks;
        }
        self.parts.splice(w0..=w1, new_parts);
        self.starts.splice(w0..=w1, new_starts);
        self.first_lines.splice(w0..=w1, new_lines);
        self.len = self.len + new_len - old_len;
    }

    fn floor_boundary(&self, offset: usize) -> usize {
        let part = self.part_at(offset);
        part.start + floor_char_boundary(&part.part.text, offset - part.start)
    }
}

#[cfg(test)]
mod tests;
