//! Decoding a volume's files on every core: worker threads take the largest files first (so
//! the longest decode starts at once, beside the small ones), and the results are handed on
//! in the files' own order, so what is built from them does not depend on which thread was
//! quicker.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use crate::model::Document;

use super::scan::Entry;

/// What decoding one file gave.
pub struct Decoded {
    /// The document (`None` when decoding failed).
    pub doc: Option<Document>,
    /// Why decoding failed.
    pub error: Option<String>,
    /// How long decoding took, in milliseconds.
    pub decode_ms: u64,
}

/// Decodes one file.
pub fn decode(entry: &Entry) -> Decoded {
    let started = Instant::now();
    let (doc, error) = match crate::formats::open(&entry.path, entry.kind) {
        Ok(doc) => (Some(doc), None),
        Err(e) => (None, Some(format!("{e:#}"))),
    };
    Decoded { doc, error, decode_ms: started.elapsed().as_millis() as u64 }
}

/// Decodes every file of `files` on up to as many threads as there are cores and calls
/// `done(finished, i, decoded)` for each file `files[i]`, in the order of `files`; `finished`
/// counts the files decoded so far (in any order), for progress.
pub fn decode_all(files: &[&Entry], done: &mut dyn FnMut(usize, usize, Decoded)) {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len());
    if workers <= 1 {
        for (i, entry) in files.iter().enumerate() {
            done(i + 1, i, decode(entry));
        }
        return;
    }
    let mut largest_first: Vec<usize> = (0..files.len()).collect();
    largest_first.sort_by_key(|&i| std::cmp::Reverse(files[i].size));
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, Decoded)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (tx, next, order) = (tx.clone(), &next, &largest_first);
            scope.spawn(move || {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if tx.send((i, decode(files[i]))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting: Vec<Option<Decoded>> = files.iter().map(|_| None).collect();
        let (mut finished, mut handed) = (0, 0);
        for (i, decoded) in rx {
            finished += 1;
            waiting[i] = Some(decoded);
            while let Some(decoded) = waiting.get_mut(handed).and_then(Option::take) {
                done(finished, handed, decoded);
                handed += 1;
            }
        }
    });
}
