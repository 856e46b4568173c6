//! The outputs of a run are replaced together or not at all.
//!
//! A run writes every output (and the state it leaves for the next run)
//! into a stage folder, `OUT/.gongkai/stage.PID/`, laid out like `OUT`
//! itself. Only when all of it is on disk does [`Stage::commit`] write a
//! journal naming the stage and then move each staged file over its old
//! one. A process killed between those moves leaves the journal behind,
//! and [`recover`], which every command runs on `OUT` before it reads or
//! writes there, finishes the moves: the folder then holds the whole new
//! set. A stage without a journal is a run that never completed; it is
//! removed, and the old set stays as it was.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{write_err, SinkError};

/// The state folder inside `OUT`.
pub const STATE_DIR: &str = ".gongkai";
/// The journal of a commit under way.
const JOURNAL: &str = "commit";
/// Where replaced folders are moved before the stage is removed.
const TRASH: &str = ".trash";

/// An output set being written, in a folder of its own.
pub struct Stage {
    out: PathBuf,
    dir: PathBuf,
    done: bool,
}

impl Stage {
    /// Start an empty stage in `out` (which must exist).
    pub fn begin(out: &Path) -> Result<Stage, SinkError> {
        let dir = out
            .join(STATE_DIR)
            .join(format!("stage.{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(write_err(&dir))?;
        }
        let state = dir.join(STATE_DIR);
        fs::create_dir_all(&state).map_err(write_err(&state))?;
        Ok(Stage {
            out: out.to_path_buf(),
            dir,
            done: false,
        })
    }

    /// The folder the outputs are written to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder the state for the next run is written to.
    pub fn state_dir(&self) -> PathBuf {
        self.dir.join(STATE_DIR)
    }

    /// Move every staged file into place as one step; `stale` names
    /// outputs of an earlier run (relative to `OUT`) that the new set does
    /// not have and that go with it.
    pub fn commit(mut self, stale: &[String]) -> Result<(), SinkError> {
        let mut moves = staged_names(&self.dir).map_err(write_err(&self.dir))?;
        moves.retain(|n| !stale.contains(n));
        let journal = Journal {
            stage: self.dir.file_name().map(PathBuf::from).unwrap_or_default(),
            moves,
            removals: stale.to_vec(),
        };
        journal.write(&self.out)?;
        self.done = true;
        journal.apply(&self.out)
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Finish a commit that a killed process left half done, and remove the
/// stages of runs that never reached their commit.
pub fn recover(out: &Path) -> Result<(), SinkError> {
    let state = out.join(STATE_DIR);
    let journal_path = state.join(JOURNAL);
    if journal_path.exists() {
        Journal::read(&journal_path)?.apply(out)?;
    }
    let Ok(entries) = fs::read_dir(&state) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with("stage.") {
            let path = entry.path();
            fs::remove_dir_all(&path).map_err(write_err(&path))?;
        }
    }
    Ok(())
}

/// Names (relative to the stage, `/`-separated) of what a stage holds:
/// each top-level output, and each file of its state folder.
fn staged_names(stage: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(stage)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name == STATE_DIR || name == TRASH {
            continue;
        }
        names.push(name);
    }
    for entry in fs::read_dir(stage.join(STATE_DIR))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        names.push(format!("{STATE_DIR}/{name}"));
    }
    names.sort();
    Ok(names)
}

/// What a commit does, written down before it starts.
#[derive(Debug, PartialEq, Eq)]
struct Journal {
    /// The stage's folder name inside `OUT/.gongkai`.
    stage: PathBuf,
    /// Staged names moved to the same name in `OUT`.
    moves: Vec<String>,
    /// Names in `OUT` removed.
    removals: Vec<String>,
}

impl Journal {
    fn write(&self, out: &Path) -> Result<(), SinkError> {
        let path = out.join(STATE_DIR).join(JOURNAL);
        let mut text = format!("stage\t{}\n", self.stage.display());
        for m in &self.moves {
            text.push_str(&format!("move\t{m}\n"));
        }
        for r in &self.removals {
            text.push_str(&format!("remove\t{r}\n"));
        }
        write_whole(&path, |file| file.write_all(text.as_bytes())).map_err(write_err(&path))?;
        sync_dir(&out.join(STATE_DIR));
        Ok(())
    }

    fn read(path: &Path) -> Result<Journal, SinkError> {
        let text = fs::read_to_string(path).map_err(write_err(path))?;
        let mut journal = Journal {
            stage: PathBuf::new(),
            moves: Vec::new(),
            removals: Vec::new(),
        };
        for line in text.lines() {
            let bad = || SinkError::Write {
                path: path.to_path_buf(),
                source: io::Error::new(io::ErrorKind::InvalidData, format!("bad line {line:?}")),
            };
            let (what, name) = line.split_once('\t').ok_or_else(bad)?;
            if name.split('/').any(|p| p == ".." || p.is_empty()) {
                return Err(bad());
            }
            match what {
                "stage" => journal.stage = PathBuf::from(name),
                "move" => journal.moves.push(name.to_string()),
                "remove" => journal.removals.push(name.to_string()),
                _ => return Err(bad()),
            }
        }
        Ok(journal)
    }

    /// Do every step not yet done; doing it twice is doing it once.
    fn apply(&self, out: &Path) -> Result<(), SinkError> {
        let stage = out.join(STATE_DIR).join(&self.stage);
        let trash = stage.join(TRASH);
        fs::create_dir_all(&trash).map_err(write_err(&trash))?;
        for (i, name) in self.moves.iter().enumerate() {
            let from = stage.join(name);
            if from.exists() {
                replace(&from, &out.join(name), &trash.join(i.to_string()))?;
            }
        }
        for (i, name) in self.removals.iter().enumerate() {
            let path = out.join(name);
            if path.exists() {
                let aside = trash.join(format!("r{i}"));
                fs::rename(&path, &aside).map_err(write_err(&path))?;
            }
        }
        sync_dir(out);
        let journal = out.join(STATE_DIR).join(JOURNAL);
        fs::remove_file(&journal).map_err(write_err(&journal))?;
        sync_dir(&out.join(STATE_DIR));
        fs::remove_dir_all(&stage).map_err(write_err(&stage))
    }
}

/// Move `from` to `to`: a file replaces the old one in one rename; a
/// folder (partitioned Parquet) first moves the old one to `aside`.
fn replace(from: &Path, to: &Path, aside: &Path) -> Result<(), SinkError> {
    if to.is_dir() || from.is_dir() && to.exists() {
        fs::rename(to, aside).map_err(write_err(to))?;
    }
    fs::rename(from, to).map_err(write_err(to))
}

/// Write `path` whole or not at all: `write` fills a temporary file
/// beside it, which is synced and then renamed over `path`. A failed
/// write, or a process killed midway, leaves `path` as it was, and the
/// temporary file is removed on failure. Its name is unique, so two
/// writers of one path (two inputs with the same bytes, converted at
/// once) never write into the same temporary file.
pub fn write_whole(path: &Path, write: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let mut tmp = temp_beside(path, "")?;
    write(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A new temporary file in the folder of `path`, named `.NAME{tag}…tmp`
/// (unique, so that two writers never share one; the leading dot and the
/// `.tmp` end are how a later run knows a killed run's leftovers). It is
/// removed when dropped, unless persisted.
pub(crate) fn temp_beside(path: &Path, tag: &str) -> io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{name}{tag}.");
    builder.prefix(&prefix).suffix(".tmp");
    // As `File::create` would: readable by whom the umask lets read it,
    // not only by the owner, as tempfile's default has it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Make the renames in a folder durable; a file system that cannot sync
/// a folder still has them in order.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn read(path: &Path) -> String {
        fs::read_to_string(path).unwrap_or_default()
    }

    /// An output folder holding an old set, and a stage with a new one.
    fn staged(out: &Path) -> Stage {
        write(&out.join("a.csv"), "old a");
        write(&out.join("b.csv"), "old b");
        write(&out.join("parts/x=1/p.parquet"), "old part");
        write(&out.join("gone.jsonl"), "old only");
        write(&out.join(".gongkai/run.tsv"), "old state");
        let stage = Stage::begin(out).unwrap();
        write(&stage.dir().join("a.csv"), "new a");
        write(&stage.dir().join("b.csv"), "new b");
        write(&stage.dir().join("parts/x=2/p.parquet"), "new part");
        write(&stage.state_dir().join("run.tsv"), "new state");
        stage
    }

    fn assert_new(out: &Path) {
        assert_eq!(read(&out.join("a.csv")), "new a");
        assert_eq!(read(&out.join("b.csv")), "new b");
        assert_eq!(read(&out.join("parts/x=2/p.parquet")), "new part");
        assert!(!out.join("parts/x=1").exists());
        assert!(!out.join("gone.jsonl").exists());
        assert_eq!(read(&out.join(".gongkai/run.tsv")), "new state");
        assert!(!out.join(".gongkai/commit").exists());
        let left: Vec<_> = fs::read_dir(out.join(".gongkai"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("stage."))
            .collect();
        assert!(left.is_empty(), "a stage is left behind");
    }

    #[test]
    fn a_commit_replaces_the_whole_set() {
        let dir = tempfile::tempdir().unwrap();
        let stage = staged(dir.path());
        stage.commit(&["gone.jsonl".to_string()]).unwrap();
        assert_new(dir.path());
    }

    #[test]
    fn a_stage_never_committed_leaves_the_old_set() {
        let dir = tempfile::tempdir().unwrap();
        let stage = staged(dir.path());
        std::mem::forget(stage);
        recover(dir.path()).unwrap();
        assert_eq!(read(&dir.path().join("a.csv")), "old a");
        assert_eq!(read(&dir.path().join(".gongkai/run.tsv")), "old state");
        assert!(!dir
            .path()
            .join(format!(".gongkai/stage.{}", std::process::id()))
            .exists());
    }

    /// A process killed after any number of the moves: recovery gives
    /// the new set whole.
    #[test]
    fn a_commit_cut_short_at_any_step_is_finished_by_recovery() {
        for steps in 0..=5 {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path();
            let mut stage = staged(out);
            let moves = staged_names(stage.dir()).unwrap();
            let journal = Journal {
                stage: stage.dir().file_name().map(PathBuf::from).unwrap(),
                moves: moves.clone(),
                removals: vec!["gone.jsonl".to_string()],
            };
            journal.write(out).unwrap();
            stage.done = true;
            let trash = stage.dir().join(TRASH);
            fs::create_dir_all(&trash).unwrap();
            for (i, name) in moves.iter().take(steps).enumerate() {
                replace(
                    &stage.dir().join(name),
                    &out.join(name),
                    &trash.join(i.to_string()),
                )
                .unwrap();
            }
            drop(stage);
            recover(out).unwrap();
            assert_new(out);
        }
    }

    #[test]
    fn a_whole_write_replaces_the_file_or_leaves_it_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.tsv");
        write(&path, "old");
        let failed = write_whole(&path, |f| {
            f.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(read(&path), "old");
        write_whole(&path, |f| f.write_all(b"new")).unwrap();
        assert_eq!(read(&path), "new");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["state.tsv"], "a temporary file is left behind");
    }

    /// Two writers of one path at once: each writes its own temporary
    /// file, and the one that finishes last is what the path holds.
    #[test]
    fn writers_of_one_path_at_once_do_not_share_a_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rows.csv");
        write_whole(&path, |outer| {
            outer.write_all(b"outer ")?;
            write_whole(&path, |inner| inner.write_all(b"inner"))?;
            outer.write_all(b"whole")
        })
        .unwrap();
        assert_eq!(read(&path), "outer whole");
    }

    #[cfg(unix)]
    #[test]
    fn a_whole_write_is_as_readable_as_a_created_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (whole, created) = (dir.path().join("a"), dir.path().join("b"));
        write_whole(&whole, |f| f.write_all(b"x")).unwrap();
        fs::write(&created, "x").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&whole), mode(&created));
    }

    #[test]
    fn a_journal_naming_a_path_outside_the_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        write(
            &dir.path().join(".gongkai/commit"),
            "stage\tstage.1\nmove\t../../etc/passwd\n",
        );
        assert!(recover(dir.path()).is_err());
    }
}
