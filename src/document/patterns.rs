//! The document stage's own printed forms: part and section headings and
//! the entries of a table of contents. The forms every stage shares
//! (labels, titles, unit lines, numbers, page numbers) are in
//! [`crate::text`].

use std::sync::LazyLock;

use regex::Regex;

use crate::text::pattern as re;

static PART: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(第[一二三四五六七八九十]+部分)[\s:：、.．]*(.*)$"));

static SECTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"^([一二三四五六七八九十]+)[、.．]\s*(.+)$"));

/// Dot leaders and a page number that a table of contents puts after a title.
static LEADER: LazyLock<Regex> = LazyLock::new(|| re(r"(?:[.．…·・\-_]{2,}|\t|\s{2,})\s*\d+\s*$"));

/// A part heading: (第一部分, title).
pub fn part_heading(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    let c = PART.captures(t)?;
    Some((c[1].to_string(), c[2].trim().to_string()))
}

/// A numbered section heading: (一, title).
pub fn section_heading(text: &str) -> Option<(String, String)> {
    let c = SECTION.captures(text.trim())?;
    Some((c[1].to_string(), c[2].trim().to_string()))
}

/// A table-of-contents entry without its dot leaders and page number.
pub fn strip_leader(text: &str) -> String {
    LEADER.replace(text.trim_end(), "").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_contents_entries() {
        assert_eq!(
            part_heading("第二部分 2023年度部门决算表"),
            Some(("第二部分".into(), "2023年度部门决算表".into()))
        );
        assert_eq!(
            section_heading("三、收入决算情况说明"),
            Some(("三".into(), "收入决算情况说明".into()))
        );
        assert_eq!(section_heading("三公经费"), None);
        assert_eq!(strip_leader("一、部门职责……………… 3"), "一、部门职责");
    }
}
