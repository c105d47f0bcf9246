//! Text search inside a decoded document: tree names and leaf values, then table rows
//! (through each row source's text filter). Used by `localstate find` and the GUI's volume
//! search.

use std::path::{Path, PathBuf};

use crate::model::{Document, RowFilter, Tree};

/// One match.
#[derive(Debug, serde::Serialize)]
pub struct Hit {
    /// The file the match is in.
    pub file: PathBuf,
    /// Table (row source) name, for matches inside a row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// [`Row::id`](crate::model::Row::id) of the matching row, for matches inside a row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<i64>,
    /// RFC 6901 pointer in the document tree, or in the row's detail tree.
    pub pointer: String,
    /// The matching value as shown (a container as `type (N children)`, a row as its cells).
    pub value: String,
}

/// What a name or value is matched against.
#[derive(Debug)]
pub enum Matcher {
    /// A substring, compared as is.
    Exact(String),
    /// A substring, compared lowercased (`needle` is lowercased).
    Caseless(String),
    /// A regular expression.
    Regex(regex::Regex),
}

impl Matcher {
    /// `text` as a substring (`regex`: as a regular expression), case-sensitive unless
    /// `ignore_case`. Fails only on an invalid regular expression.
    pub fn new(text: &str, regex: bool, ignore_case: bool) -> Result<Matcher, regex::Error> {
        Ok(if regex {
            Matcher::Regex(regex::RegexBuilder::new(text).case_insensitive(ignore_case).build()?)
        } else if ignore_case {
            Matcher::Caseless(text.to_lowercase())
        } else {
            Matcher::Exact(text.to_string())
        })
    }

    /// A case-insensitive substring (the app's search box).
    pub fn caseless(text: &str) -> Matcher {
        Matcher::Caseless(text.to_lowercase())
    }

    /// Whether `s` matches.
    pub fn matches(&self, s: &str) -> bool {
        match self {
            Matcher::Exact(t) => !t.is_empty() && s.contains(t.as_str()),
            Matcher::Caseless(t) => !t.is_empty() && s.to_lowercase().contains(t.as_str()),
            Matcher::Regex(re) => re.is_match(s),
        }
    }

    /// The text filter a row source can apply first (it matches case-insensitively, so it
    /// keeps every row a substring search can match); none for a regex.
    fn row_prefilter(&self) -> Option<String> {
        match self {
            Matcher::Exact(t) | Matcher::Caseless(t) => Some(t.clone()),
            Matcher::Regex(_) => None,
        }
    }
}

/// Matches in a decoded document: tree names and leaf values (a lazily presented tree is
/// searched whole: pointers are the same), then table rows (at most `max_rows` matching rows
/// per table). Serves `localstate find` and the app's volume search.
pub fn search_document(
    file: &Path,
    mut doc: Document,
    matcher: &Matcher,
    max_rows: usize,
) -> crate::Result<Vec<Hit>> {
    // A lazily presented tree is searched whole (pointers are the same in both).
    doc.tree.unfold_all();
    let hit = |table: Option<&str>, row: Option<i64>, (pointer, value)| Hit {
        file: file.to_path_buf(),
        table: table.map(str::to_string),
        row,
        pointer,
        value,
    };
    let mut hits: Vec<Hit> =
        tree_matches(&doc.tree, matcher).into_iter().map(|m| hit(None, None, m)).collect();
    let filter = RowFilter { key_prefix: None, text: matcher.row_prefilter() };
    for table in &doc.tables {
        let (mut offset, mut matched) = (0u64, 0usize);
        while matched < max_rows {
            let page = table.page(&filter, offset, 200)?;
            if page.is_empty() {
                break;
            }
            offset += page.len() as u64;
            for row in page {
                if matched >= max_rows {
                    break;
                }
                let mut in_row = tree_matches(&row.detail, matcher);
                let cells = row.cells.join(" | ");
                // The row matched on its cells or on its raw text only (an attribute name inside
                // the stored JSON): the row source's filter already matched that text the way a
                // case-insensitive search does.
                let raw_match = matches!(matcher, Matcher::Caseless(_));
                if in_row.is_empty() && (raw_match || matcher.matches(&cells)) {
                    in_row.push((String::new(), cells));
                }
                if !in_row.is_empty() {
                    matched += 1;
                }
                let name = table.name();
                hits.extend(in_row.into_iter().map(|m| hit(Some(name), Some(row.id), m)));
            }
        }
    }
    Ok(hits)
}

/// (pointer, shown value) of every node of `tree` (but the root) whose name or leaf value
/// matches.
fn tree_matches(tree: &Tree, matcher: &Matcher) -> Vec<(String, String)> {
    if tree.is_empty() {
        return Vec::new();
    }
    tree.descendants(Tree::ROOT)
        .into_iter()
        .skip(1)
        .filter(|id| {
            let n = tree.node(*id);
            matcher.matches(&n.name)
                || (!n.value.is_container() && matcher.matches(&n.value.search_text()))
        })
        .map(|id| {
            let n = tree.node(id);
            let shown = if n.value.is_container() {
                format!("{} ({} children)", n.ty, n.children.len())
            } else {
                n.value.display()
            };
            (tree.pointer(id), shown)
        })
        .collect()
}
