//! DynamoDB Local at scale: time to open a 1M-item database, to read the first page and to
//! count, against the `sqlite3` CLI doing `SELECT COUNT(*)` and `SELECT … LIMIT 100` on the
//! same file in the same run. Not a test: prints numbers and ratios.
//!
//! Make the database with the real DynamoDB Local (tools/make-big-dynamodb.py), then
//! `LOCALSTATE_BIG_DDB=/path/000000000000_us-east-1.db cargo bench --bench dynamodb`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use localstate_core::formats::dynamodb;
use localstate_core::model::RowFilter;

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed());
        out = Some(v);
    }
    (best, out.expect("runs > 0"))
}

fn sqlite3(db: &Path, sql: &str) -> Duration {
    best(5, || {
        let out = Command::new("sqlite3")
            .arg("-readonly")
            .arg(db)
            .arg(sql)
            .output()
            .expect("sqlite3 CLI");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    })
    .0
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let Ok(path) = std::env::var("LOCALSTATE_BIG_DDB") else {
        eprintln!(
            "set LOCALSTATE_BIG_DDB to a DynamoDB Local .db made by tools/make-big-dynamodb.py"
        );
        return;
    };
    let db = Path::new(&path);
    let table = std::env::var("LOCALSTATE_BIG_TABLE").unwrap_or_else(|_| "big".into());
    let (open, doc) = best(5, || dynamodb::open(db).expect("open"));
    let src = doc.tables.iter().find(|t| t.name() == table).expect("table");
    let all = RowFilter::default();
    let (first_page, rows) = best(5, || src.page(&all, 0, 100).expect("page"));
    let (count, n) = best(5, || src.count(&all).expect("count"));
    let (deep_page, _) = best(5, || src.page(&all, n / 2, 100).expect("page"));
    let prefix = RowFilter { key_prefix: Some("user#00001".into()), text: None };
    let (prefix_count, pn) = best(5, || src.count(&prefix).expect("count"));
    let q = |s: &str| format!("\"{s}\"");
    let cli_count = sqlite3(db, &format!("SELECT COUNT(*) FROM {}", q(&table)));
    let cli_page = sqlite3(
        db,
        &format!("SELECT rowid, ObjectJSON FROM {} ORDER BY rowid LIMIT 100", q(&table)),
    );
    println!("items: {n}, first page rows: {}, prefix rows: {pn}", rows.len());
    println!("open (tables + COUNT per table): {:.1} ms", ms(open));
    println!(
        "first page (100 items, decoded): {:.1} ms  | sqlite3 CLI LIMIT 100: {:.1} ms  | ratio {:.2}",
        ms(first_page),
        ms(cli_page),
        ms(first_page) / ms(cli_page)
    );
    println!(
        "count: {:.1} ms  | sqlite3 CLI COUNT(*): {:.1} ms  | ratio {:.2}",
        ms(count),
        ms(cli_count),
        ms(count) / ms(cli_count)
    );
    println!("page at offset {} (first visit): {:.1} ms", n / 2, ms(deep_page));
    println!("count with key prefix: {:.1} ms", ms(prefix_count));
}
