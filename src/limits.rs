//! Bounds on the work one input file may cost: its time (the per-file
//! deadline) and the sizes it controls (pages, glyphs, array lengths, …).
//!
//! A nightly batch must finish whatever a site published, so every stage
//! that loops over input-controlled data asks [`expired`] as it goes and
//! stops early when the file's time is up. The deadline lives in a
//! thread-local because one file is converted on one thread from start to
//! end: stages need not pass it through every signature, and a stage that
//! stops early simply returns what it has; the driver then reports the
//! file as timed out instead of using the partial result.

use std::cell::Cell;
use std::time::{Duration, Instant};

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// The per-file deadline of the current thread, set for as long as the
/// guard lives; dropping it restores the one that was set before.
#[must_use = "the deadline is lifted when the guard is dropped"]
pub struct DeadlineGuard {
    previous: Option<Instant>,
}

impl Drop for DeadlineGuard {
    fn drop(&mut self) {
        DEADLINE.with(|d| d.set(self.previous));
    }
}

/// Give the work done on this thread until the guard drops `limit` of
/// time from now (`None`: no limit).
pub fn start_deadline(limit: Option<Duration>) -> DeadlineGuard {
    let end = limit.and_then(|l| Instant::now().checked_add(l));
    let previous = DEADLINE.with(|d| d.replace(end));
    DeadlineGuard { previous }
}

/// Whether the current file's time is up. Cheap enough to call once per
/// glyph batch or per row; callers in tight loops still ask only every
/// few thousand iterations.
pub fn expired() -> bool {
    DEADLINE.with(|d| d.get().is_some_and(|end| Instant::now() >= end))
}

// Sizes one PDF may reach. Each bounds what a small crafted file could
// otherwise make the reader allocate; together they keep one file's peak
// memory near 1 GiB. They sit far above what real reports need (the
// largest object stream seen in published reports inflates to 0.2 MB,
// the largest stream of any kind to 9 MB).

/// Pages a PDF may have; the page tree's own /Count is never trusted.
pub const MAX_PAGES: usize = 100_000;
/// Levels of the page tree; deeper nodes are not read.
pub const MAX_PAGE_TREE_DEPTH: usize = 64;
/// Decoded bytes of one stream: a page's content, a form, a font, a CMap.
pub const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;
/// Decoded bytes of one object stream, parsed whole when the file is
/// opened (each byte may become an object of about 100 bytes).
pub const MAX_OBJECT_STREAM_BYTES: usize = 4 * 1024 * 1024;
/// Decoded bytes of all object streams of a file together.
pub const MAX_OBJECT_STREAMS_BYTES: usize = 16 * 1024 * 1024;
/// Indirect objects (`N G obj`) written in a file, counted before it is
/// parsed (each costs hundreds of bytes to a few KB once parsed; reports
/// have a few thousand).
pub const MAX_OBJECTS: usize = 250_000;
/// Decoded Form XObject content kept for reuse across a document's pages;
/// a form that does not fit is decoded each time it is drawn.
pub const MAX_FORM_CACHE_BYTES: usize = 64 * 1024 * 1024;
/// Items of one array in a content stream (a TJ array has dozens).
pub const MAX_ARRAY_ITEMS: usize = 100_000;
/// Glyphs one page may draw.
pub const MAX_PAGE_GLYPHS: usize = 2_000_000;
/// Glyphs all pages of one document may draw together (about 80 bytes each).
pub const MAX_DOCUMENT_GLYPHS: usize = 6_000_000;
/// Ruling segments one page may draw.
pub const MAX_PAGE_SEGMENTS: usize = 2_000_000;
/// Content-stream operators one page may run, forms included.
pub const MAX_PAGE_OPERATORS: usize = 50_000_000;
/// Tight loops ask [`expired`] once per this many steps.
pub const DEADLINE_STRIDE: usize = 4096;

/// Whether the file's time is up, asked only on every
/// [`DEADLINE_STRIDE`]th `step` of a tight loop (false on the others).
pub fn expired_at(step: usize) -> bool {
    step.is_multiple_of(DEADLINE_STRIDE) && expired()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_expires_and_is_lifted_with_its_guard() {
        assert!(!expired());
        {
            let _guard = start_deadline(Some(Duration::ZERO));
            assert!(expired());
            {
                let _inner = start_deadline(None);
                assert!(!expired());
            }
            assert!(expired());
        }
        assert!(!expired());
    }
}
