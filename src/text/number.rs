//! Numbers as the reports print them.

/// A number as printed, thousand separators removed: `1,234.50` → `1234.50`,
/// `(3.00)` → `-3.00`. Blank, `—` and `-` are not numbers.
pub fn number(text: &str) -> Option<String> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '，')
        .map(|c| match c {
            '−' | '－' => '-',
            c => c,
        })
        .collect();
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => match t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            Some(inner) => (true, inner.to_string()),
            None => (false, t.clone()),
        },
    };
    let mut parts = body.splitn(2, '.');
    let int = parts.next()?;
    let frac = parts.next();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    Some(if neg { format!("-{body}") } else { body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_printed() {
        assert_eq!(number("1,234.50").as_deref(), Some("1234.50"));
        assert_eq!(number("-3.00").as_deref(), Some("-3.00"));
        assert_eq!(number("(3.00)").as_deref(), Some("-3.00"));
        for text in ["", "—", "-", "100%", "2080505机关"] {
            assert_eq!(number(text), None, "{text}");
        }
    }
}
