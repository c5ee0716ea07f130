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
}

/// The host's file system.
pub struct HostFs;

impl FileSystem for HostFs {
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }
    fn metadata(&self, path: &str) -> io::Result<FileMeta> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path)?;
        Ok(FileMeta { is_dir: m.is_dir(), is_file: m.is_file(), size: m.len(), mtime_ns: m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128 })
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
