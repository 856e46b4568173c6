//! Python bindings: the same Rust core as the `gongkai` command, its
//! outputs handed to Python as the very Parquet files `convert --format
//! parquet` writes, so that the Arrow tables Python reads have exactly the
//! columns and types of the command's output.
//!
//! Each call writes into a private temporary folder and returns the bytes
//! of each output; pyarrow reads them back. The round trip costs little
//! next to reading a PDF, and keeps one writer for both worlds.

use std::path::{Path, PathBuf};

use gongkai::run::{self, Plan};
use gongkai::sink::{self, DocRows, Output, Sinks, OUTPUTS};
use pyo3::exceptions::{PyFileNotFoundError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

/// Why a call could not give its tables. A bad report is never one of
/// these: it gets its status row in `documents`.
fn runtime(e: impl std::fmt::Display) -> PyErr {
    PyRuntimeError::new_err(e.to_string())
}

fn options(validate: bool) -> sink::Options {
    sink::Options {
        formats: vec![sink::Format::Parquet],
        findings: validate,
        ..sink::Options::default()
    }
}

/// The outputs a call returns: findings only with validate.
fn outputs(validate: bool) -> impl Iterator<Item = Output> {
    OUTPUTS
        .into_iter()
        .filter(move |&o| o != Output::Findings || validate)
}

/// The Parquet bytes of each output written into `dir`, by output name.
fn collect<'py>(py: Python<'py>, dir: &Path, validate: bool) -> PyResult<Bound<'py, PyDict>> {
    let tables = PyDict::new(py);
    for output in outputs(validate) {
        let path = dir.join(format!("{}.parquet", output.name()));
        let bytes =
            std::fs::read(&path).map_err(|e| runtime(format!("{}: {e}", path.display())))?;
        tables.set_item(output.name(), PyBytes::new(py, &bytes))?;
    }
    Ok(tables)
}

/// Convert report files and folders (walked as the command walks them).
/// Returns a dict of output name → Parquet bytes.
#[pyfunction]
#[pyo3(signature = (inputs, jobs=None, validate=false, timeout=60))]
fn convert<'py>(
    py: Python<'py>,
    inputs: Vec<PathBuf>,
    jobs: Option<usize>,
    validate: bool,
    timeout: u64,
) -> PyResult<Bound<'py, PyDict>> {
    if let Some(missing) = inputs.iter().find(|p| !p.exists()) {
        return Err(PyFileNotFoundError::new_err(missing.display().to_string()));
    }
    if jobs == Some(0) {
        return Err(PyValueError::new_err("jobs must be at least 1"));
    }
    let dir = tempfile::tempdir().map_err(runtime)?;
    let out = dir.path().join("out");
    py.detach(|| -> Result<(), String> {
        let files = gongkai::source::discover(&inputs)
            .map_err(|e| e.to_string())?
            .files;
        let convert = convert_options(timeout);
        let plan = Plan {
            shard: run::ShardId::new(&files, 1, 1, &convert),
            inputs: run::shard(files, 1, 1),
            out: &out,
            options: options(validate),
            jobs: jobs.unwrap_or(0),
            reuse: false,
            convert,
        };
        run::run(&plan, &|_: &DocRows| {})
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
    .map_err(runtime)?;
    collect(py, &out, validate)
}

fn convert_options(timeout: u64) -> gongkai::Options {
    gongkai::Options {
        timeout: (timeout > 0).then(|| std::time::Duration::from_secs(timeout)),
    }
}

/// Convert one file held in memory, named `name` (its base name becomes
/// the `doc` column). Returns a dict of output name → Parquet bytes.
#[pyfunction]
#[pyo3(signature = (data, name, validate=false, timeout=60))]
fn convert_bytes<'py>(
    py: Python<'py>,
    data: &[u8],
    name: &str,
    validate: bool,
    timeout: u64,
) -> PyResult<Bound<'py, PyDict>> {
    let dir = tempfile::tempdir().map_err(runtime)?;
    let out = dir.path().to_path_buf();
    py.detach(|| -> Result<(), String> {
        let path = PathBuf::from(name);
        let converted = gongkai::convert_bytes_with(&path, data, &convert_options(timeout));
        let findings = if validate {
            converted.validate()
        } else {
            Vec::new()
        };
        let rows = converted.rows(&findings);
        let mut sinks = Sinks::create(&out, &options(validate)).map_err(|e| e.to_string())?;
        sinks.write(&rows).map_err(|e| e.to_string())?;
        sinks.finish().map_err(|e| e.to_string())
    })
    .map_err(runtime)?;
    collect(py, &out, validate)
}

/// The gongkai version and the catalogue's fingerprint, as `--version`
/// names the build.
#[pyfunction]
fn version() -> String {
    format!(
        "{} (catalogue {})",
        env!("CARGO_PKG_VERSION"),
        gongkai::cache::fingerprint()
    )
}

#[pymodule]
fn _gongkai(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(convert, m)?)?;
    m.add_function(wrap_pyfunction!(convert_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
