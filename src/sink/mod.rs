//! Writers. Every output file is written beside its final name and renamed
//! into place, so an interrupted run leaves either the old file or the new
//! one, never half of one.

pub mod csv;

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Why output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    #[error("cannot create output folder {path}: {source}")]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
}

/// A file written under a temporary name and renamed on [`commit`].
///
/// [`commit`]: AtomicFile::commit
pub struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(dest: &Path) -> Result<AtomicFile, SinkError> {
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dest.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let file = File::create(&tmp).map_err(|source| SinkError::Write {
            path: tmp.clone(),
            source,
        })?;
        Ok(AtomicFile {
            tmp,
            dest: dest.to_path_buf(),
            writer: Some(BufWriter::new(file)),
        })
    }

    pub fn writer(&mut self) -> &mut BufWriter<File> {
        self.writer.as_mut().expect("not yet committed")
    }

    /// Flush to disk and move into place.
    pub fn commit(mut self) -> Result<(), SinkError> {
        let err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| SinkError::Write { path, source }
        };
        let writer = self.writer.take().expect("committed once");
        let file = writer
            .into_inner()
            .map_err(|e| e.into_error())
            .map_err(err(&self.dest))?;
        file.sync_all().map_err(err(&self.dest))?;
        fs::rename(&self.tmp, &self.dest).map_err(err(&self.dest))
    }

    pub fn path(&self) -> &Path {
        &self.dest
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Make sure the output folder exists.
pub fn create_dir(dir: &Path) -> Result<(), SinkError> {
    fs::create_dir_all(dir).map_err(|source| SinkError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })
}

pub(crate) fn write_err(path: &Path) -> impl Fn(io::Error) -> SinkError + '_ {
    move |source| SinkError::Write {
        path: path.to_path_buf(),
        source,
    }
}

pub(crate) fn flush(file: &mut AtomicFile) -> Result<(), SinkError> {
    let path = file.path().to_path_buf();
    file.writer().flush().map_err(write_err(&path))
}
