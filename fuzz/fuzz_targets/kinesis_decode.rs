//! Fuzz target: any bytes → kinesis-mock state decode (shard keys, record data) → its record
//! tables are counted and paged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use localstate_core::formats::kinesis;
use localstate_core::model::RowFilter;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = kinesis::open(data) else { return };
    for table in &doc.tables {
        let all = RowFilter::default();
        if let Ok(n) = table.count(&all) {
            let rows = table.page(&all, 0, 50).unwrap_or_default();
            assert!(rows.len() as u64 <= n, "a page holds at most the counted rows");
        }
    }
});
