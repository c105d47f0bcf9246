//! The core's one error type: what failed, on which file, at which byte or pointer.
//!
//! Decoders, the volume scan and the edit pipeline return [`Result`]; the front ends turn an
//! [`Error`] into a message (its `Display` is the whole chain, outermost first, the way
//! `anyhow`'s `{:#}` prints one, so no variant also reports a `source()`: printed through
//! `anyhow` the chain would appear twice), and `anyhow` lives only there.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::formats::avro::AvroError;
use crate::formats::depth::TooDeep;
use crate::formats::json::parse::ParseError;
use crate::formats::pickle::PickleError;
use crate::formats::present::{PresentError, TooManyNodes};
use crate::volume::ScanError;

/// `Result` with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why something in the core failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading, writing or syncing a file failed.
    #[error("cannot {action} {}: {cause}", path.display())]
    Io {
        /// What was being done (`read`, `open`, `write`…).
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        cause: std::io::Error,
    },
    /// A pickle that cannot be decoded or edited (with its byte offset).
    #[error(transparent)]
    Pickle(#[from] PickleError),
    /// An Avro file that cannot be decoded (with its byte offset).
    #[error(transparent)]
    Avro(#[from] AvroError),
    /// JSON that does not parse (with its line, column and byte offset).
    #[error(transparent)]
    Json(#[from] ParseError),
    /// Data nested deeper than the decoders' depth limit.
    #[error(transparent)]
    TooDeep(#[from] TooDeep),
    /// A decoded document over its node limit.
    #[error(transparent)]
    TooManyNodes(#[from] TooManyNodes),
    /// An SQLite database that cannot be read or written.
    #[error("{0}")]
    Sqlite(rusqlite::Error),
    /// A path that is not a volume, or cannot be scanned.
    #[error(transparent)]
    Scan(#[from] ScanError),
    /// The file changed on disk since it was read (an edit would overwrite that change).
    #[error("{0}")]
    Conflict(String),
    /// An error with what was being done when it happened.
    #[error("{context}: {cause}")]
    Context {
        /// What was being done.
        context: String,
        /// What went wrong.
        cause: Box<Error>,
    },
    /// Anything else, in words.
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// An error said in words.
    pub fn msg(text: impl fmt::Display) -> Error {
        Error::Other(text.to_string())
    }

    /// An I/O error on `path` while doing `action`.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Error {
        Error::Io { action, path: path.to_path_buf(), cause: source }
    }

    /// This error with what was being done when it happened.
    pub fn context(self, context: impl fmt::Display) -> Error {
        Error::Context { context: context.to_string(), cause: Box::new(self) }
    }

    /// The innermost error (past every [`Error::Context`]).
    pub fn root_cause(&self) -> &Error {
        let mut e = self;
        while let Error::Context { cause, .. } = e {
            e = cause;
        }
        e
    }

    /// Whether this is (or wraps) an on-disk conflict.
    pub fn is_conflict(&self) -> bool {
        matches!(self.root_cause(), Error::Conflict(_))
    }
}

/// Errors of the standard library and of dependencies that carry no file or position of
/// their own: kept as their message (callers add the file with [`Context`]).
macro_rules! from_message {
    ($($t:ty),* $(,)?) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Error {
                Error::Other(e.to_string())
            }
        }
    )*};
}

from_message!(
    std::io::Error,
    std::num::ParseIntError,
    std::num::ParseFloatError,
    tempfile::PersistError,
    tempfile::PathPersistError,
    base64::DecodeError,
    String,
);

impl From<PresentError> for Error {
    fn from(e: PresentError) -> Error {
        match e {
            PresentError::TooManyNodes(e) => Error::TooManyNodes(e),
            PresentError::TooDeep(e) => Error::TooDeep(e),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::Sqlite(e)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::Other(format!("JSON: {e}"))
    }
}

/// Adds what was being done to an error (`anyhow::Context`, for the core's [`Error`]).
pub trait Context<T> {
    /// Wraps the error with `context`.
    fn context(self, context: impl fmt::Display) -> Result<T>;
    /// Wraps the error with the text `f` makes (only on failure).
    fn with_context<C: fmt::Display>(self, f: impl FnOnce() -> C) -> Result<T>;
}

impl<T, E: Into<Error>> Context<T> for std::result::Result<T, E> {
    fn context(self, context: impl fmt::Display) -> Result<T> {
        self.map_err(|e| Error::Context { context: context.to_string(), cause: Box::new(e.into()) })
    }

    fn with_context<C: fmt::Display>(self, f: impl FnOnce() -> C) -> Result<T> {
        self.map_err(|e| Error::Context { context: f().to_string(), cause: Box::new(e.into()) })
    }
}

impl<T> Context<T> for Option<T> {
    fn context(self, context: impl fmt::Display) -> Result<T> {
        self.ok_or_else(|| Error::msg(context))
    }

    fn with_context<C: fmt::Display>(self, f: impl FnOnce() -> C) -> Result<T> {
        self.ok_or_else(|| Error::msg(f()))
    }
}

/// An [`Error::Other`] from a format string: `err!("no table {name}")`.
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::Error::Other(format!($($arg)*))
    };
}

/// Returns early with [`err!`]: `bail!("{} is empty", path.display())`.
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err($crate::err!($($arg)*).into())
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `anyhow`'s `{:#}` prints: the error, then each `source()` after `: `.
    fn anyhow_like(e: &dyn std::error::Error) -> String {
        let mut text = e.to_string();
        let mut cur = e.source();
        while let Some(s) = cur {
            text = format!("{text}: {s}");
            cur = s.source();
        }
        text
    }

    #[test]
    fn display_is_the_whole_chain_and_the_cause_stays_typed() {
        let e: Result<()> = Err(Error::Conflict("x.state changed on disk".into()));
        let e = e.context("saving x.state").unwrap_err();
        assert_eq!(e.to_string(), "saving x.state: x.state changed on disk");
        assert!(e.is_conflict());
        let io = Error::io("read", Path::new("/v/a"), std::io::ErrorKind::NotFound.into());
        assert_eq!(io.to_string(), "cannot read /v/a: entity not found");
        // The chain is in Display only: anyhow's `{:#}` would print a source() again.
        assert!(
            std::error::Error::source(&e).is_none() && std::error::Error::source(&io).is_none()
        );
        let sql = Error::from(rusqlite::Error::InvalidQuery).context("x.db is corrupt");
        assert_eq!(anyhow_like(&sql), sql.to_string());
    }
}
