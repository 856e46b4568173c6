//! One process at a time writes an output folder.
//!
//! Two runs into the same folder would remove each other's stages and
//! state; the second one is refused instead, naming the process that
//! holds the folder. The lock is the operating system's lock on
//! `OUT/.gongkai/lock`, so it goes away with its process, however that
//! process ends; the file keeps the holder's pid only to name it.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::commit::STATE_DIR;

/// Why an output folder could not be locked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LockError {
    #[error("{out} is being written by another gongkai run ({holder}); wait for it to finish or choose another --out")]
    Busy { out: PathBuf, holder: String },
    #[error("cannot lock {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

/// The lock on an output folder, held until dropped.
#[derive(Debug)]
pub struct OutLock {
    _file: File,
}

/// Lock `out` (created if missing) for this process.
pub fn lock(out: &Path) -> Result<OutLock, LockError> {
    let dir = out.join(STATE_DIR);
    let path = dir.join("lock");
    let io_err = |source| LockError::Io {
        path: path.clone(),
        source,
    };
    fs::create_dir_all(&dir).map_err(io_err)?;
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_err)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            let holder = match pid.trim() {
                "" => "a process that has not yet written its id".to_string(),
                pid => format!("process {pid}"),
            };
            return Err(LockError::Busy {
                out: out.to_path_buf(),
                holder,
            });
        }
        Err(TryLockError::Error(e)) => return Err(io_err(e)),
    }
    file.set_len(0).map_err(io_err)?;
    file.rewind().map_err(io_err)?;
    writeln!(file, "{}", std::process::id()).map_err(io_err)?;
    file.flush().map_err(io_err)?;
    Ok(OutLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_naming_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock(dir.path()).unwrap();
        let err = lock(dir.path()).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("process {}", std::process::id())),
            "{err}"
        );
        drop(held);
        assert!(lock(dir.path()).is_ok());
    }
}
