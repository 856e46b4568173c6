//! Page furniture as printed: page numbers. Layout drops them at a page's
//! edges and the document stage skips them between a table's parts, and
//! both must agree on what one is, or a number one of them keeps is read
//! by the other as a row.

use std::sync::LazyLock;

use regex::Regex;

use super::pattern;

/// Page numbers as printed: `5`, `- 5 -`, `— 5 —`, `— 1 0 —`, `5页`,
/// `第5页`, `第 5 页 共 20 页`, `第5页，共20页`, `5/20`, `5 / 共20页`,
/// `Page 5`: dashes around an optional `第` or `Page`, up to four digits
/// (glyphs drawn apart may leave a space between them), an optional `页`,
/// and an optional total after a slash or `共`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)^[-—–－―\s]*(?:page\s*|第\s*)?\d(?:\s?\d){0,3}\s*页?(?:(?:\s*[/／]\s*共?|\s*[,，]?\s*共)\s*\d{1,4}\s*页?)?[-—–－―\s]*$",
    )
});

/// Whether `text`, leading and trailing whitespace aside, is a page number.
pub fn is_page_number(text: &str) -> bool {
    PAGE_NUMBER.is_match(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_number_forms() {
        for t in [
            "5",
            " 12 ",
            "— 5 —",
            "- 12 -",
            "－3－",
            "— 1 0 —",
            "5页",
            "第5",
            "第5页",
            "第 5 页 共 20 页",
            "第5页，共20页",
            "5/20",
            "5／20",
            "5 / 共20页",
            "第5页/20页",
            "Page 5",
            "page 5/20",
        ] {
            assert!(is_page_number(t), "{t}");
        }
    }

    #[test]
    fn values_years_and_headings_are_not_page_numbers() {
        for t in [
            "",
            " ",
            "2023年度",
            "5.00",
            "12345",
            "1,234",
            "一、",
            "合计",
            "第一部分",
            "5/20/30",
            "共20页",
        ] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
