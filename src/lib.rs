//! gongkai turns published Chinese government fiscal disclosure reports
//! (部门/单位 预算 and 决算 公开 reports) into tidy, typed records.
//!
//! The pipeline runs one way: [`source`] finds and sniffs input, [`decode`]
//! reads text and [`pdf`] and [`layout`] rebuild a PDF's rows, the
//! document stage finds parts, sections and tables, normalisation turns
//! tables into records by the [`catalogue`] of table kinds, [`validate`]
//! checks their arithmetic, and [`sink`] writes them. [`convert_bytes`]
//! runs it for one file, [`run`] for a batch.
//!
//! A file never fails the caller: whatever goes wrong is the file's
//! [`Status`](model::Status) and message, and its records carry their
//! document and table with them.
//!
//! ```
//! use std::path::Path;
//! use gongkai::model::Status;
//!
//! let report = "2024年度某局部门决算\n表1 收入支出决算总表\n单位：万元\n\
//!               项目\t行次\t金额\n一般公共预算财政拨款收入\t1\t100.00\n";
//! let converted = gongkai::convert_bytes(Path::new("report.txt"), report.as_bytes());
//! assert_eq!(converted.status(), Status::Ok);
//!
//! let records = converted.records();
//! assert_eq!(records[0].item_name, "一般公共预算财政拨款收入");
//! assert_eq!(records[0].value.to_string(), "100.00");
//! assert_eq!(records[0].value_yuan.map(|v| v.to_string()).as_deref(), Some("1000000.00"));
//! assert_eq!((records[0].doc.as_str(), records[0].year), ("report.txt", Some(2024)));
//! assert_eq!(records[0].table_title, "收入支出决算总表");
//!
//! // Bad input is a status, never a panic or an error the caller must handle.
//! let broken = gongkai::convert_bytes(Path::new("x.pdf"), b"%PDF-1.7 not really");
//! assert_ne!(broken.status(), Status::Ok);
//! assert!(!broken.message().is_empty());
//! ```

pub mod cache;
pub mod catalogue;
mod convert;
pub mod debug;
pub mod decode;
pub(crate) mod document;
pub mod layout;
pub mod limits;
pub mod model;
pub(crate) mod normalize;
pub mod pdf;
pub mod run;
pub mod sink;
pub mod source;
pub(crate) mod text;
pub mod validate;

pub use normalize::NormalTable;

pub use convert::{
    convert_bytes, convert_bytes_with, convert_file, convert_pages, convert_pages_with, read_lines,
    read_lines_with, read_pages, read_pages_with, read_pdf_pages, read_text, unreadable,
    ConvertError, Converted, Options, Stage, MAX_CELLS,
};

/// The text a panic was raised with, for the file's message.
pub(crate) fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}
