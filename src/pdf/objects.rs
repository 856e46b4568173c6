//! Small accessors over lopdf objects that follow references and never
//! fail loudly: a missing or mistyped entry is simply `None`, and the
//! reader falls back to the default the specification gives.

use lopdf::{Dictionary, Document, Object, Stream};

/// Chains of references longer than this are treated as broken.
const MAX_REFERENCE_CHAIN: usize = 32;

pub use crate::limits::MAX_STREAM_BYTES;

/// Follow references to a direct object.
pub fn resolve<'d>(doc: &'d Document, mut object: &'d Object) -> Option<&'d Object> {
    for _ in 0..MAX_REFERENCE_CHAIN {
        match object {
            Object::Reference(id) => object = doc.get_object(*id).ok()?,
            other => return Some(other),
        }
    }
    None
}

/// `dict[key]`, references followed.
pub fn get<'d>(doc: &'d Document, dict: &'d Dictionary, key: &[u8]) -> Option<&'d Object> {
    resolve(doc, dict.get(key).ok()?)
}

pub fn get_dict<'d>(doc: &'d Document, dict: &'d Dictionary, key: &[u8]) -> Option<&'d Dictionary> {
    as_dict(get(doc, dict, key)?)
}

pub fn get_array<'d>(doc: &'d Document, dict: &'d Dictionary, key: &[u8]) -> Option<&'d [Object]> {
    match get(doc, dict, key)? {
        Object::Array(items) => Some(items),
        _ => None,
    }
}

pub fn get_name<'d>(doc: &'d Document, dict: &'d Dictionary, key: &[u8]) -> Option<&'d [u8]> {
    match get(doc, dict, key)? {
        Object::Name(name) => Some(name),
        _ => None,
    }
}

pub fn get_number(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f32> {
    number(get(doc, dict, key)?)
}

pub fn get_stream<'d>(doc: &'d Document, dict: &'d Dictionary, key: &[u8]) -> Option<&'d Stream> {
    match get(doc, dict, key)? {
        Object::Stream(stream) => Some(stream),
        _ => None,
    }
}

/// A dictionary, or a stream's dictionary.
pub fn as_dict(object: &Object) -> Option<&Dictionary> {
    match object {
        Object::Dictionary(dict) => Some(dict),
        Object::Stream(stream) => Some(&stream.dict),
        _ => None,
    }
}

pub fn number(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

/// An array of numbers, references followed; non-numbers become `None`.
pub fn numbers(doc: &Document, items: &[Object]) -> Vec<Option<f32>> {
    items
        .iter()
        .map(|item| resolve(doc, item).and_then(number))
        .collect()
}

/// A rectangle `[x0 y0 x1 y1]` normalised so that x0 <= x1 and y0 <= y1.
pub fn rectangle(doc: &Document, object: &Object) -> Option<[f32; 4]> {
    let Object::Array(items) = resolve(doc, object)? else {
        return None;
    };
    match numbers(doc, items).as_slice() {
        [Some(a), Some(b), Some(c), Some(d), ..] => {
            Some([a.min(*c), b.min(*d), a.max(*c), b.max(*d)])
        }
        _ => None,
    }
}

/// A stream's decoded bytes, or `None` if it cannot be decoded or is
/// absurdly large. An unfiltered stream that fails to decode gives its
/// raw bytes, as viewers do.
pub fn stream_bytes(stream: &Stream) -> Option<Vec<u8>> {
    match stream.decompressed_content_with_limit(MAX_STREAM_BYTES) {
        Ok(bytes) => Some(bytes),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => None,
        Err(_) if stream.dict.get(b"Filter").is_err() => Some(stream.content.clone()),
        Err(_) => None,
    }
}
