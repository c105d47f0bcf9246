//! A tree (or one subtree) written as JSON text — what `show --json` prints and "Copy subtree
//! as JSON" copies — without building a `serde_json::Value` and without recursion, so a
//! document nested a million levels deep is written in linear time instead of overflowing the
//! stack (serializing and dropping a deep `serde_json::Value` both recurse).
//!
//! The shape is [`Tree::to_json`]'s: containers are objects keyed by child name (arrays for
//! lists), leaves JSON scalars, bytes `{"$bytes": "<base64>"}`, shared objects
//! `{"$ref": "<pointer>"}`, containers past `max_depth` the string `"<type> (<n> children)"`.
//! Pretty output indents by two spaces like `serde_json::to_string_pretty`, up to
//! [`MAX_INDENT_LEVELS`] levels, deeper levels are not indented further (the text of a deep
//! document would otherwise grow with the square of its depth).

use std::io::{self, Write};

use base64::Engine;

use crate::model::{Node, NodeId, Tree, Value, format_float};

/// Levels of indentation at most in pretty output.
pub const MAX_INDENT_LEVELS: usize = 64;

/// Compact (one line) or pretty (indented) JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// No whitespace, like `serde_json::to_string`.
    Compact,
    /// Two-space indentation, like `serde_json::to_string_pretty`.
    Pretty,
}

/// Writes the subtree under `id` as JSON to `out`.
pub fn write(
    tree: &Tree,
    id: NodeId,
    max_depth: Option<usize>,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = Writer { out, style };
    let n = tree.node(id);
    if !n.value.is_container() {
        return w.leaf(tree, n, 0);
    }
    /// An open container: its node, its depth, the next child to write.
    struct Frame {
        id: NodeId,
        depth: usize,
        next: usize,
    }
    w.open(n)?;
    let mut stack = vec![Frame { id, depth: 0, next: 0 }];
    while let Some(top) = stack.last_mut() {
        let node = tree.node(top.id);
        let depth = top.depth;
        let Some(&cid) = node.children.get(top.next) else {
            stack.pop();
            w.close(node, depth)?;
            continue;
        };
        w.item(node, top.next, depth + 1, &tree.node(cid).name)?;
        top.next += 1;
        let child = tree.node(cid);
        if !child.value.is_container() {
            w.leaf(tree, child, depth + 1)?;
        } else if max_depth.is_some_and(|d| depth + 1 >= d) {
            let text = format!("{} ({} children)", child.ty, tree.child_count(cid));
            w.string(&text)?;
        } else {
            w.open(child)?;
            stack.push(Frame { id: cid, depth: depth + 1, next: 0 });
        }
    }
    Ok(())
}

/// [`write()`] into a `String`.
pub fn to_string(tree: &Tree, id: NodeId, max_depth: Option<usize>, style: Style) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and the writer emits UTF-8 only.
    let _ = write(tree, id, max_depth, style, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

struct Writer<'a> {
    out: &'a mut dyn Write,
    style: Style,
}

impl Writer<'_> {
    fn newline(&mut self, depth: usize) -> io::Result<()> {
        if self.style == Style::Pretty {
            self.out.write_all(b"\n")?;
            for _ in 0..depth.min(MAX_INDENT_LEVELS) {
                self.out.write_all(b"  ")?;
            }
        }
        Ok(())
    }

    fn open(&mut self, n: &Node) -> io::Result<()> {
        self.out.write_all(if n.is_list { b"[" } else { b"{" })
    }

    /// Before child number `index` of container `n` (at `depth`): separator, indentation, key.
    fn item(&mut self, n: &Node, index: usize, depth: usize, name: &str) -> io::Result<()> {
        if index > 0 {
            self.out.write_all(b",")?;
        }
        self.newline(depth)?;
        if !n.is_list {
            self.string(name)?;
            self.out.write_all(if self.style == Style::Pretty { b": " } else { b":" })?;
        }
        Ok(())
    }

    fn close(&mut self, n: &Node, depth: usize) -> io::Result<()> {
        if !n.children.is_empty() {
            self.newline(depth)?;
        }
        self.out.write_all(if n.is_list { b"]" } else { b"}" })
    }

    fn string(&mut self, s: &str) -> io::Result<()> {
        serde_json::to_writer(&mut *self.out, s).map_err(io::Error::other)
    }

    /// A one-key object such as `{"$ref": "/a/b"}` at `depth`, laid out as serde_json does.
    fn tagged(&mut self, depth: usize, tag: &str, text: &str) -> io::Result<()> {
        self.out.write_all(b"{")?;
        self.newline(depth + 1)?;
        self.string(tag)?;
        self.out.write_all(if self.style == Style::Pretty { b": " } else { b":" })?;
        self.string(text)?;
        self.newline(depth)?;
        self.out.write_all(b"}")
    }

    /// A leaf whose key (if any) stands at `depth`.
    fn leaf(&mut self, tree: &Tree, n: &Node, depth: usize) -> io::Result<()> {
        match &n.value {
            Value::Container | Value::Null => self.out.write_all(b"null"),
            Value::Bool(b) => self.out.write_all(if *b { b"true" } else { b"false" }),
            Value::Int(i) => write!(self.out, "{i}"),
            Value::Float(f) => match serde_json::Number::from_f64(*f) {
                Some(num) => write!(self.out, "{num}"),
                None => self.string(&format_float(*f)),
            },
            Value::BigInt(s) | Value::Number(s) | Value::Str(s) | Value::Text(s) => self.string(s),
            Value::Bytes(b) => {
                let text = base64::engine::general_purpose::STANDARD.encode(b);
                self.tagged(depth, "$bytes", &text)
            }
            Value::Ref(target) => self.tagged(depth, "$ref", &tree.pointer(*target)),
        }
    }
}
