//! A tree (or one subtree) written as JSON text — what `show --json` prints and "Copy subtree
//! as JSON" copies — without building a `serde_json::Value` and without recursion, so a
//! document nested a million levels deep is written in linear time instead of overflowing the
//! stack (serializing and dropping a deep `serde_json::Value` both recurse).
//!
//! The shape is [`Tree::to_json`]'s: containers are objects keyed by child name (arrays for
//! lists), leaves JSON scalars, bytes `{"$bytes": "<base64>"}`, shared objects
//! `{"$ref": "<pointer>"}`, containers past `max_depth` the string `"<type> (<n> children)"`;
//! [`Options::types`] adds each container's type (`"$type"`, `"$types"`) without moving a value.
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

/// How [`write_with`] writes: depth cut, layout and whether types are added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Containers deeper than this are written as the string `"<type> (<n> children)"`.
    pub max_depth: Option<usize>,
    /// Compact or pretty.
    pub style: Style,
    /// Add the type of every container (`show --json --types`): an object gets a first key
    /// `"$type"` (its class, e.g. `localstack.services.sqs.models.FifoQueue`, or the callable
    /// of a call, e.g. `posix.system`); an object whose children include arrays gets a last
    /// key `"$types"` mapping those children's names to their types (`tuple`, `set`...),
    /// since an array cannot take a key without shifting its indexes. Every pointer of the
    /// plain output still addresses the same value. A key is not added when the object
    /// already has a child of that name.
    pub types: bool,
}

/// The key holding an object's type with [`Options::types`].
pub const TYPE_KEY: &str = "$type";
/// The key holding the types of an object's array children with [`Options::types`].
pub const TYPES_KEY: &str = "$types";

/// Writes the subtree under `id` as JSON to `out`.
pub fn write(
    tree: &Tree,
    id: NodeId,
    max_depth: Option<usize>,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_with(tree, id, Options { max_depth, style, types: false }, out)
}

/// Writes the subtree under `id` as JSON to `out`, as `options` say.
pub fn write_with(
    tree: &Tree,
    id: NodeId,
    options: Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    let Options { max_depth, style, types } = options;
    let mut w = Writer { out, style };
    let n = tree.node(id);
    if !n.value.is_container() {
        return w.leaf(tree, n, 0);
    }
    /// An open container: its node, its depth, the next child to write, the items written.
    struct Frame {
        id: NodeId,
        depth: usize,
        next: usize,
        written: usize,
    }
    let cut = |depth: usize| max_depth.is_some_and(|d| depth >= d);
    let open = |w: &mut Writer<'_>, id: NodeId, depth: usize| -> io::Result<Frame> {
        let node = tree.node(id);
        w.open(node)?;
        let mut written = 0;
        if types && !node.is_list && !has_child(tree, node, TYPE_KEY) {
            w.item(node, 0, depth + 1, TYPE_KEY)?;
            w.string(&node.ty)?;
            written = 1;
        }
        Ok(Frame { id, depth, next: 0, written })
    };
    let mut stack = vec![open(&mut w, id, 0)?];
    while let Some(top) = stack.last_mut() {
        let node = tree.node(top.id);
        let depth = top.depth;
        let Some(&cid) = node.children.get(top.next) else {
            if types && !node.is_list && !has_child(tree, node, TYPES_KEY) {
                top.written += w.array_types(tree, node, depth, top.written, cut(depth + 1))?;
            }
            let written = top.written;
            stack.pop();
            w.close(node, depth, written > 0)?;
            continue;
        };
        w.item(node, top.written, depth + 1, &tree.node(cid).name)?;
        top.next += 1;
        top.written += 1;
        let child = tree.node(cid);
        if !child.value.is_container() {
            w.leaf(tree, child, depth + 1)?;
        } else if cut(depth + 1) {
            let text = format!("{} ({} children)", child.ty, tree.child_count(cid));
            w.string(&text)?;
        } else {
            let frame = open(&mut w, cid, depth + 1)?;
            stack.push(frame);
        }
    }
    Ok(())
}

fn has_child(tree: &Tree, n: &Node, name: &str) -> bool {
    n.children.iter().any(|c| tree.node(*c).name == name)
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

    /// With [`Options::types`], after the children of object `n` (at `depth`, `written`
    /// items so far): `"$types": {name: type}` of its array children, unless `children_cut`
    /// (they were written as `"<type> (<n> children)"`). Returns the items written (0 or 1).
    fn array_types(
        &mut self,
        tree: &Tree,
        n: &Node,
        depth: usize,
        written: usize,
        children_cut: bool,
    ) -> io::Result<usize> {
        if children_cut {
            return Ok(0);
        }
        let mut arrays = n
            .children
            .iter()
            .map(|c| tree.node(*c))
            .filter(|c| c.value.is_container() && c.is_list)
            .peekable();
        if arrays.peek().is_none() {
            return Ok(0);
        }
        self.item(n, written, depth + 1, TYPES_KEY)?;
        self.out.write_all(b"{")?;
        for (i, c) in arrays.enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            self.newline(depth + 2)?;
            self.string(&c.name)?;
            self.out.write_all(if self.style == Style::Pretty { b": " } else { b":" })?;
            self.string(&c.ty)?;
        }
        self.newline(depth + 1)?;
        self.out.write_all(b"}")?;
        Ok(1)
    }

    fn close(&mut self, n: &Node, depth: usize, nonempty: bool) -> io::Result<()> {
        if nonempty {
            self.newline(depth)?;
        }
        self.out.write_all(if n.is_list { b"]" } else { b"}" })
    }

    fn string(&mut self, s: &str) -> io::Result<()> {
        // `io::Error::from` gives back the writer's own error (a closed pipe stays `BrokenPipe`).
        serde_json::to_writer(&mut *self.out, s).map_err(io::Error::from)
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
