//! Fault injection, for the tests of the panic boundaries.
//!
//! Built with the `fault-injection` feature (the end-to-end tests turn it on; no build users get has it), a document
//! that holds one of these markers, in a comment say, panics at the place the marker names. Without the feature,
//! [`inject`] does nothing and costs nothing.

/// Panics while the document is read as YAML.
pub const IN_PARSE: &str = "podls-fault: panic-in-parse";
/// Panics while the document is checked (schema, rules, lint).
pub const IN_CHECKS: &str = "podls-fault: panic-in-checks";
/// Panics while a language-server request on the file is answered.
pub const IN_REQUEST: &str = "podls-fault: panic-in-request";
/// Makes a language-server request on the file take a minute, so that a test can cancel it or overtake it.
pub const SLOW_REQUEST: &str = "podls-fault: slow-request";

/// Panics when `text` holds `marker` and fault injection is built in.
#[inline]
pub fn inject(text: &str, marker: &str) {
    #[cfg(any(test, feature = "fault-injection"))]
    if text.contains(marker) {
        panic!("injected fault: {marker}");
    }
    #[cfg(not(any(test, feature = "fault-injection")))]
    let _ = (text, marker);
}

/// [`inject`] for a text made of pieces (a file's `---` documents); the pieces are not even looked at without the
/// feature.
#[inline]
pub fn inject_any<'a>(pieces: impl IntoIterator<Item = &'a str>, marker: &str) {
    #[cfg(any(test, feature = "fault-injection"))]
    for piece in pieces {
        inject(piece, marker);
    }
    #[cfg(not(any(test, feature = "fault-injection")))]
    let _ = (pieces, marker);
}

/// Sleeps for a minute when one of `pieces` holds [`SLOW_REQUEST`] and fault injection is built in.
#[inline]
pub fn delay_any<'a>(pieces: impl IntoIterator<Item = &'a str>) {
    #[cfg(any(test, feature = "fault-injection"))]
    if pieces.into_iter().any(|piece| piece.contains(SLOW_REQUEST)) {
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
    #[cfg(not(any(test, feature = "fault-injection")))]
    let _ = pieces;
}
