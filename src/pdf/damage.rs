//! Where in a PDF the damage that stops it being read was found: a
//! researcher with a broken file wants to know whether it was cut short
//! (download it again), which page to look at, or which object a repair
//! tool should be pointed at, not only that it is broken.

use std::fmt;

use lopdf::ObjectId;
use memchr::memmem;

/// The place of the damage, as precise as what found it knows.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Place {
    /// The file stops at byte `length`; `open` is the indirect object it
    /// stops inside, when one was begun and not ended.
    End {
        length: usize,
        open: Option<ObjectId>,
    },
    /// A byte offset into the file.
    Byte(usize),
    /// An indirect object.
    Object(ObjectId),
    /// The cross-reference table, at the offset `startxref` names if the
    /// file names one.
    Xref(Option<usize>),
    /// The page tree, from the catalogue's /Pages object if it has one.
    PageTree(Option<ObjectId>),
    /// A 1-based page and its page object.
    Page { number: u32, object: ObjectId },
    /// The file's structure as a whole: what found the damage names no place.
    Structure,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let object = |(n, g): ObjectId| format!("object {n} {g}");
        match self {
            Place::End { length, open } => {
                write!(f, "at its end (byte {length}")?;
                if let Some(id) = open {
                    write!(f, ", inside {}", object(*id))?;
                }
                write!(f, ")")
            }
            Place::Byte(at) => write!(f, "at byte {at}"),
            Place::Object(id) => write!(f, "in {}", object(*id)),
            Place::Xref(Some(at)) => write!(f, "in its cross-reference table (byte {at})"),
            Place::Xref(None) => write!(f, "in its cross-reference table"),
            Place::PageTree(Some(id)) => write!(f, "in its page tree ({})", object(*id)),
            Place::PageTree(None) => write!(f, "in its page tree"),
            Place::Page { number, object: id } => {
                write!(f, "on page {number} ({})", object(*id))
            }
            Place::Structure => write!(f, "in its structure"),
        }
    }
}

/// What is damaged and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {what}")]
pub struct Damage {
    pub place: Place,
    pub what: String,
}

impl Damage {
    pub fn new(place: Place, what: impl Into<String>) -> Damage {
        Damage {
            place,
            what: what.into(),
        }
    }

    /// A file cut short: where it stops and the object it stops inside.
    pub fn truncated(bytes: &[u8]) -> Damage {
        Damage::new(
            Place::End {
                length: bytes.len(),
                open: open_object(bytes),
            },
            "the file is truncated (it stops before its end-of-file marker); download it again",
        )
    }

    /// Why lopdf could not load the file, placed where its error says.
    pub fn of_load(error: &lopdf::Error, bytes: &[u8]) -> Damage {
        let place = match error {
            lopdf::Error::ObjectNotFound(id) | lopdf::Error::ReferenceCycle(id) => {
                Place::Object(*id)
            }
            lopdf::Error::InvalidOffset(at) => Place::Byte(*at),
            lopdf::Error::Xref(_) | lopdf::Error::MissingXrefEntry => Place::Xref(startxref(bytes)),
            _ => Place::Structure,
        };
        Damage::new(place, error.to_string())
    }
}

/// How far back from the end the last object header is looked for: the
/// tail of a file is where a cut leaves an object open.
const OPEN_OBJECT_WINDOW: usize = 1 << 20;

/// The last `N G obj` in the file's tail when no `endobj` follows it.
fn open_object(bytes: &[u8]) -> Option<ObjectId> {
    let tail_start = bytes.len().saturating_sub(OPEN_OBJECT_WINDOW);
    let tail = &bytes[tail_start..];
    let (at, id) =
        memmem::rfind_iter(tail, b"obj").find_map(|at| Some((at, header_before(tail, at)?)))?;
    memmem::find(&tail[at..], b"endobj").is_none().then_some(id)
}

/// The object number and generation written before the `obj` at `at`.
fn header_before(bytes: &[u8], at: usize) -> Option<ObjectId> {
    let before = bytes[..at].trim_ascii_end();
    if before.len() == at {
        return None;
    }
    let (generation, rest) = trailing_number(before)?;
    if !rest.last().is_some_and(u8::is_ascii_whitespace) {
        return None;
    }
    let (number, _) = trailing_number(rest.trim_ascii_end())?;
    Some((u32::try_from(number).ok()?, u16::try_from(generation).ok()?))
}

/// The decimal number that ends `bytes`, and what comes before it.
fn trailing_number(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let digits = bytes
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 || digits > 10 {
        return None;
    }
    let (rest, number) = bytes.split_at(bytes.len() - digits);
    let number = std::str::from_utf8(number).ok()?.parse().ok()?;
    Some((number, rest))
}

/// The offset the last `startxref` in the file's tail names.
fn startxref(bytes: &[u8]) -> Option<usize> {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    let at = memmem::rfind(tail, b"startxref")? + b"startxref".len();
    let digits: Vec<u8> = tail[at..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_file_names_the_object_it_stops_inside() {
        let bytes = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n12 0 obj\n<< /Length 99 >>\nstream\nxx";
        let d = Damage::truncated(bytes);
        assert_eq!(
            d.place,
            Place::End {
                length: bytes.len(),
                open: Some((12, 0))
            }
        );
        assert!(d.to_string().contains("inside object 12 0"), "{d}");
        let whole = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n";
        assert_eq!(
            Damage::truncated(whole).place,
            Place::End {
                length: whole.len(),
                open: None
            }
        );
    }

    #[test]
    fn only_an_object_header_counts_as_an_object() {
        assert_eq!(open_object(b"a lone obj word"), None);
        assert_eq!(open_object(b"x 7 obj"), None);
        assert_eq!(open_object(b"17 obj"), None);
        assert_eq!(open_object(b"\n3 1 obj\n<<"), Some((3, 1)));
    }

    #[test]
    fn a_broken_xref_is_placed_where_startxref_points() {
        let bytes = b"%PDF-1.4\n...\nstartxref\n 1234\n%%EOF\n";
        let e = lopdf::Error::MissingXrefEntry;
        let d = Damage::of_load(&e, bytes);
        assert_eq!(d.place, Place::Xref(Some(1234)));
        assert!(
            d.to_string()
                .starts_with("in its cross-reference table (byte 1234)"),
            "{d}"
        );
        let missing = lopdf::Error::ObjectNotFound((5, 0));
        assert_eq!(
            Damage::of_load(&missing, bytes).place,
            Place::Object((5, 0))
        );
    }
}
