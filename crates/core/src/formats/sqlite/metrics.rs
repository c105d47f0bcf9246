//! CloudWatch metrics in LocalStack's `metrics.db`: a table of datapoints with `account_id`,
//! `region`, `namespace` and `metric_name` columns (LocalStack's `SINGLE_METRICS`) is listed
//! as one `metric` resource per account, region, namespace and name, with its datapoint
//! count — recognised by those columns, whatever the table is called.

use rusqlite::Connection;

use crate::model::{Resource, Value};

use super::conn::quote_ident;

/// The columns a table of metric datapoints has.
const COLUMNS: [&str; 4] = ["account_id", "region", "namespace", "metric_name"];

/// The metrics of table `table` with columns `columns`, if it holds datapoints.
pub fn metrics(
    conn: &Connection,
    table: &str,
    columns: &[String],
) -> rusqlite::Result<Vec<Resource>> {
    if !COLUMNS.iter().all(|c| columns.iter().any(|have| have == c)) {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT account_id, region, namespace, metric_name, COUNT(*) FROM {} GROUP BY 1, 2, 3, 4",
        quote_ident(table)
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| {
        let text = |i| r.get::<_, Option<String>>(i);
        Ok((text(0)?, text(1)?, text(2)?, text(3)?, r.get::<_, i64>(4)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (account, region, namespace, name, datapoints) = row?;
        out.push(Resource {
            service: "cloudwatch".into(),
            kind: "metric".into(),
            name: name.unwrap_or_default(),
            account,
            region,
            class: table.to_string(),
            fields: vec![
                ("namespace".into(), namespace.map_or(Value::Null, Value::Str)),
                ("datapoints".into(), Value::Int(datapoints)),
            ],
            ..Resource::default()
        });
    }
    Ok(out)
}
