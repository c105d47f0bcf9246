//! The symbolic pickle machine: runs the opcodes of a pickle without importing or calling
//! anything and builds a [`Graph`]. Globals are names, `REDUCE`/`NEWOBJ`/`BUILD`/`INST`/`OBJ`
//! become structured objects, the memo maps indexes to object ids (so shared references and
//! cycles are edges, never copies). Iterative: input nesting never touches the Rust stack.
//!
//! Speed: the lexer's `next`, `Machine::step` and the graph's pushes are `#[inline(always)]`
//! so one opcode is one pass through the loop with its operands in registers; called, they
//! cost a fifth more on a 100 MB store (34.5 M opcodes).

use std::sync::Arc;

use crate::formats::pyobj::{Construct, Graph, ObjId, PyObj, PyValue, Src};

use super::lexer::{Arg, Lexer, Op};
use super::limits::{Limits, PickleError, check};
use super::memo::Memo;
use super::ops::Opcode;
use super::scalars;

/// The result of running a pickle.
#[derive(Debug)]
pub struct Decoded {
    /// The decoded object graph; its root is the object `STOP` returned.
    pub graph: Graph,
    /// The `PROTO` argument (0 when absent).
    pub protocol: u8,
    /// Number of opcodes executed (including `STOP`).
    pub op_count: u32,
    /// Byte position just after `STOP`, from the start of the pickle.
    pub end: usize,
    /// Non-fatal problems met while running (e.g. invalid UTF-8 replaced), with byte offsets.
    pub warnings: Vec<String>,
}

struct Machine<'l> {
    g: Graph,
    /// Address of the graph's source bytes (a payload's offset in them is its address minus
    /// this: the lexer hands out slices of those bytes).
    source_addr: usize,
    stack: Vec<ObjId>,
    marks: Vec<usize>,
    memo: Memo,
    limits: &'l Limits,
    buffers: u32,
    warnings: Vec<String>,
}

/// Runs `bytes` (a bare pickle, starting at its first opcode) to `STOP`.
pub fn run(bytes: &[u8], limits: &Limits) -> Result<Decoded, PickleError> {
    check("max_file_size", bytes.len() as u64, limits.max_file_size, 0)?;
    run_shared(Arc::new(bytes.to_vec()), 0, limits)
}

/// Runs the pickle that starts at byte `start` of `source` to `STOP`; strings and bytes in the
/// graph point into `source` instead of being copied.
pub fn run_shared(
    source: Arc<Vec<u8>>,
    start: usize,
    limits: &Limits,
) -> Result<Decoded, PickleError> {
    run_observed(source, start, limits, |_| {})
}

/// What an observer of [`run_observed`] sees after each opcode that imports or calls something
/// on load ([`Opcode::runs_on_load`]).
pub struct Effect<'a> {
    /// The opcode, with its byte span relative to the start of the pickle.
    pub op: &'a Op<'a>,
    /// Its index in the pickle's opcodes (what [`Graph::pickle_op`] returns for the objects it
    /// pushed).
    pub index: u32,
    /// The graph so far.
    pub graph: &'a Graph,
    /// The object the opcode left on top of the stack: the global, the constructed object, or
    /// (for `BUILD`) the object whose state was set.
    pub object: ObjId,
}

/// [`run_shared`], calling `observe` after every opcode that would import a global or make a
/// call on load (the safety audit's hook: one opcode walk for decoding and auditing).
pub fn run_observed(
    source: Arc<Vec<u8>>,
    start: usize,
    limits: &Limits,
    mut observe: impl FnMut(Effect<'_>),
) -> Result<Decoded, PickleError> {
    let body_len = source.len().saturating_sub(start);
    check("max_file_size", body_len as u64, limits.max_file_size, 0)?;
    let mut g = Graph::with_source(source.clone());
    // Real stores average well over 8 bytes per object; reserving avoids copying a large
    // arena while it grows (bounded by the file size, so hostile input cannot inflate it).
    let estimate = (body_len / 12).min(limits.max_nodes);
    g.reserve(estimate);
    let bytes = source.get(start..).unwrap_or_default();
    let mut m = Machine {
        g,
        source_addr: source.as_ptr() as usize,
        stack: Vec::new(),
        marks: Vec::new(),
        memo: Memo::default(),
        limits,
        buffers: 0,
        warnings: Vec::new(),
    };
    let mut protocol = 0u8;
    let mut lexer = Lexer::new(bytes);
    let mut index: u64 = 0;
    while let Some(op) = lexer.next() {
        let op = op?;
        check("max_ops", index + 1, limits.max_ops, op.start)?;
        if op.code == Opcode::PROTO {
            protocol = arg_int(&op) as u8;
            if protocol > 5 {
                return Err(PickleError::invalid(
                    "PROTO",
                    op.start,
                    format!("unsupported protocol {protocol}"),
                ));
            }
        }
        if op.code == Opcode::STOP {
            let root = m.pop(&op)?;
            m.g.root = root;
            if lexer.pos() < bytes.len() {
                m.warnings
                    .push(format!("{} byte(s) after STOP ignored", bytes.len() - lexer.pos()));
            }
            return Ok(Decoded {
                graph: m.g,
                protocol,
                op_count: (index + 1) as u32,
                end: lexer.pos(),
                warnings: m.warnings,
            });
        }
        m.step(&op, index as u32)?;
        if op.code.runs_on_load()
            && let Some(&object) = m.stack.last()
        {
            observe(Effect { op: &op, index: index as u32, graph: &m.g, object });
        }
        index += 1;
    }
    Err(PickleError::NoStop { offset: lexer.pos() })
}

fn arg_int(op: &Op) -> i64 {
    match op.arg {
        Arg::Int(i) => i,
        _ => 0,
    }
}

fn arg_bytes<'a>(op: &Op<'a>) -> &'a [u8] {
    match op.arg {
        Arg::Bytes(b) => b,
        _ => &[],
    }
}

fn utf8(op: &Op, b: &[u8], warnings: &mut Vec<String>) -> String {
    match std::str::from_utf8(b) {
        Ok(s) => s.to_owned(),
        Err(_) => {
            warnings.push(format!(
                "{} at byte {}: invalid UTF-8 replaced",
                op.code.name(),
                op.start
            ));
            String::from_utf8_lossy(b).into_owned()
        }
    }
}

fn underflow(op: &Op) -> PickleError {
    PickleError::invalid(op.code.name(), op.start, "stack underflow")
}

impl Machine<'_> {
    #[inline(always)]
    fn room(&self, op: &Op) -> Result<(), PickleError> {
        check("max_nodes", self.g.len() as u64 + 1, self.limits.max_nodes as u64, op.start)
    }

    #[inline(always)]
    fn add(&mut self, obj: PyValue, idx: u32, op: &Op) -> Result<ObjId, PickleError> {
        self.room(op)?;
        Ok(self.g.add(obj, Src::PickleOp(idx)))
    }

    #[inline(always)]
    fn push(&mut self, id: ObjId, op: &Op) -> Result<(), PickleError> {
        check("max_stack", self.stack.len() as u64 + 1, self.limits.max_stack as u64, op.start)?;
        self.stack.push(id);
        Ok(())
    }

    #[inline(always)]
    fn push_new(&mut self, obj: PyValue, idx: u32, op: &Op) -> Result<ObjId, PickleError> {
        let id = self.add(obj, idx, op)?;
        self.push(id, op)?;
        Ok(id)
    }

    /// Pushes the payload `b` of `op` (a slice of the pickle) as a string or bytes span.
    #[inline(always)]
    fn push_span(
        &mut self,
        as_str: bool,
        bytearray: bool,
        b: &[u8],
        idx: u32,
        op: &Op,
    ) -> Result<(), PickleError> {
        self.room(op)?;
        let offset = b.as_ptr() as usize - self.source_addr;
        let id = self.g.add_span(as_str, bytearray, offset, b.len(), Src::PickleOp(idx));
        self.push(id, op)
    }

    fn floor(&self) -> usize {
        self.marks.last().copied().unwrap_or(0)
    }

    fn pop(&mut self, op: &Op) -> Result<ObjId, PickleError> {
        if self.stack.len() <= self.floor() {
            return Err(underflow(op));
        }
        self.stack.pop().ok_or_else(|| underflow(op))
    }

    fn top(&self, op: &Op) -> Result<ObjId, PickleError> {
        if self.stack.len() <= self.floor() {
            return Err(underflow(op));
        }
        Ok(self.stack[self.stack.len() - 1])
    }

    /// Pops the last MARK; the items above it are `stack[returned..]`, to be truncated.
    fn pop_mark(&mut self, op: &Op) -> Result<usize, PickleError> {
        self.marks
            .pop()
            .ok_or_else(|| PickleError::invalid(op.code.name(), op.start, "no MARK on the stack"))
    }

    /// Replaces `stack[from..]` with a new object made from those items by `make`.
    fn collapse(
        &mut self,
        from: usize,
        idx: u32,
        op: &Op,
        make: impl FnOnce(&mut Graph, &[ObjId], Src) -> ObjId,
    ) -> Result<(), PickleError> {
        self.room(op)?;
        let id = make(&mut self.g, &self.stack[from..], Src::PickleOp(idx));
        self.stack.truncate(from);
        self.push(id, op)
    }

    fn even(&self, from: usize, op: &Op) -> Result<(), PickleError> {
        if !(self.stack.len() - from).is_multiple_of(2) {
            return Err(PickleError::invalid(
                op.code.name(),
                op.start,
                "odd number of items for key/value pairs",
            ));
        }
        Ok(())
    }

    fn cannot(op: &Op, what: &str, kind: &str) -> PickleError {
        PickleError::invalid(op.code.name(), op.start, format!("cannot {what} a {kind}"))
    }

    /// Adds `stack[from..]` to the object below them (`dict`: as key/value pairs).
    fn add_items(&mut self, from: usize, dict: bool, op: &Op) -> Result<(), PickleError> {
        if from <= self.floor() {
            return Err(underflow(op));
        }
        let target = self.stack[from - 1];
        let items = &self.stack[from..];
        let what = if dict { "set items on" } else { "add items to" };
        self.g.add_items(target, items, dict).map_err(|k| Self::cannot(op, what, k))?;
        self.stack.truncate(from);
        Ok(())
    }

    fn call(&mut self, how: Construct, kwargs: bool, idx: u32, op: &Op) -> Result<(), PickleError> {
        let kwargs = if kwargs { Some(self.pop(op)?) } else { None };
        let args = self.pop(op)?;
        let callable = self.pop(op)?;
        self.room(op)?;
        let id = self.g.add_call(how, callable, args, kwargs, Src::PickleOp(idx));
        self.push(id, op)
    }

    #[inline(always)]
    fn memo_get(&mut self, key: u64, op: &Op) -> Result<(), PickleError> {
        let id = self.memo.get(key).ok_or_else(|| {
            PickleError::invalid(op.code.name(), op.start, format!("memo key {key} is not set"))
        })?;
        self.push(id, op)
    }

    #[inline(always)]
    fn memo_put(&mut self, key: u64, op: &Op) -> Result<(), PickleError> {
        let top = self.top(op)?;
        check("max_memo", self.memo.len() as u64 + 1, self.limits.max_memo as u64, op.start)?;
        self.memo.put(key, top);
        Ok(())
    }

    fn line_key(op: &Op) -> Result<u64, PickleError> {
        std::str::from_utf8(arg_bytes(op))
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .ok_or_else(|| {
                PickleError::invalid(op.code.name(), op.start, "memo key is not a number")
            })
    }

    fn global(&mut self, op: &Op) -> Result<PyValue, PickleError> {
        let Arg::Pair(m, n) = op.arg else {
            return Err(PickleError::invalid(op.code.name(), op.start, "missing module/name"));
        };
        Ok(PyValue::global(utf8(op, m, &mut self.warnings), utf8(op, n, &mut self.warnings)))
    }

    #[inline(always)]
    fn step(&mut self, op: &Op, idx: u32) -> Result<(), PickleError> {
        use Opcode::*;
        let bad = |what: &str| PickleError::invalid(op.code.name(), op.start, what.to_string());
        match op.code {
            PROTO | FRAME | STOP => {}
            MARK => {
                check(
                    "max_stack",
                    self.marks.len() as u64 + 1,
                    self.limits.max_stack as u64,
                    op.start,
                )?;
                self.marks.push(self.stack.len());
            }
            POP => {
                if self.stack.len() > self.floor() {
                    self.stack.pop();
                } else {
                    let m = self.pop_mark(op)?;
                    self.stack.truncate(m);
                }
            }
            POP_MARK => {
                let m = self.pop_mark(op)?;
                self.stack.truncate(m);
            }
            DUP => {
                let t = self.top(op)?;
                self.push(t, op)?;
            }
            NONE => {
                self.push_new(PyValue::None, idx, op)?;
            }
            NEWTRUE | NEWFALSE => {
                self.push_new(PyValue::Bool(op.code == NEWTRUE), idx, op)?;
            }
            BININT | BININT1 | BININT2 => {
                self.push_new(PyValue::Int(arg_int(op)), idx, op)?;
            }
            INT => {
                let v = scalars::int_line(arg_bytes(op)).ok_or_else(|| bad("not an integer"))?;
                self.push_new(v, idx, op)?;
            }
            LONG => {
                let b = arg_bytes(op);
                check(
                    "max_long_bytes",
                    b.len() as u64 / 2,
                    self.limits.max_long_bytes as u64,
                    op.start,
                )?;
                let v = scalars::long_line(b).ok_or_else(|| bad("not an integer"))?;
                self.push_new(v, idx, op)?;
            }
            LONG1 | LONG4 => {
                let b = arg_bytes(op);
                check(
                    "max_long_bytes",
                    b.len() as u64,
                    self.limits.max_long_bytes as u64,
                    op.start,
                )?;
                self.push_new(scalars::long_from_le(b), idx, op)?;
            }
            FLOAT => {
                let f = scalars::float_line(arg_bytes(op)).ok_or_else(|| bad("not a float"))?;
                self.push_new(PyValue::Float(f), idx, op)?;
            }
            BINFLOAT => {
                let f = match op.arg {
                    Arg::Float(f) => f,
                    _ => 0.0,
                };
                self.push_new(PyValue::Float(f), idx, op)?;
            }
            STRING => {
                let b = scalars::quoted_string(arg_bytes(op))
                    .ok_or_else(|| bad("not a quoted string"))?;
                self.push_new(py2_str(b), idx, op)?;
            }
            BINSTRING | SHORT_BINSTRING => {
                let b = arg_bytes(op);
                self.push_span(std::str::from_utf8(b).is_ok(), false, b, idx, op)?;
            }
            UNICODE => {
                let s = scalars::raw_unicode_escape(arg_bytes(op))
                    .ok_or_else(|| bad("bad raw-unicode-escape text"))?;
                self.push_new(PyValue::Str(s), idx, op)?;
            }
            BINUNICODE | SHORT_BINUNICODE | BINUNICODE8 => {
                let b = arg_bytes(op);
                if std::str::from_utf8(b).is_ok() {
                    self.push_span(true, false, b, idx, op)?;
                } else {
                    let s = utf8(op, b, &mut self.warnings);
                    self.push_new(PyValue::Str(s), idx, op)?;
                }
            }
            BINBYTES | SHORT_BINBYTES | BINBYTES8 => {
                self.push_span(false, false, arg_bytes(op), idx, op)?;
            }
            BYTEARRAY8 => {
                self.push_span(false, true, arg_bytes(op), idx, op)?;
            }
            NEXT_BUFFER => {
                let n = self.buffers;
                self.buffers += 1;
                self.push_new(PyValue::OutOfBandBuffer(n), idx, op)?;
            }
            READONLY_BUFFER => {
                self.top(op)?;
            }
            EMPTY_TUPLE => {
                self.push_new(PyValue::Tuple(Vec::new()), idx, op)?;
            }
            EMPTY_LIST => {
                self.push_new(PyValue::List(Vec::new()), idx, op)?;
            }
            EMPTY_DICT => {
                self.push_new(PyValue::Dict(Vec::new()), idx, op)?;
            }
            EMPTY_SET => {
                self.push_new(PyValue::Set(Vec::new()), idx, op)?;
            }
            TUPLE1 | TUPLE2 | TUPLE3 => {
                let n = match op.code {
                    TUPLE1 => 1,
                    TUPLE2 => 2,
                    _ => 3,
                };
                if self.stack.len() < self.floor() + n {
                    return Err(underflow(op));
                }
                self.collapse(self.stack.len() - n, idx, op, Graph::add_tuple)?;
            }
            TUPLE => {
                let m = self.pop_mark(op)?;
                self.collapse(m, idx, op, Graph::add_tuple)?;
            }
            LIST => {
                let m = self.pop_mark(op)?;
                self.collapse(m, idx, op, Graph::add_list)?;
            }
            FROZENSET => {
                let m = self.pop_mark(op)?;
                self.collapse(m, idx, op, Graph::add_frozenset)?;
            }
            DICT => {
                let m = self.pop_mark(op)?;
                self.even(m, op)?;
                self.collapse(m, idx, op, Graph::add_dict_flat)?;
            }
            APPEND => {
                if self.stack.len() < self.floor() + 2 {
                    return Err(underflow(op));
                }
                self.add_items(self.stack.len() - 1, false, op)?;
            }
            APPENDS | ADDITEMS => {
                let m = self.pop_mark(op)?;
                self.add_items(m, false, op)?;
            }
            SETITEM => {
                if self.stack.len() < self.floor() + 3 {
                    return Err(underflow(op));
                }
                self.add_items(self.stack.len() - 2, true, op)?;
            }
            SETITEMS => {
                let m = self.pop_mark(op)?;
                self.even(m, op)?;
                self.add_items(m, true, op)?;
            }
            GLOBAL => {
                let g = self.global(op)?;
                self.push_new(g, idx, op)?;
            }
            STACK_GLOBAL => {
                let name = self.pop(op)?;
                let module = self.pop(op)?;
                let (PyObj::Str(m), PyObj::Str(n)) = (self.g.get(module), self.g.get(name)) else {
                    return Err(bad("module and name must be strings"));
                };
                let g = PyValue::global(m, n);
                self.push_new(g, idx, op)?;
            }
            REDUCE => self.call(Construct::Reduce, false, idx, op)?,
            NEWOBJ => self.call(Construct::NewObj, false, idx, op)?,
            NEWOBJ_EX => self.call(Construct::NewObj, true, idx, op)?,
            INST => {
                let m = self.pop_mark(op)?;
                let g = self.global(op)?;
                let cls = self.add(g, idx, op)?;
                self.collapse(m, idx, op, |g, args, src| {
                    g.add_call_args(Construct::Inst, cls, args, src)
                })?;
            }
            OBJ => {
                let m = self.pop_mark(op)?;
                if self.stack.len() == m {
                    return Err(bad("no class after MARK"));
                }
                self.collapse(m, idx, op, |g, items, src| {
                    g.add_call_args(Construct::Inst, items[0], &items[1..], src)
                })?;
            }
            BUILD => {
                let state = self.pop(op)?;
                let t = self.top(op)?;
                self.room(op)?;
                self.g.build(t, state, Src::PickleOp(idx));
            }
            PERSID => {
                let s = utf8(op, arg_bytes(op), &mut self.warnings);
                let pid = self.add(PyValue::Str(s), idx, op)?;
                self.push_new(PyValue::PersistentId(pid), idx, op)?;
            }
            BINPERSID => {
                let pid = self.pop(op)?;
                self.push_new(PyValue::PersistentId(pid), idx, op)?;
            }
            EXT1 | EXT2 | EXT4 => {
                let code = arg_int(op);
                if code <= 0 {
                    return Err(bad("extension code must be positive"));
                }
                self.push_new(PyValue::Extension(code as u32), idx, op)?;
            }
            GET => {
                let k = Self::line_key(op)?;
                self.memo_get(k, op)?;
            }
            BINGET | LONG_BINGET => self.memo_get(arg_int(op) as u64, op)?,
            PUT => {
                let k = Self::line_key(op)?;
                self.memo_put(k, op)?;
            }
            BINPUT | LONG_BINPUT => self.memo_put(arg_int(op) as u64, op)?,
            MEMOIZE => {
                let k = self.memo.len() as u64;
                self.memo_put(k, op)?;
            }
        }
        Ok(())
    }
}

/// Python 2 `str` (protocol 0–2 `STRING`s): text when it is UTF-8, bytes otherwise.
fn py2_str(b: Vec<u8>) -> PyValue {
    match String::from_utf8(b) {
        Ok(s) => PyValue::Str(s),
        Err(e) => PyValue::Bytes(e.into_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::pyobj::Object;

    #[test]
    fn shared_references_and_cycles_are_edges() {
        // L = []; L.append(L); (L, L) in protocol 2
        let p = b"\x80\x02]q\x00h\x00a h\x00\x86q\x01.";
        let p: Vec<u8> = p.iter().copied().filter(|b| *b != b' ').collect();
        let d = run(&p, &Limits::default()).unwrap();
        let PyObj::Tuple(items) = d.graph.get(d.graph.root) else { panic!() };
        assert_eq!(items[0], items[1]);
        assert_eq!(d.graph.get(items[0]), PyObj::List(&[items[0]]));
    }

    #[test]
    fn globals_are_names_and_reduce_is_structure() {
        // cos\nsystem\n(S'echo hi'\ntR.
        let p = b"cos\nsystem\n(S'echo hi'\ntR.";
        let d = run(p, &Limits::default()).unwrap();
        let Some(Object { how, callable, args, .. }) = d.graph.object(d.graph.root) else {
            panic!()
        };
        assert_eq!(how, Construct::Reduce);
        assert_eq!(d.graph.global_name(callable), Some(("os", "system")));
        assert_eq!(d.graph.get(args[0]), PyObj::Str("echo hi"));
    }

    #[test]
    fn limits_are_named_in_errors() {
        let p = b"\x80\x04]]]]].";
        let limits = Limits { max_stack: 3, ..Limits::default() };
        let e = run(p, &limits).unwrap_err();
        assert!(e.to_string().contains("max_stack"), "{e}");
    }
}
