//! A DynamoDB table's items as a paged [`RowSource`], read straight from the SQLite table
//! DynamoDB Local keeps for it (one row per item, `ObjectJSON` holding the whole item).
//!
//! Never loads all rows: pages are keyset reads in rowid order (see
//! [`Pager`]), counts are `COUNT(*)`. A key prefix on a
//! string hash key is a range on the primary-key index; on number/binary keys it compares the
//! key's text in the item. Text search looks inside `ObjectJSON`.

use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;

use super::item::{self, ItemPlace};
use super::table_info::{TableInfo, text_or_blob};
use crate::formats::json::parse::write_json_string;
use crate::formats::sqlite::conn::{Db, describe, like_pattern, quote_ident};
use crate::formats::sqlite::pager::{self, PageQuery, Pager};
use crate::model::{NodeId, Row, RowFilter, RowSource, Tree, escape_pointer};

/// Characters of the attributes preview column.
const PREVIEW_CHARS: usize = 240;

/// One DynamoDB table's items, paged from the SQLite table DynamoDB Local keeps for it.
pub struct ItemSource {
    db: Db,
    info: TableInfo,
    pager: Pager,
}

impl ItemSource {
    /// The items of the table `info` describes, in the DynamoDB Local database `db`.
    pub fn new(db: &Db, info: TableInfo) -> Self {
        ItemSource { db: db.clone(), info, pager: Pager::default() }
    }

    /// The table's description from `dm` (keys, indexes, billing).
    pub fn info(&self) -> &TableInfo {
        &self.info
    }

    fn key_names(&self) -> Vec<&str> {
        self.info.keys.iter().map(|k| k.name.as_str()).collect()
    }

    fn conditions(&self, filter: &RowFilter) -> (Vec<String>, Vec<SqlValue>) {
        let mut conds = Vec::new();
        let mut args = Vec::new();
        if let (Some(prefix), Some(hash)) = (&filter.key_prefix, self.info.keys.first()) {
            if hash.attr_type == "S" {
                // DynamoDB Local stores string hash keys as their UTF-8 bytes: a byte range
                // [prefix, prefix+1) on the primary-key index.
                let low = prefix.as_bytes().to_vec();
                match prefix_upper_bound(&low) {
                    Some(high) => {
                        conds.push("hashKey >= ? AND hashKey < ?".into());
                        args.push(SqlValue::Blob(low));
                        args.push(SqlValue::Blob(high));
                    }
                    None => {
                        conds.push("hashKey >= ?".into());
                        args.push(SqlValue::Blob(low));
                    }
                }
            } else {
                let mut path = String::from("$.");
                write_json_string(&mut path, &hash.name);
                path.push('.');
                path.push_str(&hash.attr_type);
                conds.push("json_extract(CAST(ObjectJSON AS TEXT), ?) LIKE ? ESCAPE '\\'".into());
                args.push(SqlValue::Text(path));
                args.push(SqlValue::Text(like_pattern(prefix, true)));
            }
        }
        if let Some(text) = &filter.text {
            // Match the text as typed and as it is written inside a JSON string (quotes and
            // backslashes escaped), so both `"open"` and `say "hi"` find what they mean.
            let mut escaped = String::new();
            write_json_string(&mut escaped, text);
            let inner = &escaped[1..escaped.len() - 1];
            if inner == text {
                conds.push("ObjectJSON LIKE ? ESCAPE '\\'".into());
            } else {
                conds.push(
                    "(ObjectJSON LIKE ? ESCAPE '\\' OR ObjectJSON LIKE ? ESCAPE '\\')".into(),
                );
                args.push(SqlValue::Text(like_pattern(inner, false)));
            }
            args.push(SqlValue::Text(like_pattern(text, false)));
        }
        (conds, args)
    }

    /// `COUNT(*)` on an open connection.
    pub fn count_with(&self, conn: &Connection, filter: &RowFilter) -> rusqlite::Result<u64> {
        let (conds, args) = self.conditions(filter);
        pager::count(conn, &quote_ident(&self.info.name), &conds, &args)
    }
}

/// The smallest byte string greater than every string starting with `prefix`.
fn prefix_upper_bound(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut high = prefix.to_vec();
    while let Some(last) = high.pop() {
        if last < 0xFF {
            high.push(last + 1);
            return Some(high);
        }
    }
    None
}

impl RowSource for ItemSource {
    fn name(&self) -> &str {
        &self.info.name
    }

    fn columns(&self) -> Vec<String> {
        let mut cols: Vec<String> = self.info.keys.iter().map(|k| k.name.clone()).collect();
        cols.push("attributes".into());
        cols.push("size".into());
        cols
    }

    fn count(&self, filter: &RowFilter) -> crate::Result<u64> {
        let conn = self.db.connect()?;
        self.count_with(&conn, filter).map_err(|e| describe(self.db.path(), e))
    }

    fn page(&self, filter: &RowFilter, offset: u64, limit: usize) -> crate::Result<Vec<Row>> {
        let conn = self.db.connect()?;
        let (conds, args) = self.conditions(filter);
        let select =
            format!("SELECT rowid, ObjectJSON, itemSize FROM {}", quote_ident(&self.info.name));
        let query = PageQuery { keyset: true, select: &select, conds: &conds, args: &args };
        let raw = self
            .pager
            .page(&conn, filter, &query, offset, limit, |rowid, r| {
                Ok((rowid, text_or_blob(r.get_ref(1)?), r.get::<_, Option<i64>>(2)?))
            })
            .map_err(|e| describe(self.db.path(), e))?;
        drop(conn);
        let keys = self.key_names();
        raw.into_iter()
            .map(|(rowid, json, size)| {
                let place = ItemPlace { table: &self.info.name, rowid };
                let detail = item::item_tree(&json, &keys, Some(&place)).map_err(|e| {
                    crate::err!(
                        "{}: table {} row {rowid}: {e}",
                        self.db.path().display(),
                        self.info.name
                    )
                })?;
                let key_nodes: Vec<Option<NodeId>> = keys
                    .iter()
                    .map(|k| detail.resolve(&format!("/{}", escape_pointer(k))))
                    .collect();
                let mut cells: Vec<String> = key_nodes
                    .iter()
                    .map(|n| n.map(|n| detail.node(n).value.display()).unwrap_or_default())
                    .collect();
                let present = key_nodes.iter().flatten().count();
                cells.push(item::preview(&detail, Tree::ROOT, present, PREVIEW_CHARS));
                cells.push(size.map(|s| s.to_string()).unwrap_or_default());
                Ok(Row { id: rowid, cells, detail })
            })
            .collect()
    }
}
