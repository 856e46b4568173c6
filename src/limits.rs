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
