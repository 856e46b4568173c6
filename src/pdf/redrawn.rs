//! Fake bold: glyphs drawn again over themselves (to embolden them, or as
//! a shadow) removed before layout sees a page. This is the one place
//! that decides what a copy is; layout takes the glyphs as left here.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

use crate::limits;
use crate::pdf::page::Glyph;

/// How far, in font sizes, a copy of a glyph may lie from it and still
/// be the same glyph drawn again (fake bold strokes a glyph two or three
/// times a fraction of a point apart; a shadow is offset as little).
pub const REDRAWN_SHIFT: f32 = 0.15;

/// Kept glyphs of one text looked at in one grid cell; more (only a
/// crafted page piles them up) are kept without being compared.
const CELL_CAPACITY: usize = 8;

/// Whether `b` is `a` drawn again: the same text with every edge within
/// [`REDRAWN_SHIFT`] of the smaller font size. The one rule for fake bold.
pub fn is_redrawn(a: &Glyph, b: &Glyph) -> bool {
    let tol = shift_of(a).min(shift_of(b));
    a.text == b.text
        && (a.x0 - b.x0).abs() < tol
        && (a.y0 - b.y0).abs() < tol
        && (a.x1 - b.x1).abs() < tol
        && (a.y1 - b.y1).abs() < tol
}

/// The shift within which a copy of `g` counts as `g` redrawn.
fn shift_of(g: &Glyph) -> f32 {
    let size = if g.size.is_finite() {
        g.size.abs()
    } else {
        1.0
    };
    REDRAWN_SHIFT * size.max(1.0)
}

/// Remove glyphs drawn again over themselves (see [`is_redrawn`]),
/// keeping the first drawn; the order of the rest is kept. Linear: kept
/// glyphs sit in a grid whose cells are as wide as their shift (rounded
/// up to a power of two), and a glyph is compared only with those in the
/// cells around it. Returns `false` if the file's time ran out first (the
/// glyphs are then left as they were).
pub fn remove_duplicates(glyphs: &mut Vec<Glyph>) -> bool {
    if glyphs.len() < 2 {
        return true;
    }
    if limits::expired() {
        return false;
    }
    let Some(drop) = neighbours_redrawn(glyphs).or_else(|| redrawn(glyphs)) else {
        return false;
    };
    let mut index = 0;
    glyphs.retain(|_| {
        let keep = !drop[index];
        index += 1;
        keep
    });
    true
}

/// Comparisons [`neighbours_redrawn`] may make per glyph before it gives
/// way to the grid of [`redrawn`].
const NEIGHBOUR_BUDGET: usize = 16;

/// The common case, fast: copies are found among neighbours in (text,
/// y0, x0) order, each glyph compared with those after it until the text
/// changes or y0 is out of reach. Pages where the neighbourhoods grow
/// (many identical glyphs on one line) exhaust the budget and get `None`:
/// the grid keeps those linear.
fn neighbours_redrawn(glyphs: &[Glyph]) -> Option<Vec<bool>> {
    let mut budget = glyphs.len().saturating_mul(NEIGHBOUR_BUDGET);
    let mut order: Vec<u32> = (0..glyphs.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        let (ga, gb) = (&glyphs[a as usize], &glyphs[b as usize]);
        ga.text
            .cmp(&gb.text)
            .then(ga.y0.total_cmp(&gb.y0))
            .then(ga.x0.total_cmp(&gb.x0))
            .then(a.cmp(&b))
    });
    let mut drop = vec![false; glyphs.len()];
    for (k, &i) in order.iter().enumerate() {
        let g = &glyphs[i as usize];
        let reach = shift_of(g);
        for &j in &order[k + 1..] {
            budget = budget.checked_sub(1)?;
            let h = &glyphs[j as usize];
            if h.text != g.text || h.y0 - g.y0 >= reach {
                break;
            }
            if is_redrawn(g, h) {
                // The one drawn later is the copy.
                drop[i.max(j) as usize] = true;
            }
        }
    }
    Some(drop)
}

/// Which glyphs are copies of one drawn before them; `None` if the
/// deadline passed. Each grid cell holds its kept glyphs as a chain:
/// the cell names the last kept, `earlier` links each to the one before.
/// Cells are named by one 64-bit key of text, level and position; two
/// cells sharing a key only cost a comparison, as [`is_redrawn`] decides.
fn redrawn(glyphs: &[Glyph]) -> Option<Vec<bool>> {
    const NONE: u32 = u32::MAX;
    let seed = RandomState::new().hash_one(0u64);
    let mut grid: HashMap<u64, (u32, u8), BuildHasherDefault<KeyHasher>> =
        HashMap::with_capacity_and_hasher(glyphs.len(), BuildHasherDefault::default());
    let mut earlier = vec![NONE; glyphs.len()];
    let mut levels: Vec<i32> = Vec::new();
    let mut drop = vec![false; glyphs.len()];
    for (i, g) in glyphs.iter().enumerate() {
        if limits::expired_at(i) {
            return None;
        }
        let text = text_key(&g.text, seed);
        let in_cell = |key: u64| {
            let mut k = grid.get(&key).map_or(NONE, |c| c.0);
            while k != NONE {
                if is_redrawn(&glyphs[k as usize], g) {
                    return true;
                }
                k = earlier[k as usize];
            }
            false
        };
        let copy = levels.iter().any(|&level| {
            let (xs, ys) = cells_near(g, level);
            xs.clone()
                .any(|cx| ys.clone().any(|cy| in_cell(cell_key(text, level, cx, cy))))
        });
        if copy {
            drop[i] = true;
            continue;
        }
        let level = level_of(g);
        if !levels.contains(&level) {
            levels.push(level);
        }
        let (cx, cy) = cell_of(g, level);
        let cell = grid
            .entry(cell_key(text, level, cx, cy))
            .or_insert((NONE, 0));
        if usize::from(cell.1) < CELL_CAPACITY {
            earlier[i] = cell.0;
            *cell = (i as u32, cell.1 + 1);
        }
    }
    Some(drop)
}

/// A glyph's text as a number, seeded afresh for each page so that
/// crafted text and positions cannot aim many cells at one key.
fn text_key(text: &str, seed: u64) -> u64 {
    text.bytes().fold(seed, |h, b| mix(h ^ u64::from(b)))
}

fn cell_key(text: u64, level: i32, cx: i64, cy: i64) -> u64 {
    mix(mix(mix(text ^ level as u64) ^ cx as u64) ^ cy as u64)
}

/// The splitmix64 finaliser: every input bit reaches every output bit.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Cell keys are already mixed: hashing them again would only cost time.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0 ^ u64::from(b));
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// The grid level of a glyph: cells 2^level points wide, at least its shift.
fn level_of(g: &Glyph) -> i32 {
    shift_of(g).log2().ceil().clamp(-64.0, 128.0) as i32
}

fn cell_of(g: &Glyph, level: i32) -> (i64, i64) {
    let width = 2f32.powi(level);
    ((g.x0 / width).floor() as i64, (g.y0 / width).floor() as i64)
}

/// The cells of a level that can hold a glyph `g` is a copy of: those
/// within the tolerance of a pair (never more than the cells' width, so
/// at most three each way, usually one or two).
fn cells_near(
    g: &Glyph,
    level: i32,
) -> (std::ops::RangeInclusive<i64>, std::ops::RangeInclusive<i64>) {
    let width = 2f32.powi(level);
    let shift = shift_of(g).min(width);
    let span = |v: f32| {
        let low = ((v - shift) / width).floor() as i64;
        let high = ((v + shift) / width).floor() as i64;
        low..=high.min(low.saturating_add(2))
    };
    (span(g.x0), span(g.y0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x: f32, y: f32) -> Glyph {
        Glyph {
            text: text.into(),
            x0: x,
            y0: y,
            x1: x + 10.0,
            y1: y + 10.0,
            size: 10.0,
        }
    }

    #[test]
    fn fake_bold_copies_are_removed() {
        let mut glyphs = vec![
            glyph("收", 10.0, 10.0),
            glyph("入", 20.0, 10.0),
            glyph("收", 10.3, 10.2),
            glyph("入", 20.3, 10.2),
            glyph("收", 40.0, 10.0),
        ];
        assert!(remove_duplicates(&mut glyphs));
        let xs: Vec<f32> = glyphs.iter().map(|g| g.x0).collect();
        assert_eq!(xs, vec![10.0, 20.0, 40.0]);
    }

    #[test]
    fn the_shift_is_relative_to_the_font_size() {
        let big = |x: f32| Glyph {
            size: 40.0,
            x1: x + 40.0,
            y1: 40.0,
            ..glyph("合", x, 0.0)
        };
        // 4 pt apart: a copy at 40 pt (shift 6 pt), not at 10 pt (1.5 pt).
        let mut glyphs = vec![
            big(0.0),
            big(4.0),
            glyph("合", 100.0, 0.0),
            glyph("合", 104.0, 0.0),
        ];
        assert!(remove_duplicates(&mut glyphs));
        let xs: Vec<f32> = glyphs.iter().map(|g| g.x0).collect();
        assert_eq!(xs, vec![0.0, 100.0, 104.0]);
    }

    #[test]
    fn many_identical_glyphs_on_one_line_are_kept_in_linear_time() {
        // 200,000 glyphs 6 pt apart: none is a copy, and each is compared
        // with a bounded few only (quadratic would take minutes here).
        let mut glyphs: Vec<Glyph> = (0..200_000)
            .map(|i| glyph("0", i as f32 * 6.0, 0.0))
            .collect();
        let copies: Vec<Glyph> = (0..1000)
            .map(|i| glyph("0", i as f32 * 6.0 + 0.4, 0.3))
            .collect();
        glyphs.extend(copies);
        assert!(remove_duplicates(&mut glyphs));
        assert_eq!(glyphs.len(), 200_000);
    }

    #[test]
    fn an_expired_deadline_leaves_the_glyphs_alone() {
        let mut glyphs = vec![glyph("收", 10.0, 10.0), glyph("收", 10.3, 10.2)];
        let _deadline = limits::start_deadline(Some(std::time::Duration::ZERO));
        assert!(!remove_duplicates(&mut glyphs));
        assert_eq!(glyphs.len(), 2);
    }
}
