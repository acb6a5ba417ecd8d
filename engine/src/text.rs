//! Byte ranges into a document's text, and the line index that turns them into lines and columns.
//!
//! Architecture Invariant: no LSP types here. Columns are offered in every unit a caller may need
//! (UTF-8 bytes, UTF-16 code units, Unicode scalar values); the protocol layer picks one.

use std::ops::Range;

/// A half-open byte range `[start, end)` into a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    /// A range from `start` to `end`; an `end` before `start` gives the empty range at `start`, in every build, since
    /// ranges are computed from the user's text and a wrong one must cost an underline, not the process.
    pub fn new(start: usize, end: usize) -> Self {
        TextRange { start, end: end.max(start) }
    }

    pub fn empty(at: usize) -> Self {
        TextRange { start: at, end: at }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `offset` lies inside the range, its end included (a cursor right after a word is "on" it).
    pub fn touches(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The same range moved `by` bytes later in a larger text.
    pub fn shift(self, by: usize) -> TextRange {
        TextRange::new(self.start + by, self.end + by)
    }

    pub fn as_range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// Which unit a column counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColumnUnit {
    Utf8,
    Utf16,
    /// Unicode scalar values (`char`s).
    Utf32,
}

/// One replacement of a range of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub text: String,
}

/// A zero-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Line starts of a text, for offset ⇄ line/column conversions.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`, as YAML defines them. Each line also records whether it is ASCII:
/// there a column is a byte count in every unit, so converting costs nothing, also on a minified one-line document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// `ascii[k]`: line `k` has only ASCII characters.
    ascii: Vec<bool>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        // Manifests average about 30 bytes a line; reserving that much saves most of the regrowth.
        let mut line_starts = Vec::with_capacity(bytes.len() / 32 + 1);
        let mut ascii = Vec::with_capacity(bytes.len() / 32 + 1);
        line_starts.push(0);
        let mut start = 0;
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // The `\n` of a `\r\n` was counted with its `\r`.
            if at < start {
                continue;
            }
            ascii.push(bytes.get(start..at).unwrap_or_default().is_ascii());
            let crlf = bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) == Some(&b'\n');
            start = at + if crlf { 2 } else { 1 };
            line_starts.push(start);
        }
        ascii.push(bytes.get(start..).unwrap_or_default().is_ascii());
        LineIndex { line_starts, ascii, len: text.len() }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte range of line `line` without its line break; `None` past the last line.
    pub fn line_range(&self, text: &str, line: usize) -> Option<TextRange> {
        let start = *self.line_starts.get(line)?;
        let mut end = self.line_starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        Some(TextRange::new(start, end))
    }

    /// The zero-based line that holds `offset` (an offset past the end is on the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset.min(self.len)) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// Line and column of a byte offset. An offset past the end or inside a character is moved back to a boundary.
    pub fn line_col(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_starts.get(line).copied().unwrap_or(0).min(offset);
        let col = if self.is_ascii(line) {
            offset - start
        } else {
            let prefix = text.get(start..offset).unwrap_or_default();
            match unit {
                ColumnUnit::Utf8 => prefix.len(),
                ColumnUnit::Utf16 => prefix.chars().map(char::len_utf16).sum(),
                ColumnUnit::Utf32 => prefix.chars().count(),
            }
        };
        LineCol { line: line as u32, col: col as u32 }
    }

    /// The byte offset of a line and column. Never fails: a line past the end gives the end of the text, a column past
    /// the end of its line gives the end of the line, and a column inside a character rounds down to its start.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> usize {
        let Some(line) = self.line_range(text, pos.line as usize) else {
            return text.len();
        };
        let want = pos.col as usize;
        if self.is_ascii(pos.line as usize) {
            return line.start + want.min(line.len());
        }
        let line_text = text.get(line.as_range()).unwrap_or_default();
        let mut seen = 0usize;
        for (i, ch) in line_text.char_indices() {
            let width = match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Utf32 => 1,
            };
            if seen + width > want {
                return line.start + i;
            }
            seen += width;
        }
        line.end
    }

    fn is_ascii(&self, line: usize) -> bool {
        self.ascii.get(line).copied().unwrap_or(false)
    }
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reversed_range_is_empty_at_its_start() {
        assert_eq!(TextRange::new(5, 2), TextRange::empty(5));
    }

    #[test]
    fn line_breaks_of_every_kind() {
        let text = "a\nbc\r\nd\re";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_range(text, 1), Some(TextRange::new(2, 4)));
        assert_eq!(index.line_col(text, 7, ColumnUnit::Utf8), LineCol { line: 2, col: 1 });
        assert_eq!(index.offset(text, LineCol { line: 3, col: 0 }, ColumnUnit::Utf8), 8);
    }

    #[test]
    fn runs_of_breaks_each_end_one_line() {
        // `\r\n` is one break; `\n\r` and `\r\r\n` are two; a break at the end starts an empty last line.
        for (text, starts) in
            [("", &[0][..]), ("\r\n", &[0, 2]), ("\n\r", &[0, 1, 2]), ("a\r\r\nb", &[0, 2, 4]), ("é\n\n", &[0, 3, 4])]
        {
            let index = LineIndex::new(text);
            assert_eq!(index.line_starts, starts, "{text:?}");
            assert_eq!(index.ascii.len(), starts.len(), "{text:?}");
        }
        assert_eq!(LineIndex::new("é\nx").ascii, [false, true]);
    }

    #[test]
    fn ascii_and_wide_lines_in_one_text() {
        let text = "abc\r\nk: é😀z\rxy";
        let index = LineIndex::new(text);
        let z = text.find('z').unwrap();
        assert_eq!(index.line_col(text, z, ColumnUnit::Utf16), LineCol { line: 1, col: 6 });
        assert_eq!(index.line_col(text, z, ColumnUnit::Utf8), LineCol { line: 1, col: 9 });
        assert_eq!(index.line_col(text, text.len(), ColumnUnit::Utf16), LineCol { line: 2, col: 2 });
        assert_eq!(index.offset(text, LineCol { line: 0, col: 9 }, ColumnUnit::Utf16), 3);
        assert_eq!(index.offset(text, LineCol { line: 1, col: 6 }, ColumnUnit::Utf16), z);
        assert_eq!(index.offset(text, LineCol { line: 2, col: 1 }, ColumnUnit::Utf32), text.len() - 1);
    }

    #[test]
    fn utf16_columns_and_clamping() {
        let text = "k: 서울😀x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.line_col(text, x, ColumnUnit::Utf16), LineCol { line: 0, col: 7 });
        assert_eq!(index.line_col(text, x, ColumnUnit::Utf32), LineCol { line: 0, col: 6 });
        // Column 6 falls inside the surrogate pair of the emoji: it rounds down to the emoji's start.
        let emoji = text.find('😀').unwrap();
        assert_eq!(index.offset(text, LineCol { line: 0, col: 6 }, ColumnUnit::Utf16), emoji);
        assert_eq!(index.offset(text, LineCol { line: 0, col: 99 }, ColumnUnit::Utf16), x + 1);
        assert_eq!(index.offset(text, LineCol { line: 9, col: 0 }, ColumnUnit::Utf16), text.len());
    }
}
