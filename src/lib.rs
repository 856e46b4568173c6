//! gongkai turns published Chinese government fiscal disclosure reports
//! (部门/单位 预算 and 决算 公开 reports) into tidy, typed records.
//!
//! The pipeline runs one way: [`source`] finds and sniffs input, [`decode`]
//! reads text, [`document`] finds parts, sections and tables, [`normalize`]
//! turns tables into records by the [`catalogue`] of table kinds, and
//! [`sink`] writes them. [`convert_bytes`] runs it for one file.

pub mod cache;
pub mod catalogue;
mod convert;
pub mod debug;
pub mod decode;
pub mod document;
pub mod layout;
pub mod limits;
pub mod model;
pub mod normalize;
pub mod pdf;
pub mod run;
pub mod sink;
pub mod source;
pub mod validate;

pub use convert::{
    convert_bytes, convert_bytes_with, convert_file, convert_pages, read_lines, read_pages,
    read_pdf_pages, read_text, unreadable, ConvertError, Converted, Options, Stage, MAX_CELLS,
};

/// The text a panic was raised with, for the file's message.
pub(crate) fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}
