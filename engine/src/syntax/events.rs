//! libyaml's event stream over one string, as owned values.
//!
//! kubectl reads YAML with go-yaml, a line-by-line port of libyaml; `unsafe-libyaml` is libyaml itself, translated to
//! Rust, so it accepts and rejects exactly what libyaml does (continuation lines of quoted scalars at any
//! indentation, a flow collection closed at its key's column, control characters refused, and so on). Its API is
//! libyaml's C API; this module is the only place that touches it, and hands the rest of the crate safe, owned
//! events. Marks are byte offsets into the text.
#![allow(unsafe_code)]

use std::ffi::CStr;
use std::marker::PhantomData;
use std::mem::MaybeUninit;

/// One parser event and the bytes of the text it covers.
#[derive(Debug, PartialEq)]
pub struct Event {
    pub kind: EventKind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, PartialEq)]
pub enum EventKind {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias { anchor: String },
    Scalar { anchor: Option<String>, tag: Option<String>, value: String, style: Style },
    SequenceStart { anchor: Option<String>, flow: bool },
    SequenceEnd,
    MappingStart { anchor: Option<String>, flow: bool },
    MappingEnd,
}

/// How a scalar is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// Why libyaml stopped, in its own words, and where.
#[derive(Debug, PartialEq)]
pub struct Error {
    pub problem: String,
    /// What libyaml was reading (`while scanning a quoted scalar`).
    pub context: Option<String>,
    pub offset: usize,
}

/// The events of `text`, in order; the stream ends after the stream end event or the first error.
pub struct Events<'t> {
    /// Boxed because libyaml keeps a pointer to the parser inside it: it must never move.
    parser: Box<MaybeUninit<unsafe_libyaml::yaml_parser_t>>,
    finished: bool,
    /// The bytes of a byte order mark libyaml skipped: its marks do not count them, the text's offsets do.
    bias: usize,
    /// libyaml reads the text in place, so it must outlive the parser.
    text: PhantomData<&'t str>,
}

impl<'t> Events<'t> {
    pub fn new(text: &'t str) -> Self {
        let bias = if text.starts_with('\u{FEFF}') { '\u{FEFF}'.len_utf8() } else { 0 };
        let mut parser = Box::new(MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit());
        // SAFETY: `yaml_parser_initialize` zeroes the whole structure, then allocates its buffers (in this translation
        // it cannot fail: a failed allocation aborts), so it is always safe to delete. The input stays borrowed for
        // `'t`, as long as the parser lives.
        let initialized = unsafe {
            let ptr = parser.as_mut_ptr();
            let ok = unsafe_libyaml::yaml_parser_initialize(ptr).ok;
            if ok {
                unsafe_libyaml::yaml_parser_set_input_string(ptr, text.as_ptr(), text.len() as u64);
            }
            ok
        };
        Events { parser, finished: !initialized, bias, text: PhantomData }
    }

    /// The next event, or the error that ends the stream; `None` once it has ended.
    pub fn next_event(&mut self) -> Option<Result<Event, Error>> {
        if self.finished {
            return None;
        }
        let parser = self.parser.as_mut_ptr();
        let mut raw = MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised in `new` and has not failed yet (libyaml must not be called again after
        // an error, so `finished` is set on the first one). On success the event is initialised; it is converted to
        // owned values and then freed exactly once.
        unsafe {
            if unsafe_libyaml::yaml_parser_parse(parser, raw.as_mut_ptr()).fail {
                self.finished = true;
                return Some(Err(parser_error(&*parser, self.bias)));
            }
            let raw = raw.as_mut_ptr();
            let mut event = convert(&*raw);
            unsafe_libyaml::yaml_event_delete(raw);
            event.start = event.start.saturating_add(self.bias);
            event.end = event.end.saturating_add(self.bias);
            if event.kind == EventKind::StreamEnd {
                self.finished = true;
            }
            Some(Ok(event))
        }
    }
}

impl Drop for Events<'_> {
    fn drop(&mut self) {
        // SAFETY: the parser was initialised (or zeroed) in `new` and is deleted once, here.
        unsafe { unsafe_libyaml::yaml_parser_delete(self.parser.as_mut_ptr()) }
    }
}

fn offset(mark: unsafe_libyaml::yaml_mark_t) -> usize {
    usize::try_from(mark.index).unwrap_or(usize::MAX)
}

/// SAFETY: `raw` must be an event libyaml has just produced and not yet freed.
unsafe fn convert(raw: &unsafe_libyaml::yaml_event_t) -> Event {
    // SAFETY (for every union read below): the field read is the one `type_` says is set.
    let kind = unsafe {
        match raw.type_ {
            unsafe_libyaml::YAML_STREAM_START_EVENT => EventKind::StreamStart,
            unsafe_libyaml::YAML_STREAM_END_EVENT => EventKind::StreamEnd,
            unsafe_libyaml::YAML_DOCUMENT_START_EVENT => EventKind::DocumentStart,
            unsafe_libyaml::YAML_DOCUMENT_END_EVENT => EventKind::DocumentEnd,
            unsafe_libyaml::YAML_ALIAS_EVENT => {
                EventKind::Alias { anchor: c_string(raw.data.alias.anchor).unwrap_or_default() }
            }
            unsafe_libyaml::YAML_SCALAR_EVENT => {
                let scalar = raw.data.scalar;
                let length = usize::try_from(scalar.length).unwrap_or(0);
                let bytes = if scalar.value.is_null() || length == 0 {
                    &[][..]
                } else {
                    std::slice::from_raw_parts(scalar.value, length)
                };
                let style = match scalar.style {
                    unsafe_libyaml::YAML_SINGLE_QUOTED_SCALAR_STYLE => Style::SingleQuoted,
                    unsafe_libyaml::YAML_DOUBLE_QUOTED_SCALAR_STYLE => Style::DoubleQuoted,
                    unsafe_libyaml::YAML_LITERAL_SCALAR_STYLE => Style::Literal,
                    unsafe_libyaml::YAML_FOLDED_SCALAR_STYLE => Style::Folded,
                    _ => Style::Plain,
                };
                EventKind::Scalar {
                    anchor: c_string(scalar.anchor),
                    tag: c_string(scalar.tag),
                    // libyaml hands back the UTF-8 it read (escapes are encoded as UTF-8 too); the lossy path is
                    // a guard that never runs, and the plain check is faster on the usual ASCII.
                    value: std::str::from_utf8(bytes)
                        .map_or_else(|_| String::from_utf8_lossy(bytes).into_owned(), str::to_owned),
                    style,
                }
            }
            unsafe_libyaml::YAML_SEQUENCE_START_EVENT => {
                let sequence = raw.data.sequence_start;
                EventKind::SequenceStart {
                    anchor: c_string(sequence.anchor),
                    flow: sequence.style == unsafe_libyaml::YAML_FLOW_SEQUENCE_STYLE,
                }
            }
            unsafe_libyaml::YAML_SEQUENCE_END_EVENT => EventKind::SequenceEnd,
            unsafe_libyaml::YAML_MAPPING_START_EVENT => {
                let mapping = raw.data.mapping_start;
                EventKind::MappingStart {
                    anchor: c_string(mapping.anchor),
                    flow: mapping.style == unsafe_libyaml::YAML_FLOW_MAPPING_STYLE,
                }
            }
            unsafe_libyaml::YAML_MAPPING_END_EVENT => EventKind::MappingEnd,
            // libyaml produces no other event from a successful parse; reading on would be wrong, so end the stream.
            _ => EventKind::StreamEnd,
        }
    };
    Event { kind, start: offset(raw.start_mark), end: offset(raw.end_mark) }
}

/// SAFETY: `ptr` is null or a NUL-terminated string libyaml owns.
unsafe fn c_string(ptr: *const u8) -> Option<String> {
    if ptr.is_null() {
        return None;
    }
    // SAFETY: as the caller promises.
    Some(unsafe { CStr::from_ptr(ptr.cast()) }.to_string_lossy().into_owned())
}

/// SAFETY: `parser` must be initialised and have just failed.
unsafe fn parser_error(parser: &unsafe_libyaml::yaml_parser_t, bias: usize) -> Error {
    // SAFETY: libyaml's problem and context are null or static NUL-terminated strings.
    let (problem, context) = unsafe { (c_string(parser.problem.cast()), c_string(parser.context.cast())) };
    // A reader error (an invalid character) has no mark, only the offset of the byte at fault, which counts a byte
    // order mark as the text does.
    let offset = if parser.error == unsafe_libyaml::YAML_READER_ERROR {
        usize::try_from(parser.problem_offset).unwrap_or(usize::MAX)
    } else {
        offset(parser.problem_mark).saturating_add(bias)
    };
    Error { problem: problem.unwrap_or_else(|| "the YAML cannot be read".to_owned()), context, offset }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Result<EventKind, String>> {
        let mut events = Events::new(text);
        std::iter::from_fn(|| events.next_event())
            .map(|e| e.map(|e| e.kind).map_err(|e| format!("{} at {}", e.problem, e.offset)))
            .collect()
    }

    #[test]
    fn events_carry_byte_offsets() {
        let mut events = Events::new("é: 'x\ny'\n");
        let all: Vec<Event> = std::iter::from_fn(|| events.next_event()).map(Result::unwrap).collect();
        let scalars: Vec<(usize, usize)> =
            all.iter().filter(|e| matches!(e.kind, EventKind::Scalar { .. })).map(|e| (e.start, e.end)).collect();
        assert_eq!(scalars, vec![(0, 2), (4, 9)]);
    }

    #[test]
    fn offsets_count_a_byte_order_mark() {
        let mut events = Events::new("\u{FEFF}a: b");
        let all: Vec<Event> = std::iter::from_fn(|| events.next_event()).map(Result::unwrap).collect();
        let first = all.iter().find(|e| matches!(e.kind, EventKind::Scalar { .. })).map(|e| (e.start, e.end));
        assert_eq!(first, Some((3, 4)));
    }

    #[test]
    fn the_stream_ends_at_the_first_error() {
        let all = kinds("a: [b\n");
        assert_eq!(all.len(), 7, "{all:?}");
        assert!(all.last().is_some_and(Result::is_err), "{all:?}");
    }
}
