//! The thresholds layout decides by, gathered in one object so that a
//! reader of a hard report can try another value without rebuilding
//! (`gongkai text FILE --set name=value`), and so that each threshold's
//! unit and reason stand in one place.
//!
//! Units: *points* for positions of drawn things compared with each
//! other (where the noise is the producer's rounding, not the text's
//! scale), *font sizes* or *line heights* where a report's scale varies
//! (an A3 report printed on A4 has its text and its rows at 70 %), and
//! *shares* (0 to 1) of a length, a height or a count.

/// Why a setting could not be changed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    #[error("no layout setting `{name}`; the settings are: {}", NAMES.join(", "))]
    Unknown { name: String },
    #[error(
        "`{value}` is not a value for {name}: it takes a finite number of zero or more \
         (default {default}); the settings are: {}",
        NAMES.join(", ")
    )]
    BadValue {
        name: String,
        value: String,
        default: f32,
    },
    #[error("`{0}`: a setting is given as name=value, e.g. cell_gap=2.5")]
    NotAssignment(String),
}

/// One definition gives the struct, its defaults, the list of names and
/// the lookup by name, so that the four cannot disagree.
macro_rules! settings {
    ($( $(#[doc = $doc:literal])* $name:ident: $default:expr, )*) => {
        /// The layout thresholds; [`LayoutSettings::DEFAULT`] (and
        /// [`Default`]) are the values the converter uses. Each field's name is its name on the command
        /// line (`--set name=value`).
        #[derive(Clone, Debug, PartialEq)]
        pub struct LayoutSettings {
            $( $(#[doc = $doc])* pub $name: f32, )*
        }

        impl LayoutSettings {
            /// The values the converter uses.
            pub const DEFAULT: LayoutSettings = LayoutSettings { $( $name: $default, )* };
        }

        impl Default for LayoutSettings {
            fn default() -> LayoutSettings {
                LayoutSettings::DEFAULT
            }
        }

        /// The settings' names, in the order they are defined.
        pub const NAMES: &[&str] = &[$( stringify!($name) ),*];

        /// Each setting's doc comment, lines joined, in the order of [`NAMES`].
        const DOCS: &[&str] = &[$( concat!($( $doc, "\n" ),*) ),*];

        impl LayoutSettings {
            fn field(&mut self, name: &str) -> Option<&mut f32> {
                match name {
                    $( stringify!($name) => Some(&mut self.$name), )*
                    _ => None,
                }
            }

            /// The value of the setting `name`.
            pub fn get(&self, name: &str) -> Option<f32> {
                match name {
                    $( stringify!($name) => Some(self.$name), )*
                    _ => None,
                }
            }
        }
    };
}

settings! {
    /// Ruling lines closer than this (font sizes of the page's text, up to
    /// `max_ruling_tolerance`) are one line, and an edge may fall this
    /// short of another and still meet it. Relative because a table printed small has its rows close: a 6 pt
    /// table has rows 7 pt apart, and a fixed 3 pt reaches from a row's
    /// border nearly to its middle. 0.35 keeps every page set in 9 pt or
    /// more at the cap.
    ruling_tolerance: 0.35,
    /// The most the ruling tolerance grows to (points), on pages of large
    /// text and on pages without text: 3 pt joins the pieces of a border
    /// drawn cell by cell, whose ends miss each other by a line width or
    /// two.
    max_ruling_tolerance: 3.0,
    /// A gap between glyphs wider than this (font sizes) ends a run of
    /// text. 0.3 is wider than letter spacing and narrower than the space
    /// a producer leaves instead of drawing a space glyph.
    run_gap: 0.3,
    /// The least share of the lower of two glyph boxes' heights they must
    /// share for the second to go on the first's run. Small, so that
    /// digits of a font whose boxes sit lower than the CJK font's (`2026年`)
    /// stay on the run they are drawn in.
    run_overlap: 0.1,
    /// A run joins a text line when they share more than this share of
    /// the shorter one's height. One half: a run can overlap two lines
    /// this much only if they overlap each other.
    line_overlap: 0.5,
    /// A gap between two runs wider than this (font sizes) is written as a
    /// space. Half a font size is wider than any kerning and narrower than
    /// a word space in a Latin font.
    space_gap: 0.5,
    /// A gap between runs on one text line wider than this (font sizes)
    /// separates cells (`单位：某局        2023年度        单位：万元`). Two
    /// font sizes: wider than the spaces inside a sentence, narrower than
    /// the gap between an unruled table's columns.
    cell_gap: 2.0,
    /// How far (points) a glyph may stand over a column boundary and still
    /// be inside the column, when an amount in a merged cell is put under
    /// its own header. 1 pt takes glyph boxes that touch the ruling.
    overhang: 1.0,
    /// Cell spans of an unruled table closer than this (points) are one
    /// column. 2 pt joins the same column's cells, whose edges differ by
    /// the width of a digit's side bearing.
    column_gap: 2.0,
    /// A text line is in an unruled table when the gap to the line above
    /// is under this many line heights. 2.5: a blank row or two may stand
    /// between rows; a paragraph break further on ends the table.
    max_line_gap: 2.5,
    /// A header line of an unruled table finishes the cells above it (a
    /// wrapped header) when the gap between them is under this share of
    /// its height: wrapped lines are set tight, the next header row is
    /// not.
    wrap_gap: 0.6,
    /// Column boundaries of two tables closer than this (points) are the
    /// same boundary: a table going on over a page keeps its columns. 2 pt
    /// is a rounding of the producer's, not a different column.
    same_column_x: 2.0,
    /// Two tables sharing at least this share of their joint width lie on
    /// the same columns of the page, so the second may go on from the
    /// first. 0.7 lets a continuation drop a side column.
    min_shared_width: 0.7,
    /// A cell of a continued table covers a column of its first part when
    /// it overlaps this share of the narrower of the two. One half: a
    /// cell is under the column it mostly lies in.
    min_cover: 0.5,
    /// The share of the page height at the top and at the bottom where
    /// page numbers live. 0.12: the margins of A4 and A3, portrait or
    /// landscape, hold within it.
    margin: 0.12,
    /// A running head or foot is printed on at least this share of the
    /// pages of a file. Files that bind several units' reports give each
    /// its own head, hence well under half.
    min_running_share: 0.2,
    /// How far into a glyph, as a share of its height from its top, a
    /// ruling must cut for the glyph to count as run over from the cell
    /// above (a wrapped line printed across the ruling of a row too low
    /// for it). A fifth: a glyph merely touching its top ruling is not.
    overrun: 0.2,
    /// The least share of its height a glyph run over from the cell above
    /// must share with a line below it in its cell: two lines of one cell
    /// never overlap, so any real overlap tells the overrun.
    overrun_overlap: 0.05,
}

impl LayoutSettings {
    /// Set the setting `name` to `value`, parsed as a number.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), SettingsError> {
        let default = LayoutSettings::DEFAULT.get(name);
        let field = self.field(name).ok_or_else(|| SettingsError::Unknown {
            name: name.to_string(),
        })?;
        match value.trim().parse::<f32>() {
            Ok(v) if v.is_finite() && v >= 0.0 => {
                *field = v;
                Ok(())
            }
            _ => Err(SettingsError::BadValue {
                name: name.to_string(),
                value: value.to_string(),
                default: default.unwrap_or_default(),
            }),
        }
    }

    /// Apply `name=value`, as given on the command line.
    pub fn assign(&mut self, assignment: &str) -> Result<(), SettingsError> {
        let (name, value) = assignment
            .split_once('=')
            .ok_or_else(|| SettingsError::NotAssignment(assignment.to_string()))?;
        self.set(name.trim(), value)
    }

    /// One line per setting: `name = value`, and the first sentence of
    /// its doc comment (what it is, with its unit).
    pub fn listing(&self) -> Vec<String> {
        NAMES
            .iter()
            .zip(DOCS)
            .map(|(name, doc)| {
                let value = self.get(name).unwrap_or_default();
                format!("{name} = {value}    # {}", first_sentence(doc))
            })
            .collect()
    }

    /// The settings that differ from the defaults, as `name=value`.
    pub fn changed(&self) -> Vec<String> {
        let default = LayoutSettings::DEFAULT;
        NAMES
            .iter()
            .filter_map(|name| {
                let v = self.get(name)?;
                (Some(v) != default.get(name)).then(|| format!("{name}={v}"))
            })
            .collect()
    }

    /// The ruling tolerance (points) on a page whose text is `font_size`
    /// points; [`max_ruling_tolerance`](Self::max_ruling_tolerance) where
    /// the page has no text.
    pub fn ruling_tolerance_at(&self, font_size: Option<f32>) -> f32 {
        font_size.map_or(self.max_ruling_tolerance, |size| {
            (self.ruling_tolerance * size).min(self.max_ruling_tolerance)
        })
    }
}

/// A doc comment's first sentence, on one line.
fn first_sentence(doc: &str) -> String {
    let text = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(". ") {
        Some(end) => text[..=end].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_can_be_set_and_read_back() {
        let mut s = LayoutSettings::default();
        for (i, name) in NAMES.iter().enumerate() {
            s.set(name, &format!("{}.5", i + 1)).unwrap();
            assert_eq!(s.get(name), Some(i as f32 + 1.5), "{name}");
        }
        assert_eq!(s.changed().len(), NAMES.len());
        assert!(LayoutSettings::default().changed().is_empty());
    }

    #[test]
    fn unknown_names_and_bad_values_are_refused_and_change_nothing() {
        let mut s = LayoutSettings::default();
        let err = s.set("cell_gaps", "1").unwrap_err();
        assert!(matches!(err, SettingsError::Unknown { .. }));
        assert!(err.to_string().contains("cell_gap, overhang"), "{err}");
        for bad in ["", "wide", "-1", "inf", "NaN"] {
            let err = s.set("cell_gap", bad).unwrap_err();
            assert!(matches!(err, SettingsError::BadValue { .. }), "{bad}");
            assert!(err.to_string().contains("default 2"), "{err}");
        }
        assert!(matches!(
            s.assign("cell_gap"),
            Err(SettingsError::NotAssignment(_))
        ));
        assert_eq!(s, LayoutSettings::default());
        s.assign("cell_gap = 3").unwrap();
        assert_eq!(s.cell_gap, 3.0);
    }

    #[test]
    fn the_listing_names_each_setting_with_its_unit() {
        let listing = LayoutSettings::default().listing();
        assert_eq!(listing.len(), NAMES.len());
        assert!(listing[0].starts_with("ruling_tolerance = 0.35    # "));
        let gap = listing.iter().find(|l| l.starts_with("cell_gap")).unwrap();
        assert!(gap.contains("(font sizes) separates cells"));
    }

    #[test]
    fn the_ruling_tolerance_follows_small_text_up_to_its_cap() {
        let s = LayoutSettings::default();
        assert_eq!(s.ruling_tolerance_at(None), 3.0);
        assert_eq!(s.ruling_tolerance_at(Some(9.0)), 3.0);
        assert_eq!(s.ruling_tolerance_at(Some(12.0)), 3.0);
        assert!((s.ruling_tolerance_at(Some(6.0)) - 2.1).abs() < 1e-5);
    }
}
