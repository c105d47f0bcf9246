//! Read-only SQLite connections and the SQL text helpers every SQLite-backed decoder shares.
//!
//! A connection is opened per query and dropped right after, so localstate never holds a
//! lock while idle (a running DynamoDB Local keeps writing the same file). Errors are
//! translated into messages that say what is wrong with the file.

use std::path::Path;
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
