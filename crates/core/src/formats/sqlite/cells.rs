//! Saving edits to SQLite files: DynamoDB Local item attributes (`ObjectJSON` + `itemSize`)
//! and plain cells, all in ONE write transaction that is verified before it commits. The
//! connection is closed when done, so the database is never left locked.
//!
//! DynamoDB key and index attributes are refused: their values are also stored in encoded key
//! columns (`hashKey`, `rangeKey`, `hashValue`, `indexKey_N`…), which this editor does not
//! rewrite.

use std::path::Path;
use std::time::Duration;

use crate::bail;
use crate::error::{Context, Result};
use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::formats::LeafEdit;
use crate::formats::dynamodb::item_edit;
use crate::model::{Origin, Value};

/// Writes all `edits` to the database at `path` in one transaction
/// ([`crate::formats::Editing::InPlace`] of SQLite and DynamoDB Local).
pub fn apply(path: &Path, edits: &[LeafEdit<'_>]) -> Result<()> {
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open {} for writing", path.display()))?;
    conn.busy_timeout(Duration::from_secs(2))?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).with_context(|| {
        format!(
            "{} is locked by another program (is DynamoDB Local or LocalStack running on it?)",
            path.display()
        )
    })?;
    for e in edits {
        match e.origin {
            Origin::DynamoAttr { table, rowid, path: attr } => {
                set_attribute(&tx, table, *rowid, attr, e.new)?
            }
            Origin::SqliteCell { table, rowid, column } => {
                set_cell(&tx, table, *rowid, column, e.new)?
            }
            other => bail!("not an SQLite origin: {other:?}"),
        }
    }
    tx.commit().with_context(|| format!("committing the edits to {}", path.display()))?;
    conn.close().map_err(|(_, e)| e).with_context(|| format!("closing {}", path.display()))
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// Attribute names that are part of the table's key or of an index.
pub fn key_attributes(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let info: Vec<u8> = conn
        .query_row("SELECT TableInfo FROM dm WHERE TableName = ?1", [table], |r| r.get(0))
        .with_context(|| format!("table {table:?} is not in this DynamoDB Local database"))?;
    let info: serde_json::Value = serde_json::from_slice(&info)
        .with_context(|| format!("TableInfo of {table:?} is not JSON"))?;
    let mut names: Vec<String> = info["Attributes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["AttributeName"].as_str().map(String::from))
        .collect();
    for cols in info["SQLiteIndex"].as_object().into_iter().flat_map(|m| m.values()) {
        for c in cols.as_array().into_iter().flatten() {
            if let Some(n) = c["DynamoDBAttribute"]["AttributeName"].as_str() {
                names.push(n.to_string());
            }
        }
    }
    names.sort();
    names.dedup();
    Ok(names)
}

fn set_attribute(
    conn: &Connection,
    table: &str,
    rowid: i64,
    path: &[String],
    new: &Value,
) -> Result<()> {
    let attr = path.first().map(String::as_str).unwrap_or_default();
    if key_attributes(conn, table)?.iter().any(|k| k == attr) {
        bail!(
            "{table}: {attr:?} is a key attribute of the table or of one of its indexes; DynamoDB Local also stores it \
             in encoded key columns (hashKey/rangeKey/hashValue/indexKey_N) that this editor does not rewrite. \
             To change it, put a new item with the new key and delete the old one through the DynamoDB API"
        );
    }
    let sql = format!("SELECT ObjectJSON, itemSize FROM {} WHERE rowid = ?1", quote(table));
    let (old, stored_size): (Vec<u8>, i64) = conn
        .query_row(&sql, [rowid], |r| Ok((r.get(0)?, r.get(1)?)))
        .with_context(|| format!("{table}: no item with rowid {rowid}"))?;
    let new_json =
        item_edit::rewrite(&old, path, new).with_context(|| format!("{table} item {rowid}"))?;
    // Keep DynamoDB Local's own number when our formula would disagree with it on the old item.
    let size =
        stored_size + item_edit::item_size(&new_json)? as i64 - item_edit::item_size(&old)? as i64;
    let sql =
        format!("UPDATE {} SET ObjectJSON = ?1, itemSize = ?2 WHERE rowid = ?3", quote(table));
    let n = conn.execute(&sql, rusqlite::params![new_json, size, rowid])?;
    if n != 1 {
        bail!("{table}: updating item {rowid} changed {n} rows");
    }
    let check: Vec<u8> = conn.query_row(
        &format!("SELECT ObjectJSON FROM {} WHERE rowid = ?1", quote(table)),
        [rowid],
        |r| r.get(0),
    )?;
    if check != new_json {
        bail!("{table}: item {rowid} did not read back as written");
    }
    Ok(())
}

fn sql_value(v: &Value, current: &Sql) -> Result<Sql> {
    Ok(match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Int(i) => Sql::Integer(*i),
        Value::BigInt(s) => bail!("{s} does not fit SQLite's 64-bit integer"),
        Value::Float(f) => Sql::Real(*f),
        Value::Number(s) | Value::Str(s) | Value::Text(s) => match current {
            // A numeric column shown as text keeps its storage class only if the text parses.
            Sql::Integer(_) => {
                Sql::Integer(s.parse().with_context(|| format!("{s:?} is not an integer"))?)
            }
            Sql::Real(_) => Sql::Real(s.parse().with_context(|| format!("{s:?} is not a number"))?),
            _ => Sql::Text(s.clone()),
        },
        Value::Bytes(b) => Sql::Blob(b.clone()),
        Value::Container | Value::Ref(_) => bail!("only scalars can be stored in a cell"),
    })
}

fn set_cell(conn: &Connection, table: &str, rowid: i64, column: &str, new: &Value) -> Result<()> {
    let read = format!("SELECT {} FROM {} WHERE rowid = ?1", quote(column), quote(table));
    let current: Sql = conn
        .query_row(&read, [rowid], |r| r.get(0))
        .with_context(|| format!("{table}: no row with rowid {rowid} (or no column {column:?})"))?;
    let value = sql_value(new, &current)?;
    let n = conn.execute(
        &format!("UPDATE {} SET {} = ?1 WHERE rowid = ?2", quote(table), quote(column)),
        rusqlite::params![value, rowid],
    )?;
    if n != 1 {
        bail!("{table}: updating row {rowid} changed {n} rows");
    }
    let back: Sql = conn.query_row(&read, [rowid], |r| r.get(0))?;
    if back != value {
        bail!(
            "{table}.{column} of row {rowid} reads back as {back:?}, not {value:?} (a trigger or column affinity changed it)"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf<'a>(origin: &'a Origin, new: &'a Value) -> LeafEdit<'a> {
        LeafEdit { origin, old: &Value::Null, new, allow_shared: false }
    }

    const SAMPLE_DDB: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/sample-volume/state/dynamodb/000000000000useast1_us-east-1.db"
    );

    #[test]
    fn item_size_formula_matches_every_stored_item() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/sample-volume/state/dynamodb");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let conn = Connection::open_with_flags(
                entry.unwrap().path(),
                OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .unwrap();
            let tables: Vec<String> = conn
                .prepare("SELECT TableName FROM dm")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            for t in tables {
                let mut st = conn
                    .prepare(&format!("SELECT itemSize, ObjectJSON FROM {}", quote(&t)))
                    .unwrap();
                for row in st
                    .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))
                    .unwrap()
                {
                    let (size, json) = row.unwrap();
                    assert_eq!(
                        item_edit::item_size(&json).unwrap() as i64,
                        size,
                        "{t}: {}",
                        String::from_utf8_lossy(&json)
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked >= 20, "only {checked} items checked");
    }

    #[test]
    fn key_attributes_include_gsi_keys() {
        let conn =
            Connection::open_with_flags(SAMPLE_DDB, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        assert_eq!(key_attributes(&conn, "users").unwrap(), ["email", "pk", "sk"]);
        assert_eq!(key_attributes(&conn, "events").unwrap(), ["seq", "stream"]);
    }

    #[test]
    fn edits_a_copy_in_one_transaction_and_refuses_keys() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        std::fs::copy(SAMPLE_DDB, &db).unwrap();
        let age = Origin::DynamoAttr { table: "users".into(), rowid: 2, path: vec!["age".into()] };
        let key =
            Origin::DynamoAttr { table: "users".into(), rowid: 2, path: vec!["email".into()] };
        let n = Value::Number("99".into());
        // A refused edit in the batch rolls back the good one.
        let err = apply(&db, &[leaf(&age, &n), leaf(&key, &Value::Str("x".into()))]).unwrap_err();
        assert!(format!("{err:#}").contains("key attribute"), "{err:#}");
        let conn = Connection::open(&db).unwrap();
        let read = |c: &Connection| {
            c.query_row("SELECT ObjectJSON, itemSize FROM users WHERE rowid = 2", [], |r| {
                Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?))
            })
            .unwrap()
        };
        assert!(String::from_utf8(read(&conn).0).unwrap().contains(r#""age":{"N":"22"}"#));
        drop(conn);
        apply(&db, &[leaf(&age, &Value::Number("12345".into()))]).unwrap();
        let conn = Connection::open(&db).unwrap();
        let (json, size) = read(&conn);
        assert_eq!(
            String::from_utf8(json).unwrap(),
            r#"{"sk":{"S":"profile"},"pk":{"S":"user#2"},"email":{"S":"user2@example.com"},"age":{"N":"12345"}}"#
        );
        assert_eq!(size, 46, "44 + N 12345 (3 base-100 digits + 1) - N 22 (2)");
        // A plain cell.
        let cell = Origin::SqliteCell { table: "cf".into(), rowid: 1, column: "version".into() };
        drop(conn);
        apply(&db, &[leaf(&cell, &Value::Str("v9".into()))]).unwrap();
        let conn = Connection::open(&db).unwrap();
        assert_eq!(
            conn.query_row("SELECT version FROM cf", [], |r| r.get::<_, String>(0)).unwrap(),
            "v9"
        );
    }
}
