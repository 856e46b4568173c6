//! PDF pages as glyphs and ruling lines: what the layout stage needs to
//! rebuild table rows and cells.
//!
//! lopdf reads the objects (decrypting files whose user password is empty
//! and repairing damaged cross-reference tables); our own interpreter
//! (`content`) runs each page's content stream, and the fonts (`font`)
//! turn shown strings into Unicode and advance widths.
//!
//! ```no_run
//! let bytes = std::fs::read("report.pdf").unwrap();
//! let pdf = gongkai::pdf::open(&bytes).unwrap();
//! for n in 1..=pdf.page_count() {
//!     let page = pdf.page(n).unwrap();
//!     println!("page {n}: {} glyphs", page.glyphs.len());
//! }
//! ```

mod content;
mod damage;
mod font;
mod geometry;
mod lexer;
mod objects;
mod page;
mod redrawn;
mod repair;
mod rulings;
mod tree;

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use lopdf::xref::XrefRecovery;
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use crate::limits::{
    MAX_DOCUMENT_GLYPHS, MAX_FORM_CACHE_BYTES, MAX_OBJECTS, MAX_OBJECT_STREAMS_BYTES,
    MAX_OBJECT_STREAM_BYTES, MAX_PAGES, MAX_PAGE_GLYPHS,
};
pub use damage::{Damage, Place};
use font::Font;
use geometry::Matrix;
pub use page::{Glyph, Page, Segment};
pub use repair::has_header;

/// Why a PDF or one of its pages could not be read. New kinds of
/// failure may be added, so a match needs a wildcard arm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    #[error("the PDF is encrypted with a password ({0}); only files whose user password is empty can be read — save an unprotected copy")]
    Encrypted(String),
    /// Damage that no repair got past, and where it was found.
    #[error("the PDF is damaged {} and could not be read: {}", .0.place, .0.what)]
    Corrupt(Damage),
    #[error("page {number} does not exist (the document has {count} pages)")]
    NoSuchPage { number: u32, count: u32 },
    #[error("page {number} is too large to read: it draws more than the limit of {what}")]
    TooLarge { number: u32, what: String },
    #[error("the file is too large to read: {0}")]
    Limit(String),
    /// The per-file deadline passed while page `number` was read (0:
    /// while the file was opened).
    #[error("the time allowed for the file ran out at page {number}")]
    Expired { number: u32 },
}

/// An opened PDF document. Fonts and Form XObjects are parsed once and
/// shared by all pages; the type is `Send + Sync`, so pages may be read
/// from several threads.
pub struct Pdf {
    doc: Document,
    pages: Vec<ObjectId>,
    caches: Caches,
    /// Glyphs drawn so far by all pages read, against [`MAX_DOCUMENT_GLYPHS`].
    glyphs: AtomicUsize,
    repairs: Vec<String>,
}

/// Per-document caches, keyed by object id.
pub(crate) struct Caches {
    fonts: Mutex<HashMap<ObjectId, Arc<Font>>>,
    forms: Mutex<FormCache>,
}

/// Decoded Form XObject content, bounded by bytes: a form that does not
/// fit in what is left is decoded each time it is drawn instead.
struct FormCache {
    content: HashMap<ObjectId, Option<Arc<Vec<u8>>>>,
    bytes: usize,
    capacity: usize,
}

impl Default for Caches {
    fn default() -> Caches {
        Caches::with_form_capacity(MAX_FORM_CACHE_BYTES)
    }
}

impl Caches {
    /// The font a resource entry names, loaded once per object.
    fn font(&self, doc: &Document, entry: &Object) -> Option<Arc<Font>> {
        let Object::Reference(id) = entry else {
            let dict = objects::resolve(doc, entry).and_then(objects::as_dict)?;
            return Some(Arc::new(Font::load(doc, dict)));
        };
        if let Some(font) = self.fonts.lock().ok()?.get(id) {
            return Some(font.clone());
        }
        let dict = objects::resolve(doc, entry).and_then(objects::as_dict)?;
        let font = Arc::new(Font::load(doc, dict));
        self.fonts.lock().ok()?.insert(*id, font.clone());
        Some(font)
    }

    fn with_form_capacity(capacity: usize) -> Caches {
        Caches {
            fonts: Mutex::default(),
            forms: Mutex::new(FormCache {
                content: HashMap::new(),
                bytes: 0,
                capacity,
            }),
        }
    }

    /// A Form XObject's decoded content, decoded once per object while
    /// the cache has room.
    fn form_content(&self, id: Option<ObjectId>, stream: &lopdf::Stream) -> Option<Arc<Vec<u8>>> {
        let Some(id) = id else {
            return objects::stream_bytes(stream).map(Arc::new);
        };
        if let Some(content) = self.forms.lock().ok()?.content.get(&id) {
            return content.clone();
        }
        let content = objects::stream_bytes(stream).map(Arc::new);
        let size = content.as_ref().map_or(0, |c| c.len());
        let mut cache = self.forms.lock().ok()?;
        if cache.bytes + size <= cache.capacity {
            cache.bytes += size;
            cache.content.insert(id, content.clone());
        }
        content
    }
}

/// Open a PDF from its bytes, decrypting it with the empty user password
/// if it is encrypted. A damaged header, streams whose /Length lies and a
/// broken cross-reference table are repaired ([`Pdf::repairs`] says so);
/// a file past one of the limits in [`crate::limits`] is refused before
/// it is parsed whole.
pub fn open(bytes: &[u8]) -> Result<Pdf, PdfError> {
    let repaired = repair::repair(bytes);
    let mut repairs = repaired.notes;
    let doc = load(&repaired.bytes, repaired.moved).map_err(|e| match e {
        PdfError::Corrupt(_) if !ends_with_eof_marker(bytes) => {
            PdfError::Corrupt(Damage::truncated(bytes))
        }
        e => e,
    })?;
    if doc.xref_recovery == Some(XrefRecovery::Reconstructed) {
        if !ends_with_eof_marker(bytes) {
            return Err(PdfError::Corrupt(Damage::truncated(bytes)));
        }
        if !repaired.moved {
            repairs.push("repaired: its cross-reference table was rebuilt".to_string());
        }
    }
    if doc.is_encrypted() {
        return Err(PdfError::Encrypted("a user password is set".into()));
    }
    let pages = panic::catch_unwind(AssertUnwindSafe(|| tree::pages(&doc)))
        .map_err(|_| {
            // The walk panicked; asking for its root again must not.
            let root = panic::catch_unwind(AssertUnwindSafe(|| tree::root_reference(&doc)));
            PdfError::Corrupt(Damage::new(
                Place::PageTree(root.ok().flatten()),
                "it could not be read",
            ))
        })?
        .map_err(|e| match e {
            tree::TreeError::TooManyPages => {
                PdfError::Limit(format!("it has more than the limit of {MAX_PAGES} pages"))
            }
            tree::TreeError::Expired => PdfError::Expired { number: 0 },
        })?;
    if pages.is_empty() {
        return Err(PdfError::Corrupt(Damage::new(
            Place::PageTree(tree::root_reference(&doc)),
            "no pages were found (the file may be truncated)",
        )));
    }
    Ok(Pdf {
        doc,
        pages,
        caches: Caches::default(),
        glyphs: AtomicUsize::new(0),
        repairs,
    })
}

/// Parse the objects with lopdf, its object streams bounded one by one
/// (by lopdf) and all together (counted here first). `rebuild`: offsets
/// moved, so the cross-reference table is rebuilt by scanning.
fn load(bytes: &[u8], rebuild: bool) -> Result<Document, PdfError> {
    const MIB: usize = 1024 * 1024;
    if repair::object_count(bytes, MAX_OBJECTS) > MAX_OBJECTS {
        return Err(PdfError::Limit(format!(
            "it holds more than the limit of {MAX_OBJECTS} objects"
        )));
    }
    if repair::object_stream_bytes(bytes, MAX_OBJECT_STREAMS_BYTES) > MAX_OBJECT_STREAMS_BYTES {
        return Err(PdfError::Limit(format!(
            "its object streams inflate to more than the limit of {} MB",
            MAX_OBJECT_STREAMS_BYTES / MIB
        )));
    }
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_OBJECT_STREAM_BYTES),
        force_reconstruct: rebuild,
        ..LoadOptions::default()
    };
    let loaded = panic::catch_unwind(AssertUnwindSafe(|| {
        Document::load_mem_with_options(bytes, options)
    }));
    match loaded {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(lopdf::Error::InvalidPassword)) => Err(PdfError::Encrypted(
            "the empty password does not open it".into(),
        )),
        Ok(Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
            ..
        }))) => Err(PdfError::Limit(format!(
            "an object stream inflates to more than the limit of {} MB",
            MAX_OBJECT_STREAM_BYTES / MIB
        ))),
        Ok(Err(e)) => Err(PdfError::Corrupt(Damage::of_load(&e, bytes))),
        Err(_) => Err(PdfError::Corrupt(Damage::new(
            Place::Structure,
            "it could not be parsed",
        ))),
    }
}

/// Whether `%%EOF` occurs near the end. A file cut short has lost it; one
/// whose cross-reference table merely needed rebuilding still has it.
fn ends_with_eof_marker(bytes: &[u8]) -> bool {
    let tail = bytes
        .get(bytes.len().saturating_sub(4096)..)
        .unwrap_or(bytes);
    tail.windows(5).any(|w| w == b"%%EOF")
}

impl Pdf {
    pub fn page_count(&self) -> u32 {
        u32::try_from(self.pages.len()).unwrap_or(u32::MAX)
    }

    /// What was repaired to read the file, one plain sentence each.
    pub fn repairs(&self) -> &[String] {
        &self.repairs
    }

    /// Page `number` (1-based) as glyphs and ruling segments.
    pub fn page(&self, number: u32) -> Result<Page, PdfError> {
        let count = self.page_count();
        let id = number
            .checked_sub(1)
            .and_then(|i| self.pages.get(i as usize))
            .copied()
            .ok_or(PdfError::NoSuchPage { number, count })?;
        panic::catch_unwind(AssertUnwindSafe(|| self.read_page(number, id))).unwrap_or_else(|_| {
            Err(PdfError::Corrupt(Damage::new(
                Place::Page { number, object: id },
                "its content could not be interpreted",
            )))
        })
    }

    fn read_page(&self, number: u32, id: ObjectId) -> Result<Page, PdfError> {
        let doc = &self.doc;
        let dict = doc.get_dictionary(id).map_err(|e| {
            PdfError::Corrupt(Damage::new(
                Place::Page { number, object: id },
                e.to_string(),
            ))
        })?;
        let geometry = PageGeometry::of(doc, dict);
        let content = doc
            .get_page_content_with_limit(id, objects::MAX_STREAM_BYTES)
            .map_err(|_| PdfError::TooLarge {
                number,
                what: format!(
                    "{} MB of content",
                    objects::MAX_STREAM_BYTES / (1024 * 1024)
                ),
            })?;
        let resources = inherited(doc, dict, b"Resources").and_then(objects::as_dict);

        let drawn_before = self.glyphs.load(Ordering::Relaxed);
        let glyph_limit = MAX_PAGE_GLYPHS.min(MAX_DOCUMENT_GLYPHS.saturating_sub(drawn_before));
        let mut interpreter = content::Interpreter::new(
            doc,
            &self.caches,
            geometry.matrix,
            (geometry.width, geometry.height),
            glyph_limit,
        );
        interpreter.run(&content, resources);
        drop(content);
        let drawn = interpreter.finish();
        if drawn.expired {
            return Err(PdfError::Expired { number });
        }
        if drawn.overflow.is_some()
            && glyph_limit < MAX_PAGE_GLYPHS
            && drawn.glyphs.len() >= glyph_limit
        {
            return Err(PdfError::Limit(format!(
                "its pages draw more than the limit of {MAX_DOCUMENT_GLYPHS} glyphs"
            )));
        }
        if let Some(what) = drawn.overflow {
            return Err(PdfError::TooLarge { number, what });
        }
        self.glyphs.fetch_add(drawn.glyphs.len(), Ordering::Relaxed);
        let mut glyphs = drawn.glyphs;
        for glyph in &mut glyphs {
            crate::text::fold(&mut glyph.text);
        }
        if !redrawn::remove_duplicates(&mut glyphs) {
            return Err(PdfError::Expired { number });
        }
        Ok(Page {
            number,
            width: geometry.width,
            height: geometry.height,
            glyphs,
            segments: drawn.segments,
            images: drawn.images,
        })
    }
}

/// Page attributes are inherited through the page tree; chains longer
/// than this are broken.
const MAX_TREE_DEPTH: usize = crate::limits::MAX_PAGE_TREE_DEPTH;

fn inherited<'d>(doc: &'d Document, page: &'d Dictionary, key: &[u8]) -> Option<&'d Object> {
    let mut node = page;
    for _ in 0..MAX_TREE_DEPTH {
        if let Ok(value) = node.get(key) {
            return objects::resolve(doc, value);
        }
        node = objects::get_dict(doc, node, b"Parent")?;
    }
    None
}

/// The displayed page: its size and the matrix from user space to page
/// coordinates (origin top-left of the crop box after /Rotate, y down).
struct PageGeometry {
    width: f32,
    height: f32,
    matrix: Matrix,
}

impl PageGeometry {
    fn of(doc: &Document, page: &Dictionary) -> PageGeometry {
        let usable = |b: &[f32; 4]| b[2] - b[0] >= 1.0 && b[3] - b[1] >= 1.0;
        let media = inherited(doc, page, b"MediaBox")
            .and_then(|o| objects::rectangle(doc, o))
            .filter(usable)
            .unwrap_or([0.0, 0.0, 612.0, 792.0]);
        let crop = inherited(doc, page, b"CropBox")
            .and_then(|o| objects::rectangle(doc, o))
            .map(|c| {
                [
                    c[0].max(media[0]),
                    c[1].max(media[1]),
                    c[2].min(media[2]),
                    c[3].min(media[3]),
                ]
            })
            .filter(usable)
            .unwrap_or(media);
        let rotate = inherited(doc, page, b"Rotate")
            .and_then(objects::number)
            .unwrap_or(0.0);
        Self::from_box(crop, rotate)
    }

    fn from_box([x0, y0, x1, y1]: [f32; 4], rotate: f32) -> PageGeometry {
        let quarter = ((rotate / 90.0).round() as i64).rem_euclid(4);
        let (w, h) = (x1 - x0, y1 - y0);
        let (width, height, matrix) = match quarter {
            1 => (h, w, Matrix::new(0.0, 1.0, 1.0, 0.0, -y0, -x0)),
            2 => (w, h, Matrix::new(-1.0, 0.0, 0.0, 1.0, x1, -y0)),
            3 => (h, w, Matrix::new(0.0, -1.0, -1.0, 0.0, y1, x1)),
            _ => (w, h, Matrix::new(1.0, 0.0, 0.0, -1.0, -x0, y1)),
        };
        PageGeometry {
            width,
            height,
            matrix,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_maps_the_top_edge_where_a_viewer_shows_it() {
        let b = [0.0, 0.0, 600.0, 800.0];
        // The unrotated top-left corner (0, 800).
        let top_left = |r: f32| PageGeometry::from_box(b, r).matrix.apply(0.0, 800.0);
        assert_eq!(top_left(0.0), (0.0, 0.0));
        assert_eq!(top_left(90.0), (800.0, 0.0));
        assert_eq!(top_left(180.0), (600.0, 800.0));
        assert_eq!(top_left(270.0), (0.0, 600.0));
        assert_eq!(top_left(-90.0), (0.0, 600.0));
        let g = PageGeometry::from_box(b, 90.0);
        assert_eq!((g.width, g.height), (800.0, 600.0));
    }

    #[test]
    fn garbage_is_corrupt_not_a_panic() {
        for bytes in [
            &b""[..],
            b"%PDF-1.4\n",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>",
        ] {
            assert!(matches!(open(bytes), Err(PdfError::Corrupt(_))));
        }
    }
}
