//! Page furniture: page numbers, running headers and footers. They are
//! dropped so that a table going on over a page break reads as one run of
//! rows, and so that a bare `5` is never taken for a value.

use std::sync::LazyLock;

use regex::Regex;

use super::{Block, Placed};

/// Page numbers as printed: `5`, `- 5 -`, `— 5 —`, `第5页`, `第 5 页 共 20 页`,
/// `5/20`, `Page 5`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[-—–－―\s]*(?:第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?|(?:page\s*)?\d(?:\s?\d){0,3}(?:\s*[/／]\s*\d{1,4})?)[-—–－―\s]*$",
    )
    .expect("valid built-in pattern")
});

/// The share of the page height at the top and the bottom where headers,
/// footers and page numbers live.
const MARGIN: f32 = 0.12;

pub fn is_page_number(text: &str) -> bool {
    PAGE_NUMBER.is_match(text.trim())
}

/// Drop page numbers: a text line that reads as one and is either in the
/// top or bottom margin band or the first or last thing on the page.
pub fn drop_furniture(blocks: &mut Vec<Placed>, height: f32) {
    let n = blocks.len();
    let mut k = 0;
    blocks.retain(|b| {
        let i = k;
        k += 1;
        let Block::Text(line, _) = &b.block else {
            return true;
        };
        let edge = i == 0 || i + 1 == n;
        let margin = b.rect.y1 < height * MARGIN || b.rect.y0 > height * (1.0 - MARGIN);
        !((edge || margin) && is_page_number(&line.text()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_number_forms() {
        for t in [
            "5",
            "— 5 —",
            "- 12 -",
            "— 1 0 —",
            "第5页",
            "第 5 页 共 20 页",
            "5/20",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2023年度", "5.00", "一、", "合计"] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
