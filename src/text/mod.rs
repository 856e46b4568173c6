//! The printed vocabulary every stage shares: how characters are folded,
//! how numbers, labels, titles, notes, unit and year lines and page
//! numbers are written. It sits below the pipeline so that the PDF
//! reader, the text decoder, layout, document, normalize, validate and
//! the catalogue recognise each form with the same code, and no stage has
//! to reach into a later one for it.

pub mod fold;
pub mod furniture;
pub mod label;
pub mod meta;
pub mod number;

use regex::Regex;

pub use fold::fold;
pub use furniture::is_page_number;
pub use label::{is_note, is_title, split_label, strip_continued, strip_qualifier};
pub use meta::{meta, year_in, year_line, Meta};
pub use number::number;

/// `text` with every whitespace character removed: the form in which
/// printed labels, titles and headers are compared.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A built-in pattern; they are tested, so a failure is a bug in the
/// pattern text, not in any input.
pub(crate) fn pattern(source: &str) -> Regex {
    Regex::new(source).expect("valid built-in pattern")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_removes_every_kind_of_whitespace() {
        assert_eq!(squash(" 公开 01\t表\u{3000}"), "公开01表");
    }
}
