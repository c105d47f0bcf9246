//! Keyset paging over rowid-ordered queries.
//!
//! A [`RowSource`](crate::model::RowSource) is asked for pages by offset; `OFFSET n` makes
//! SQLite step over n rows, which is slow deep into a million-row table. The pager remembers,
//! per filter, the rowid found at the end of each page served, so the next page (the usual
//! case when scrolling) starts with `rowid > last` and skips nothing, and a jump skips only
//! from the nearest remembered position.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, params_from_iter};

use crate::model::RowFilter;

type FilterKey = (Option<String>, Option<String>);

/// Most positions remembered per filter (old ones are dropped first when full).
const MAX_MARKS: usize = 4096;

/// Remembers, per filter, the rowid at the end of each page served, so that pages are keyset reads.
#[derive(Default)]
pub struct Pager {
    marks: Mutex<HashMap<FilterKey, BTreeMap<u64, i64>>>,
}

/// Where a page query starts: after this rowid (if any), skipping this many rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Start {
    /// Start after this rowid (`rowid > ?`), if a page end is remembered.
    pub after_rowid: Option<i64>,
    /// Rows to skip (with `OFFSET`) from there.
    pub skip: u64,
}

fn key(f: &RowFilter) -> FilterKey {
    (f.key_prefix.clone(), f.text.clone())
}

impl Pager {
    /// The cheapest way to reach row `offset` under `filter`.
    pub fn start(&self, filter: &RowFilter, offset: u64) -> Start {
        let marks = self.marks.lock().unwrap_or_else(|p| p.into_inner());
        match marks.get(&key(filter)).and_then(|m| m.range(..=offset).next_back()) {
            Some((at, rowid)) => Start { after_rowid: Some(*rowid), skip: offset - at },
            None => Start { after_rowid: None, skip: offset },
        }
    }

    /// Notes that the row at position `offset - 1` under `filter` has `rowid`.
    pub fn remember(&self, filter: &RowFilter, offset: u64, rowid: i64) {
        let mut marks = self.marks.lock().unwrap_or_else(|p| p.into_inner());
        let m = marks.entry(key(filter)).or_default();
        if m.len() >= MAX_MARKS {
            m.pop_first();
        }
        m.insert(offset, rowid);
    }

    /// Reads `limit` rows from position `offset` of `select` (a `SELECT rowid, … FROM …`
    /// with rowid first) under the conditions `conds` (joined with AND, bound to `args`),
    /// in rowid order, and remembers where the page ended.
    pub fn page<T>(
        &self,
        conn: &Connection,
        filter: &RowFilter,
        query: &PageQuery<'_>,
        offset: u64,
        limit: usize,
        mut map: impl FnMut(i64, &rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Vec<T>> {
        let start = if query.keyset {
            self.start(filter, offset)
        } else {
            Start { after_rowid: None, skip: offset }
        };
        let mut conds: Vec<&str> = query.conds.iter().map(String::as_str).collect();
        let mut args: Vec<SqlValue> = query.args.to_vec();
        if let Some(after) = start.after_rowid {
            conds.push("rowid > ?");
            args.push(SqlValue::Integer(after));
        }
        let where_sql = if conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conds.join(" AND "))
        };
        let order = if query.keyset { " ORDER BY rowid" } else { "" };
        let sql = format!("{}{where_sql}{order} LIMIT ? OFFSET ?", query.select);
        args.push(SqlValue::Integer(limit as i64));
        args.push(SqlValue::Integer(i64::try_from(start.skip).unwrap_or(i64::MAX)));
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(args))?;
        let mut out = Vec::with_capacity(limit);
        let mut last = None;
        while let Some(row) = rows.next()? {
            let rowid: i64 =
                if query.keyset { row.get(0)? } else { (offset + out.len() as u64) as i64 };
            last = Some(rowid);
            out.push(map(rowid, row)?);
        }
        if let (true, Some(rowid)) = (query.keyset, last) {
            self.remember(filter, offset + out.len() as u64, rowid);
        }
        Ok(out)
    }
}

/// The parts of a paged query: `select` is `SELECT rowid, … FROM …`; `conds` are SQL
/// conditions (ANDed) whose `?` placeholders take `args` in order. Tables without a rowid
/// (`WITHOUT ROWID`) set `keyset: false`: they are read with a plain OFFSET in table order and
/// rows are numbered by position (their first selected column is then ignored).
pub struct PageQuery<'a> {
    /// Page in rowid order from remembered positions; `false` for `WITHOUT ROWID` tables.
    pub keyset: bool,
    /// `SELECT rowid, … FROM …`, without `WHERE`, `ORDER BY` or `LIMIT`.
    pub select: &'a str,
    /// SQL conditions, joined with `AND`.
    pub conds: &'a [String],
    /// Values bound to the `?` placeholders of `conds`, in order.
    pub args: &'a [SqlValue],
}

/// `SELECT COUNT(*) FROM <from>` under the same conditions as a [`PageQuery`].
pub fn count(
    conn: &Connection,
    from: &str,
    conds: &[String],
    args: &[SqlValue],
) -> rusqlite::Result<u64> {
    let where_sql =
        if conds.is_empty() { String::new() } else { format!(" WHERE {}", conds.join(" AND ")) };
    let n: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM {from}{where_sql}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    Ok(n.max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_from_nearest_remembered_page_end() {
        let p = Pager::default();
        let f = RowFilter::default();
        assert_eq!(p.start(&f, 200), Start { after_rowid: None, skip: 200 });
        p.remember(&f, 100, 555);
        assert_eq!(p.start(&f, 100), Start { after_rowid: Some(555), skip: 0 });
        assert_eq!(p.start(&f, 150), Start { after_rowid: Some(555), skip: 50 });
        assert_eq!(p.start(&f, 50), Start { after_rowid: None, skip: 50 });
        let other = RowFilter { text: Some("x".into()), ..RowFilter::default() };
        assert_eq!(p.start(&other, 100).after_rowid, None);
    }
}
