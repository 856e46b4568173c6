//! The PDF reader on inputs that once cost it unbounded time or memory,
//! or that mature readers repair: each gives a status for its file and
//! the process goes on. Fixtures: scripts/make_robust_fixtures.py.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use gongkai::limits;
use gongkai::model::{Record, Status};
use gongkai::pdf::{self, PdfError};
use gongkai::{convert_bytes, convert_bytes_with, ConvertError, Converted, Options};

fn fixture(dir: &str, name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{dir}/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn robust(name: &str) -> Vec<u8> {
    fixture("robust", name)
}

fn convert(name: &str) -> Converted {
    convert_bytes(Path::new(name), &robust(name))
}

fn records(converted: &Converted) -> Vec<Record> {
    converted
        .tables
        .iter()
        .flat_map(|t| t.records.iter().cloned())
        .collect()
}

/// The records of the intact report the defective fixtures were made from.
fn intact_records() -> Vec<Record> {
    let bytes = fixture("pdf", "report_stsong.pdf");
    let converted = convert_bytes(Path::new("report_stsong.pdf"), &bytes);
    assert_eq!(converted.status(), Status::Ok, "{}", converted.message());
    let records = records(&converted);
    assert!(records.len() > 20);
    records
}

fn assert_reads_as_the_intact_report(name: &str) -> Converted {
    let converted = convert(name);
    assert_eq!(
        converted.status(),
        Status::Ok,
        "{name}: {}",
        converted.message()
    );
    assert_eq!(converted.pages, Some(2), "{name}");
    assert_eq!(records(&converted), intact_records(), "{name}");
    converted
}

#[test]
fn an_absurd_page_count_is_not_believed() {
    for name in ["count_2147483647.pdf", "count_1e12.pdf"] {
        assert_reads_as_the_intact_report(name);
    }
}

#[test]
fn a_looping_page_tree_reads_each_page_once() {
    assert_reads_as_the_intact_report("looping_tree.pdf");
}

#[test]
fn a_damaged_header_is_repaired_and_said_so() {
    let converted = assert_reads_as_the_intact_report("damaged_header.pdf");
    assert!(
        converted.message().contains("%PDF header"),
        "{}",
        converted.message()
    );
}

#[test]
fn streams_whose_length_lies_are_cut_at_endstream() {
    let converted = assert_reads_as_the_intact_report("wrong_length.pdf");
    assert!(
        converted
            .message()
            .contains("2 streams whose /Length was wrong"),
        "{}",
        converted.message()
    );
}

#[test]
fn a_broken_cross_reference_table_is_rebuilt_and_said_so() {
    let converted = assert_reads_as_the_intact_report("broken_xref.pdf");
    assert!(
        converted
            .message()
            .contains("cross-reference table was rebuilt"),
        "{}",
        converted.message()
    );
}

#[test]
fn an_intact_file_needs_no_repair() {
    let pdf = pdf::open(&fixture("pdf", "report_stsong.pdf")).unwrap();
    assert!(pdf.repairs().is_empty(), "{:?}", pdf.repairs());
}

#[test]
fn a_line_of_identical_glyphs_is_read_whole() {
    let pdf = pdf::open(&robust("same_glyphs.pdf")).unwrap();
    let page = pdf.page(1).unwrap();
    assert_eq!(page.glyphs.len(), 200_000);
}

#[test]
fn fake_bold_is_read_once() {
    let pdf = pdf::open(&robust("fake_bold.pdf")).unwrap();
    let text: String = pdf
        .page(1)
        .unwrap()
        .glyphs
        .iter()
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(text, "Boldtotal1,234.56plain");
}

#[test]
fn an_overlong_content_array_refuses_the_page_by_its_limit() {
    let pdf = pdf::open(&robust("content_array.pdf")).unwrap();
    match pdf.page(1) {
        Err(PdfError::TooLarge { number: 1, what }) => {
            assert_eq!(
                what,
                format!("{} items in one array", limits::MAX_ARRAY_ITEMS)
            )
        }
        other => panic!("{other:?}"),
    }
    let converted = convert("content_array.pdf");
    assert_eq!(converted.status(), Status::Error);
    assert!(
        converted.message().contains("items in one array"),
        "{}",
        converted.message()
    );
}

#[test]
fn an_object_stream_past_its_limit_refuses_the_file() {
    match pdf::open(&robust("objstm_array.pdf")) {
        Err(PdfError::Limit(why)) => assert!(why.contains("an object stream"), "{why}"),
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("opened"),
    }
    let converted = convert("objstm_array.pdf");
    assert_eq!(converted.status(), Status::Error);
    assert!(
        converted.message().contains("limit"),
        "{}",
        converted.message()
    );
}

/// A file of `streams` object streams, each inflating to `each` bytes.
fn object_streams(streams: usize, each: usize) -> Vec<u8> {
    let mut file = b"%PDF-1.5\n".to_vec();
    for n in 0..streams {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(b"1 0 ").unwrap();
        z.write_all(&b" ".repeat(each - 4)).unwrap();
        let data = z.finish().unwrap();
        write!(
            file,
            "{} 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n",
            n + 10,
            data.len()
        )
        .unwrap();
        file.extend_from_slice(&data);
        file.extend_from_slice(b"\nendstream\nendobj\n");
    }
    file.extend_from_slice(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
    file
}

#[test]
fn object_streams_past_their_total_limit_refuse_the_file() {
    let each = limits::MAX_OBJECT_STREAM_BYTES - 1024;
    let streams = limits::MAX_OBJECT_STREAMS_BYTES / each + 1;
    match pdf::open(&object_streams(streams, each)) {
        Err(PdfError::Limit(why)) => assert!(why.contains("object streams inflate"), "{why}"),
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("opened"),
    }
    // Below the total, the file is judged on its other merits.
    if let Err(PdfError::Limit(why)) = pdf::open(&object_streams(2, each)) {
        panic!("{why}")
    }
}

#[test]
fn an_expired_deadline_stops_inside_a_page() {
    let pdf = pdf::open(&robust("same_glyphs.pdf")).unwrap();
    let _deadline = limits::start_deadline(Some(Duration::ZERO));
    assert!(matches!(pdf.page(1), Err(PdfError::Expired { number: 1 })));
}

#[test]
fn a_file_that_runs_out_of_time_says_where_and_how_many_pages() {
    let bytes = fixture("pdf", "report_stsong.pdf");
    let options = Options {
        timeout: Some(Duration::ZERO),
    };
    let converted = convert_bytes_with(Path::new("report_stsong.pdf"), &bytes, &options);
    assert_eq!(converted.status(), Status::Error);
    assert!(
        matches!(
            converted.outcome,
            Err(ConvertError::Timeout {
                page: 1,
                pages: 2,
                ..
            })
        ),
        "{:?}",
        converted.outcome
    );
    assert_eq!(converted.pages, Some(2));
}

#[test]
fn more_objects_than_the_limit_refuse_the_file_before_it_is_parsed() {
    let mut file = b"%PDF-1.4\n".to_vec();
    for n in 1..=limits::MAX_OBJECTS + 1 {
        writeln!(file, "{n} 0 obj null endobj").unwrap();
    }
    file.extend_from_slice(b"trailer << /Root 1 0 R >>\n%%EOF\n");
    match pdf::open(&file) {
        Err(PdfError::Limit(why)) => assert!(why.contains("objects"), "{why}"),
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("opened"),
    }
}
