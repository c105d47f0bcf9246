//! Any SQLite database (CloudWatch `metrics.db`, unknown `.db`): its tables, their columns
//! and row counts, and each table as a paged [`RowSource`] whose cells carry
//! [`Origin::SqliteCell`]. The helpers under this module are shared with the DynamoDB Local
//! decoder.

pub mod cells;
pub mod conn;
pub mod metrics;
pub mod pager;

use std::path::Path;
use std::sync::Arc;

use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;

use crate::formats::{Editing, Evidence, Format, SQLITE_HEADER, name_and_ext};
use crate::kind::EntryKind;
use crate::model::{Document, Origin, Resource, Row, RowFilter, RowSource, Summary, Tree, Value};
use crate::resources::catalog;
use crate::text::plural;
use conn::{Db, cell_value, describe, like_pattern, quote_ident};
use pager::{PageQuery, Pager};

/// Decodes an SQLite database file (read-only; no connection is kept open).
impl EntryKind {
    /// Any other SQLite database (CloudWatch `metrics.db`...).
    pub const SQLITE: EntryKind = EntryKind::new("sqlite");
}

/// Any SQLite database.
pub struct SqliteFormat;

impl Format for SqliteFormat {
    fn kind(&self) -> EntryKind {
        EntryKind::SQLITE
    }

    fn sniff(&self, path: &Path, head: &[u8]) -> Option<Evidence> {
        if head.starts_with(SQLITE_HEADER) {
            return Some(Evidence::Signature);
        }
        matches!(name_and_ext(path).1, "db" | "sqlite").then_some(Evidence::Name)
    }

    fn open(&self, path: &Path) -> crate::Result<Document> {
        open(path)
    }

    fn open_bytes(&self, name: &Path, bytes: Vec<u8>) -> crate::Result<Document> {
        open_db(&Db::from_bytes(name, bytes)?)
    }

    fn editing(&self) -> Editing {
        Editing::InPlace(cells::apply)
    }
}

/// Decodes an SQLite database file.
pub fn open(path: &Path) -> crate::Result<Document> {
    open_db(&Db::file(path))
}

/// Decodes an SQLite database (a file, or one held in memory).
pub fn open_db(db: &Db) -> crate::Result<Document> {
    let (conn, path) = (db.connect()?, db.path());
    let names = user_tables(&conn).map_err(|e| describe(path, e))?;
    let mut tree = Tree::new("sqlite", "database");
    let tables_node = tree.push_container(Tree::ROOT, "tables", "tables", false);
    let mut tables: Vec<Arc<dyn RowSource>> = Vec::new();
    let mut resources = Vec::new();
    let mut metric_resources = Vec::new();
    let mut total = 0u64;
    for (name, sql) in names {
        let table = SqliteTable::describe(db, &conn, &name).map_err(|e| describe(path, e))?;
        let rows = table.count_with(&conn, &RowFilter::default()).map_err(|e| describe(path, e))?;
        total += rows;
        let t = tree.push_container(tables_node, &name, "table", false);
        tree.push(t, "rows", "int", Value::Int(rows as i64));
        let cols = tree.push_container(t, "columns", "columns", false);
        for (c, ty) in &table.column_types {
            tree.push(cols, c, "column", Value::Str(ty.clone()));
        }
        tree.push(t, "sql", "str", Value::Str(sql));
        resources.push(Resource {
            kind: "table".into(),
            name: name.clone(),
            details: vec![
                ("rows".into(), rows.to_string()),
                ("columns".into(), table.column_types.len().to_string()),
            ],
            node: Some(t),
            collections: vec![catalog::rows("row", rows, tables.len())],
            ..Resource::default()
        });
        let columns: Vec<String> = table.column_types.iter().map(|(c, _)| c.clone()).collect();
        metric_resources
            .extend(metrics::metrics(&conn, &name, &columns).map_err(|e| describe(path, e))?);
        tables.push(Arc::new(table));
    }
    resources.extend(metric_resources);
    tree.dedupe_names();
    let headline =
        format!("SQLite · {} · {}", plural("table", tables.len()), plural("row", total as usize));
    Ok(Document {
        format: "SQLite".into(),
        tree,
        summary: Summary { headline, resources, ..Summary::default() },
        tables,
        ..Document::default()
    })
}

/// Names and `CREATE` statements of the tables that are not SQLite's own.
fn user_tables(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// One table of a generic SQLite database, read page by page.
pub struct SqliteTable {
    db: Db,
    name: String,
    /// Column names and declared types, in table order.
    column_types: Vec<(String, String)>,
    has_rowid: bool,
    pager: Pager,
}

impl SqliteTable {
    fn describe(db: &Db, conn: &Connection, name: &str) -> rusqlite::Result<Self> {
        let mut stmt = conn.prepare(&format!("PRAGMA table_info({})", quote_ident(name)))?;
        let column_types = stmt
            .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let has_rowid =
            conn.prepare(&format!("SELECT rowid FROM {} LIMIT 0", quote_ident(name))).is_ok();
        Ok(SqliteTable {
            db: db.clone(),
            name: name.to_string(),
            column_types,
            has_rowid,
            pager: Pager::default(),
        })
    }

    /// WHERE conditions and arguments for a filter: key prefix on the first column, text in
    /// any column (both case-insensitive for ASCII, as SQLite's LIKE).
    fn conditions(&self, filter: &RowFilter) -> (Vec<String>, Vec<SqlValue>) {
        let mut conds = Vec::new();
        let mut args = Vec::new();
        if let (Some(prefix), Some((first, _))) = (&filter.key_prefix, self.column_types.first()) {
            conds.push(format!("CAST({} AS TEXT) LIKE ? ESCAPE '\\'", quote_ident(first)));
            args.push(SqlValue::Text(like_pattern(prefix, true)));
        }
        if let Some(text) = &filter.text {
            let pattern = like_pattern(text, false);
            let any: Vec<String> = self
                .column_types
                .iter()
                .map(|(c, _)| {
                    args.push(SqlValue::Text(pattern.clone()));
                    format!("CAST({} AS TEXT) LIKE ? ESCAPE '\\'", quote_ident(c))
                })
                .collect();
            if !any.is_empty() {
                conds.push(format!("({})", any.join(" OR ")));
            }
        }
        (conds, args)
    }

    fn count_with(&self, conn: &Connection, filter: &RowFilter) -> rusqlite::Result<u64> {
        let (conds, args) = self.conditions(filter);
        pager::count(conn, &quote_ident(&self.name), &conds, &args)
    }
}

impl RowSource for SqliteTable {
    fn name(&self) -> &str {
        &self.name
    }

    fn columns(&self) -> Vec<String> {
        self.column_types.iter().map(|(c, _)| c.clone()).collect()
    }

    fn count(&self, filter: &RowFilter) -> crate::Result<u64> {
        let conn = self.db.connect()?;
        self.count_with(&conn, filter).map_err(|e| describe(self.db.path(), e))
    }

    fn page(&self, filter: &RowFilter, offset: u64, limit: usize) -> crate::Result<Vec<Row>> {
        let conn = self.db.connect()?;
        let (conds, args) = self.conditions(filter);
        let cols: Vec<String> = self.column_types.iter().map(|(c, _)| quote_ident(c)).collect();
        let first = if self.has_rowid { "rowid" } else { "0" };
        let select =
            format!("SELECT {first}, {} FROM {}", cols.join(", "), quote_ident(&self.name));
        let query =
            PageQuery { keyset: self.has_rowid, select: &select, conds: &conds, args: &args };
        let n = self.column_types.len();
        self.pager
            .page(&conn, filter, &query, offset, limit, |rowid, r| {
                let mut detail = Tree::new(&self.name, "row");
                let mut cells = Vec::with_capacity(n);
                for (i, (col, _)) in self.column_types.iter().enumerate() {
                    let (value, ty) = cell_value(r.get_ref(i + 1)?);
                    cells.push(value.display());
                    let origin = self.has_rowid.then(|| Origin::SqliteCell {
                        table: self.name.clone(),
                        rowid,
                        column: col.clone(),
                    });
                    detail.push_leaf(Tree::ROOT, col, ty, value, origin);
                }
                detail.dedupe_names();
                Ok(Row { id: rowid, cells, detail })
            })
            .map_err(|e| describe(self.db.path(), e))
    }
}
