//! The whole per-file pipeline under libFuzzer (nightly Rust):
//!
//! ```sh
//! cargo fuzz run pipeline fuzz/corpus/pipeline ../samples ../tests/fixtures
//! ```
//!
//! The input is converted as a batch converts a file (read, layout,
//! document, normalize), then checked and laid out as output rows. Under
//! libFuzzer every panic aborts, caught by the library or not, so a panic
//! anywhere is reported with its input; the assertions name the crashes
//! the library would turn into a status or a finding on stable builds.
#![no_main]

use std::path::Path;
use std::time::Duration;

use gongkai::validate::Check;
use gongkai::{ConvertError, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The extension matters only for HTML saved as .pdf; the format comes
    // from the bytes.
    let name = if data.starts_with(b"%PDF") {
        "input.pdf"
    } else {
        "input.txt"
    };
    let options = Options {
        timeout: Some(Duration::from_secs(10)),
    };
    let converted = gongkai::convert_bytes_with(Path::new(name), data, &options);
    let findings = converted.validate();
    let _rows = converted.rows(&findings);
    assert!(
        !matches!(converted.outcome, Err(ConvertError::Panic(_))),
        "{}",
        converted.message()
    );
    assert!(findings.iter().all(|f| f.check != Check::Crashed));
});
