//! The `FileSystem` abstraction: every file operation of the interpreter (reading
//! sources, stat, .pyc reads/writes, `open()`) goes through the installed implementation,
//! so an embedder can make the interpreter read-only or give it no I/O at all.

use std::io;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, Default)]
pub struct FileMeta {
    pub is_dir: bool,
    pub is_file: bool,
    pub size: u64,
    pub mtime_ns: i128,
}

pub trait FileSystem: Send + Sync {
    fn read(&self, path: &str) -> io::Result<Vec<u8>>;
    fn metadata(&self, path: &str) -> io::Result<FileMeta>;
    fn open(&self, path: &str, opts: &std::fs::OpenOptions) -> io::Result<std::fs::File>;
    /// Write a whole file atomically (temporary file, then rename).
    fn write_atomic(&self, path: &str, data: &[u8]) -> io::Result<()>;
    fn create_dir_all(&self, path: &str) -> io::Result<()>;
    fn read_dir(&self, path: &str) -> io::Result<Vec<String>>;
    /// Whether `os` functions and `open()` may use `path` (for writing when `write`).
    /// The host allows everything (the OS decides); the read-only view refuses writes
    /// with `EROFS`; no-I/O refuses everything with `EACCES`.
    fn permits(&self, path: &str, write: bool) -> io::Result<()> {
        let _ = (path, write);
        Ok(())
    }
}

/// The `os` functions that change the file system (checked with `write = true`).
pub const WRITING_OS_FUNCTIONS: &[&str] = &[
    "unlink",
    "remove",
    "rename",
    "replace",
    "mkdir",
    "rmdir",
    "symlink",
    "link",
    "chmod",
    "lchmod",
    "chown",
    "lchown",
    "utime",
    "truncate",
    "mkfifo",
    "mknod",
    "setxattr",
    "removexattr",
    "chflags",
    "lchflags",
];

/// The host's file system.
pub struct HostFs;

impl FileSystem for HostFs {
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }
    fn metadata(&self, path: &str) -> io::Result<FileMeta> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path)?;
        Ok(FileMeta {
            is_dir: m.is_dir(),
            is_file: m.is_file(),
            size: m.len(),
            mtime_ns: m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128,
        })
    }
    fn open(&self, path: &str, opts: &std::fs::OpenOptions) -> io::Result<std::fs::File> {
        opts.open(path)
    }
    fn write_atomic(&self, path: &str, data: &[u8]) -> io::Result<()> {
        let tmp = format!("{}.{}.tmp", path, std::process::id());
        std::fs::write(&tmp, data)?;
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            e
        })
    }
    fn create_dir_all(&self, path: &str) -> io::Result<()> {
        std::fs::create_dir_all(path)
    }
    fn read_dir(&self, path: &str) -> io::Result<Vec<String>> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(path)? {
            out.push(e?.file_name().to_string_lossy().into_owned());
        }
        Ok(out)
    }
}

/// The host file system without writes.
pub struct ReadOnlyFs;

fn denied() -> io::Error {
    io::Error::from_raw_os_error(libc::EROFS)
}

impl FileSystem for ReadOnlyFs {
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        HostFs.read(path)
    }
    fn metadata(&self, path: &str) -> io::Result<FileMeta> {
        HostFs.metadata(path)
    }
    fn open(&self, path: &str, opts: &std::fs::OpenOptions) -> io::Result<std::fs::File> {
        // only reading is allowed: reopen read-only
        let _ = opts;
        let f = std::fs::OpenOptions::new().read(true).open(path)?;
        Ok(f)
    }
    fn write_atomic(&self, _path: &str, _data: &[u8]) -> io::Result<()> {
        Err(denied())
    }
    fn create_dir_all(&self, _path: &str) -> io::Result<()> {
        Err(denied())
    }
    fn read_dir(&self, path: &str) -> io::Result<Vec<String>> {
        HostFs.read_dir(path)
    }
    fn permits(&self, _path: &str, write: bool) -> io::Result<()> {
        if write {
            Err(denied())
        } else {
            Ok(())
        }
    }
}

/// No I/O at all: every operation fails with `EACCES` (`PermissionError`).
pub struct NoIoFs;

impl FileSystem for NoIoFs {
    fn read(&self, _: &str) -> io::Result<Vec<u8>> {
        Err(io::Error::from_raw_os_error(libc::EACCES))
    }
    fn metadata(&self, _: &str) -> io::Result<FileMeta> {
        Err(io::Error::from_raw_os_error(libc::EACCES))
    }
    fn open(&self, _: &str, _: &std::fs::OpenOptions) -> io::Result<std::fs::File> {
        Err(io::Error::from_raw_os_error(libc::EACCES))
    }
    fn write_atomic(&self, _: &str, _: &[u8]) -> io::Result<()> {
        Err(io::Error::from_raw_os_error(libc::EACCES))
    }
    fn create_dir_all(&self, _: &str) -> io::Result<()> {
        Err(io::Error::from_raw_os_error(libc::EACCES))
    }
    fn read_dir(&self, _: &str) -> io::Result<Vec<String>> {
        Err(io::Error::from_raw_os_error(libc::EACCES))
    }
    fn permits(&self, _: &str, _: bool) -> io::Result<()> {
        Err(io::Error::from_raw_os_error(libc::EACCES))
    }
}

/// A file system held in memory (for tests and sandboxes): files by absolute path,
/// directories implied by the files under them (and by `create_dir_all`). `open()`
/// and `os` functions on its paths are refused with `EACCES`, since they need real
/// descriptors; the import system and the .pyc cache work entirely in memory.
#[derive(Default)]
pub struct MemFs {
    files: std::sync::Mutex<std::collections::BTreeMap<String, (Vec<u8>, i128)>>,
    dirs: std::sync::Mutex<std::collections::BTreeSet<String>>,
    clock: std::sync::atomic::AtomicI64,
}

impl MemFs {
    pub fn new() -> MemFs {
        MemFs::default()
    }
    /// Add or replace a file (its modification time is a fresh tick of an internal clock).
    pub fn insert(&self, path: &str, data: &[u8]) {
        let t = self
            .clock
            .fetch_add(1_000_000_000, std::sync::atomic::Ordering::Relaxed) as i128
            + 1_000_000_000;
        self.files
            .lock()
            .unwrap()
            .insert(path.to_string(), (data.to_vec(), t));
    }
    /// The contents of a file, if it exists.
    pub fn get(&self, path: &str) -> Option<Vec<u8>> {
        self.files.lock().unwrap().get(path).map(|f| f.0.clone())
    }
    /// All file paths, sorted.
    pub fn paths(&self) -> Vec<String> {
        self.files.lock().unwrap().keys().cloned().collect()
    }
    fn is_dir(&self, path: &str) -> bool {
        let p = path.trim_end_matches('/');
        if p.is_empty() || self.dirs.lock().unwrap().contains(p) {
            return true;
        }
        let prefix = format!("{p}/");
        self.files
            .lock()
            .unwrap()
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix))
    }
}

fn not_found() -> io::Error {
    io::Error::from_raw_os_error(libc::ENOENT)
}

impl FileSystem for MemFs {
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        self.get(path).ok_or_else(not_found)
    }
    fn metadata(&self, path: &str) -> io::Result<FileMeta> {
        if let Some((d, t)) = self.files.lock().unwrap().get(path) {
            return Ok(FileMeta {
                is_dir: false,
                is_file: true,
                size: d.len() as u64,
                mtime_ns: *t,
            });
        }
        if self.is_dir(path) {
            return Ok(FileMeta {
                is_dir: true,
                ..FileMeta::default()
            });
        }
        Err(not_found())
    }
    fn open(&self, _: &str, _: &std::fs::OpenOptions) -> io::Result<std::fs::File> {
        Err(io::Error::from_raw_os_error(libc::EACCES))
    }
    fn write_atomic(&self, path: &str, data: &[u8]) -> io::Result<()> {
        let parent = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        if !self.is_dir(parent) {
            return Err(not_found());
        }
        self.insert(path, data);
        Ok(())
    }
    fn create_dir_all(&self, path: &str) -> io::Result<()> {
        if self.files.lock().unwrap().contains_key(path) {
            return Err(io::Error::from_raw_os_error(libc::EEXIST));
        }
        self.dirs
            .lock()
            .unwrap()
            .insert(path.trim_end_matches('/').to_string());
        Ok(())
    }
    fn read_dir(&self, path: &str) -> io::Result<Vec<String>> {
        if !self.is_dir(path) {
            return Err(not_found());
        }
        let prefix = format!("{}/", path.trim_end_matches('/'));
        let mut names: Vec<String> = self
            .files
            .lock()
            .unwrap()
            .keys()
            .filter_map(|k| {
                k.strip_prefix(&prefix)
                    .map(|rest| rest.split('/').next().unwrap_or(rest).to_string())
            })
            .collect();
        names.dedup();
        Ok(names)
    }
    fn permits(&self, _: &str, _: bool) -> io::Result<()> {
        Err(io::Error::from_raw_os_error(libc::EACCES))
    }
}

static FS: crate::gil::GilCell<Option<Arc<dyn FileSystem>>> = crate::gil::GilCell::new(None);

/// The installed file system (the host's unless an embedder replaced it).
pub fn filesystem() -> Arc<dyn FileSystem> {
    FS.get().get_or_insert_with(|| Arc::new(HostFs)).clone()
}

/// Replace the file system (before running code).
pub fn set_filesystem(fs: Arc<dyn FileSystem>) {
    *FS.get() = Some(fs);
}
