//! Read-only SQLite connections and the SQL text helpers every SQLite-backed decoder shares.
//!
//! A connection to a file is opened per query and dropped right after, so localstate never
//! holds a lock while idle (a running DynamoDB Local keeps writing the same file). A database
//! read from an archive lives in memory ([`Db::from_bytes`], SQLite's `sqlite3_deserialize`,
//! read-only), behind one connection every query shares: it is never written to disk. Errors
//! are translated into messages that say what is wrong with the file.

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::model::Value;

/// How long a read waits for another process's write lock before giving up.
const BUSY_WAIT: Duration = Duration::from_millis(750);

/// Opens `path` read-only and checks it is a readable SQLite database.
pub fn connect(path: &Path) -> crate::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    crate::files::regular_file(path, crate::files::max_bytes())?;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| describe(path, e))?;
    conn.busy_timeout(BUSY_WAIT).map_err(|e| describe(path, e))?;
    conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
        .map_err(|e| describe(path, e))?;
    Ok(conn)
}

/// Where a database's pages are read from.
#[derive(Clone)]
pub enum Db {
    /// A file on disk, opened read-only for each query.
    File(PathBuf),
    /// A copy in memory (an archive member), with the one connection every query uses.
    Memory {
        /// What the database is called in messages (`ARCHIVE!/MEMBER`).
        name: PathBuf,
        /// The in-memory database.
        conn: Arc<Mutex<Connection>>,
    },
}

impl Db {
    /// The database file at `path`.
    pub fn file(path: &Path) -> Db {
        Db::File(path.to_path_buf())
    }

    /// A read-only in-memory database holding `bytes` (a database file's content), called
    /// `name`. A database saved in WAL mode is read as a rollback-journal one (the in-memory
    /// VFS has no WAL; the pages are the same).
    pub fn from_bytes(name: &Path, mut bytes: Vec<u8>) -> crate::Result<Db> {
        if bytes.starts_with(crate::formats::SQLITE_HEADER) && bytes.len() > 19 {
            for b in &mut bytes[18..20] {
                if *b == 2 {
                    *b = 1;
                }
            }
        }
        let mut conn = Connection::open_in_memory().map_err(|e| describe(name, e))?;
        conn.deserialize_read_exact(rusqlite::MAIN_DB, bytes.as_slice(), bytes.len(), true)
            .map_err(|e| describe(name, e))?;
        conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
            .map_err(|e| describe(name, e))?;
        Ok(Db::Memory { name: name.to_path_buf(), conn: Arc::new(Mutex::new(conn)) })
    }

    /// The file, or the name of the in-memory copy.
    pub fn path(&self) -> &Path {
        match self {
            Db::File(p) => p,
            Db::Memory { name, .. } => name,
        }
    }

    /// A connection for one query (see [`connect`] for a file).
    pub fn connect(&self) -> crate::Result<Conn<'_>> {
        match self {
            Db::File(p) => connect(p).map(Conn::Own),
            Db::Memory { conn, .. } => {
                Ok(Conn::Shared(conn.lock().unwrap_or_else(|p| p.into_inner())))
            }
        }
    }
}

/// A connection from [`Db::connect`]: a file's own, or the shared in-memory one, locked.
pub enum Conn<'a> {
    /// Opened for this query.
    Own(Connection),
    /// The in-memory database's connection.
    Shared(MutexGuard<'a, Connection>),
}

impl Deref for Conn<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Conn::Own(c) => c,
            Conn::Shared(c) => c,
        }
    }
}

/// An SQLite error on the file at `path`, said in terms of the file (not a database, corrupt,
/// locked…), with the typed SQLite error as its cause.
pub fn describe(path: &Path, e: rusqlite::Error) -> crate::Error {
    let p = path.display();
    let code = match &e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    };
    let what = match code {
        Some(ErrorCode::NotADatabase) => format!("{p} is not an SQLite database"),
        Some(ErrorCode::DatabaseCorrupt) => format!("{p} is corrupt or truncated"),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => format!(
            "{p} is locked by another program that is writing to it (DynamoDB Local?); try again when it is idle"
        ),
        Some(ErrorCode::CannotOpen) => format!("cannot open {p}"),
        _ => format!("{p}: SQLite error"),
    };
    crate::Error::Sqlite(e).context(what)
}

/// `name` as an SQL identifier (double quotes, inner quotes doubled).
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A `LIKE … ESCAPE '\'` pattern matching `text` literally, with `%` added where asked.
pub fn like_pattern(text: &str, prefix_only: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    if !prefix_only {
        out.push('%');
    }
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// A cell as a model value with its SQLite storage class as type name.
pub fn cell_value(v: rusqlite::types::ValueRef<'_>) -> (Value, &'static str) {
    use rusqlite::types::ValueRef as V;
    match v {
        V::Null => (Value::Null, "NULL"),
        V::Integer(i) => (Value::Int(i), "INTEGER"),
        V::Real(f) => (Value::Float(f), "REAL"),
        V::Text(t) => (Value::Str(String::from_utf8_lossy(t).into_owned()), "TEXT"),
        V::Blob(b) => match std::str::from_utf8(b) {
            // JSON and text are often stored as BLOB (DynamoDB Local's ObjectJSON, TableInfo).
            Ok(s) if !s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) => {
                (Value::Str(s.to_string()), "BLOB")
            }
            _ => (Value::Bytes(b.to_vec()), "BLOB"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("a%b_c", false), "%a\\%b\\_c%");
        assert_eq!(like_pattern("user#", true), "user#%");
        assert_eq!(quote_ident("we\"ird"), "\"we\"\"ird\"");
    }
}
