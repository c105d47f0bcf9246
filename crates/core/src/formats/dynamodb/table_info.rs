//! Table descriptions from DynamoDB Local's `dm` table: one row per DynamoDB table with the
//! billing columns and a `TableInfo` JSON blob (attribute definitions, the SQLite index that
//! holds the primary key, GSIs and LSIs).

use crate::error::Context;
use rusqlite::Connection;
use serde_json::Value as Json;

/// A key attribute of a table or index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyAttr {
    /// Attribute name.
    pub name: String,
    /// `S`, `N` or `B`.
    pub attr_type: String,
    /// `HASH` or `RANGE`.
    pub key_type: String,
}

/// A global or local secondary index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Index {
    /// Index name.
    pub name: String,
    /// (attribute, `HASH`|`RANGE`) in key order.
    pub keys: Vec<(String, String)>,
    /// `ProjectionType`: `ALL`, `KEYS_ONLY` or `INCLUDE`.
    pub projection: String,
}

/// What `dm` says about one table.
#[derive(Clone, Debug, PartialEq)]
pub struct TableInfo {
    /// Table name (also the name of the SQLite table holding its items).
    pub name: String,
    /// Primary key: hash key first, then the range key if any.
    pub keys: Vec<KeyAttr>,
    /// Declared attribute definitions (name, type).
    pub attributes: Vec<(String, String)>,
    /// Global secondary indexes.
    pub gsis: Vec<Index>,
    /// Local secondary indexes.
    pub lsis: Vec<Index>,
    /// `PAY_PER_REQUEST` or `PROVISIONED`.
    pub billing_mode: &'static str,
    /// Provisioned read capacity units (0 for on-demand tables).
    pub read_capacity: i64,
    /// Provisioned write capacity units (0 for on-demand tables).
    pub write_capacity: i64,
    /// Milliseconds since the epoch.
    pub created_ms: i64,
    /// Whether deletion protection is enabled.
    pub deletion_protection: bool,
}

impl TableInfo {
    /// `pk (S) + sk (N)`.
    pub fn key_text(&self) -> String {
        self.keys
            .iter()
            .map(|k| format!("{} ({})", k.name, k.attr_type))
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

/// Reads every table description, in table-name order. Columns are looked up by name: older
/// DynamoDB Local versions lack some (`DeletionProtectionEnabled`), newer ones store them as text.
pub fn read_all(conn: &Connection) -> crate::Result<Vec<TableInfo>> {
    let mut stmt = conn.prepare("SELECT * FROM dm ORDER BY TableName")?;
    let names: Vec<String> = stmt.column_names().map(String::from).collect();
    let col = |name: &str| names.iter().position(|n| n == name);
    let (name_i, info_i) = match (col("TableName"), col("TableInfo")) {
        (Some(n), Some(i)) => (n, i),
        _ => crate::bail!("the `dm` table has no TableName/TableInfo columns"),
    };
    let int_at = |r: &rusqlite::Row<'_>, name: &str| -> rusqlite::Result<i64> {
        Ok(match col(name) {
            Some(i) => as_int(r.get_ref(i)?),
            None => 0,
        })
    };
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let name = String::from_utf8_lossy(&text_or_blob(r.get_ref(name_i)?)).into_owned();
        let info = text_or_blob(r.get_ref(info_i)?);
        let info: Json = serde_json::from_slice(&info)
            .with_context(|| format!("table {name}: TableInfo is not valid JSON"))?;
        out.push(TableInfo {
            keys: primary_key(&info),
            attributes: attribute_definitions(&info),
            gsis: indexes(&info["GSIList"]),
            lsis: indexes(&info["LSIList"]),
            billing_mode: if int_at(r, "BillingMode")? == 1 {
                "PAY_PER_REQUEST"
            } else {
                "PROVISIONED"
            },
            read_capacity: int_at(r, "ReadCapacityUnits")?,
            write_capacity: int_at(r, "WriteCapacityUnits")?,
            created_ms: int_at(r, "CreationDateTime")?,
            deletion_protection: int_at(r, "DeletionProtectionEnabled")? != 0,
            name,
        });
    }
    Ok(out)
}

/// An integer cell, also when stored as text (`"1"`, `"true"`); 0 for NULL and anything else.
fn as_int(v: rusqlite::types::ValueRef<'_>) -> i64 {
    use rusqlite::types::ValueRef as V;
    match v {
        V::Integer(i) => i,
        V::Real(f) => f as i64,
        V::Text(t) => {
            let t = String::from_utf8_lossy(t);
            t.trim().parse().unwrap_or(i64::from(t.trim().eq_ignore_ascii_case("true")))
        }
        _ => 0,
    }
}

/// The bytes of a TEXT or BLOB cell (empty for anything else).
pub fn text_or_blob(v: rusqlite::types::ValueRef<'_>) -> Vec<u8> {
    use rusqlite::types::ValueRef as V;
    match v {
        V::Text(b) | V::Blob(b) => b.to_vec(),
        _ => Vec::new(),
    }
}

fn text(v: &Json) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// The primary key from `SQLiteIndex[""]` (the table's own index).
fn primary_key(info: &Json) -> Vec<KeyAttr> {
    let mut keys: Vec<KeyAttr> = info["SQLiteIndex"][""]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|k| KeyAttr {
                    name: text(&k["DynamoDBAttribute"]["AttributeName"]),
                    attr_type: text(&k["DynamoDBAttribute"]["AttributeType"]),
                    key_type: text(&k["KeyType"]),
                })
                .collect()
        })
        .unwrap_or_default();
    keys.sort_by_key(|k| k.key_type != "HASH");
    keys
}

fn attribute_definitions(info: &Json) -> Vec<(String, String)> {
    info["Attributes"]
        .as_array()
        .map(|a| a.iter().map(|d| (text(&d["AttributeName"]), text(&d["AttributeType"]))).collect())
        .unwrap_or_default()
}

fn indexes(list: &Json) -> Vec<Index> {
    list.as_array()
        .map(|a| {
            a.iter()
                .map(|i| Index {
                    name: text(&i["IndexName"]),
                    keys: i["KeySchema"]
                        .as_array()
                        .map(|ks| {
                            ks.iter()
                                .map(|k| (text(&k["AttributeName"]), text(&k["KeyType"])))
                                .collect()
                        })
                        .unwrap_or_default(),
                    projection: text(&i["Projection"]["ProjectionType"]),
                })
                .collect()
        })
        .unwrap_or_default()
}
