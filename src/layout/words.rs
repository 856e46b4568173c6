//! Glyphs to text: runs of glyphs drawn one after another, text lines of
//! runs, and the text of a line or of a block of lines.
//!
//! Runs follow the content stream's drawing order, not the glyphs' x
//! order: producers that let word boxes overlap (a number drawn as
//! `174,900` and `.64` with overlapping boxes) still come out whole,
//! because each run keeps its own glyph order and runs are then laid out
//! left to right.

use crate::pdf::Glyph;

use super::LayoutSettings;

/// A box in page coordinates (points, y down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    pub fn of(g: &Glyph) -> Rect {
        Rect {
            x0: g.x0,
            y0: g.y0,
            x1: g.x1,
            y1: g.y1,
        }
    }

    pub fn union(self, o: Rect) -> Rect {
        Rect {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }

    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// How much of the shorter of two boxes' heights they share.
    pub fn v_overlap(&self, o: &Rect) -> f32 {
        let shared = self.y1.min(o.y1) - self.y0.max(o.y0);
        let least = self.height().min(o.height()).max(0.1);
        shared / least
    }
}

/// Glyphs drawn one after another along one baseline, without a gap.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub text: String,
    pub rect: Rect,
    /// The largest font size in the run.
    pub size: f32,
    /// Drawn after a space glyph: a space however narrow the gap.
    pub spaced: bool,
}

/// One text line: runs side by side, left to right.
#[derive(Clone, Debug, PartialEq)]
pub struct TextLine {
    pub runs: Vec<Run>,
    pub rect: Rect,
}

/// Lines looked back at when placing a run.
const LOOK_BACK: usize = 6;

/// Runs of the glyphs given in drawing order. Whitespace glyphs end a run
/// (their width is the only thing they say). The glyphs are taken as the
/// reader gives them: folded, and with fake-bold copies already removed
/// by [`crate::pdf`]'s one rule for them.
pub fn runs<'a>(glyphs: impl IntoIterator<Item = &'a Glyph>, s: &LayoutSettings) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut open = false;
    let mut spaced = false;
    let mut last: Option<&Glyph> = None;
    for g in glyphs {
        if g.text.trim().is_empty() {
            open = false;
            spaced = true;
            continue;
        }
        match out.last_mut() {
            Some(run) if open && last.is_some_and(|p| follows(p, g, s)) => {
                run.text.push_str(&g.text);
                run.rect = run.rect.union(Rect::of(g));
                run.size = run.size.max(g.size);
            }
            _ => out.push(Run {
                text: g.text.clone(),
                rect: Rect::of(g),
                size: g.size,
                spaced,
            }),
        }
        open = true;
        spaced = false;
        last = Some(g);
    }
    out
}

/// Whether `g` goes on the run that ended with `p`: to the right, close,
/// and on the same line. Drawn one after the other and touching, a small
/// vertical overlap is enough: a font whose boxes sit lower than the
/// CJK font's (digits in `2026年`, a colon after `单位`) is still on the
/// same line.
fn follows(p: &Glyph, g: &Glyph, s: &LayoutSettings) -> bool {
    let (a, b) = (Rect::of(p), Rect::of(g));
    let size = p.size.max(g.size).max(1.0);
    a.v_overlap(&b) > s.run_overlap && g.x0 > p.x0 && g.x0 - p.x1 < s.run_gap * size
}

/// Group runs into text lines: sort by top, sweep, a run joins the line it
/// overlaps vertically by more than
/// [`line_overlap`](LayoutSettings::line_overlap) of its height. Lines
/// come out top to bottom, each left to right.
pub fn text_lines(mut runs: Vec<Run>, s: &LayoutSettings) -> Vec<TextLine> {
    runs.sort_by(|a, b| a.rect.y0.total_cmp(&b.rect.y0));
    let mut lines: Vec<TextLine> = Vec::new();
    for run in runs {
        // Runs come top to bottom, so only the last few lines can still
        // take one: a bounded look-back keeps the sweep linear.
        let hit = lines
            .iter_mut()
            .rev()
            .take(LOOK_BACK)
            .find(|l| l.rect.v_overlap(&run.rect) > s.line_overlap);
        match hit {
            Some(line) => {
                line.rect = line.rect.union(run.rect);
                line.runs.push(run);
            }
            None => lines.push(TextLine {
                rect: run.rect,
                runs: vec![run],
            }),
        }
    }
    for line in &mut lines {
        line.runs.sort_by(|a, b| a.rect.x0.total_cmp(&b.rect.x0));
    }
    lines.sort_by(|a, b| a.rect.y0.total_cmp(&b.rect.y0));
    lines
}

/// The text of runs laid left to right: touching or overlapping runs are
/// joined as they are, a real gap becomes one space.
pub fn join_runs(runs: &[Run], s: &LayoutSettings) -> String {
    let mut text = String::new();
    let mut prev: Option<&Run> = None;
    for run in runs {
        if let Some(p) = prev {
            let gap = run.rect.x0 - p.rect.x1;
            if gap > s.space_gap * p.size.max(run.size) || run.spaced && gap > 0.0 {
                text.push(' ');
            }
        }
        text.push_str(&run.text);
        prev = Some(run);
    }
    text
}

/// The text of a block of lines (a table cell): lines joined without a
/// space where either side is CJK or punctuation (a wrapped name), with
/// one space between two Latin words.
pub fn join_lines(lines: &[TextLine], s: &LayoutSettings) -> String {
    let mut text = String::new();
    for line in lines {
        let t = join_runs(&line.runs, s);
        let spaced = matches!(
            (text.chars().last(), t.chars().next()),
            (Some(a), Some(b)) if a.is_ascii_alphabetic() && b.is_ascii_alphabetic()
        );
        if spaced {
            text.push(' ');
        }
        text.push_str(&t);
    }
    text
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const S: &LayoutSettings = &LayoutSettings::DEFAULT;

    /// Glyphs of `text` from (x, y), each `w` wide and 10 high, size 10.
    pub fn glyphs(text: &str, x: f32, y: f32, w: f32) -> Vec<Glyph> {
        sized_glyphs(text, x, y, w, 10.0)
    }

    /// Glyphs of `text` from (x, y), each `w` wide, `size` high and of
    /// that font size.
    pub fn sized_glyphs(text: &str, x: f32, y: f32, w: f32, size: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x0: x + i as f32 * w,
                y0: y,
                x1: x + (i + 1) as f32 * w,
                y1: y + size,
                size,
            })
            .collect()
    }

    /// `a` and `b` (size 10, 5 wide): `b` starts `gap` right of `a`'s
    /// end and `dy` lower.
    fn pair(gap: f32, dy: f32) -> Vec<Glyph> {
        let mut g = glyphs("a", 0.0, 0.0, 5.0);
        g.extend(glyphs("b", 5.0 + gap, dy, 5.0));
        g
    }

    #[test]
    fn a_gap_over_run_gap_ends_the_run() {
        // 0.3 font sizes of 10: 3 pt.
        assert_eq!(runs(&pair(2.9, 0.0), S).len(), 1);
        assert_eq!(runs(&pair(3.1, 0.0), S).len(), 2);
    }

    #[test]
    fn a_glyph_sharing_under_run_overlap_of_the_height_starts_a_run() {
        // Boxes 10 high: 8.9 lower shares 0.11 of the height, 9.1 lower 0.09.
        assert_eq!(runs(&pair(0.0, 8.9), S).len(), 1);
        assert_eq!(runs(&pair(0.0, 9.1), S).len(), 2);
    }

    #[test]
    fn a_run_sharing_over_line_overlap_of_the_height_is_on_the_line() {
        // Far apart, so two runs; 4.9 lower shares 0.51, 5.1 lower 0.49.
        assert_eq!(text_lines(runs(&pair(50.0, 4.9), S), S).len(), 1);
        assert_eq!(text_lines(runs(&pair(50.0, 5.1), S), S).len(), 2);
    }

    #[test]
    fn a_gap_over_space_gap_is_written_as_a_space() {
        // 0.5 font sizes of 10: 5 pt; both gaps end the run.
        let text = |gap| join_lines(&text_lines(runs(&pair(gap, 0.0), S), S), S);
        assert_eq!(text(4.9), "ab");
        assert_eq!(text(5.1), "a b");
    }

    #[test]
    fn overlapping_runs_rejoin_a_number() {
        let mut g = glyphs("174,900", 100.0, 50.0, 5.0);
        g.extend(glyphs(".64", 132.0, 50.3, 5.0));
        let lines = text_lines(runs(&g, S), S);
        assert_eq!(lines.len(), 1);
        assert_eq!(join_runs(&lines[0].runs, S), "174,900.64");
    }

    #[test]
    fn wrapped_cjk_lines_join_without_space() {
        let mut g = glyphs("机关事业单位", 0.0, 0.0, 10.0);
        g.extend(glyphs("缴费支出", 0.0, 12.0, 10.0));
        assert_eq!(
            join_lines(&text_lines(runs(&g, S), S), S),
            "机关事业单位缴费支出"
        );
    }
}
