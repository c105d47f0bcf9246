//! The symbolic pickle machine: runs the opcodes of a pickle without importing or calling
//! anything and builds a [`Graph`]. Globals are names, `REDUCE`/`NEWOBJ`/`BUILD`/`INST`/`OBJ`
//! become structured objects, the memo maps indexes to object ids (so shared references and
//! cycles are edges, never copies). Iterative: input nesting never touches the Rust stack.

use crate::formats::pyobj::{Construct, Graph, ObjId, PyObj, Src};

use super::lexer::{Arg, Lexer, Op};
use super::limits::{Limits, PickleError, check};
use super::memo::Memo;
use super::ops::Opcode;
use super::scalars;

/// The result of running a pickle.
#[derive(Debug)]
pub struct Decoded {
    pub graph: Graph,
    /// The `PROTO` argument (0 when absent).
    pub protocol: u8,
    /// Number of opcodes executed (including `STOP`).
    pub op_count: u32,
    /// Byte position just after `STOP`.
    pub end: usize,
    pub warnings: Vec<String>,
}

struct Machine<'l> {
    g: Graph,
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
    let mut g = Graph::default();
    // Real stores average well over 8 bytes per object; reserving avoids copying a large
    // arena while it grows (bounded by the file size, so hostile input cannot inflate it).
    let estimate = (bytes.len() / 12).min(limits.max_nodes);
    g.reserve(estimate);
    let mut m = Machine {
        g,
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
                return Err(PickleError::invalid("PROTO", op.start, format!("unsupported protocol {protocol}")));
            }
        }
        if op.code == Opcode::STOP {
            let root = m.pop(&op)?;
            m.g.root = root;
            if lexer.pos() < bytes.len() {
                m.warnings.push(format!("{} byte(s) after STOP ignored", bytes.len() - lexer.pos()));
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
            warnings.push(format!("{} at byte {}: invalid UTF-8 replaced", op.code.name(), op.start));
            String::from_utf8_lossy(b).into_owned()
        }
    }
}

impl Machine<'_> {
    fn add(&mut self, obj: PyObj, idx: u32, op: &Op) -> Result<ObjId, PickleError> {
        check("max_nodes", self.g.objs.len() as u64 + 1, self.limits.max_nodes as u64, op.start)?;
        Ok(self.g.add(obj, Src::PickleOp(idx)))
    }

    fn push(&mut self, id: ObjId, op: &Op) -> Result<(), PickleError> {
        check("max_stack", self.stack.len() as u64 + 1, self.limits.max_stack as u64, op.start)?;
        self.stack.push(id);
        Ok(())
    }

    fn push_new(&mut self, obj: PyObj, idx: u32, op: &Op) -> Result<ObjId, PickleError> {
        let id = self.add(obj, idx, op)?;
        self.push(id, op)?;
        Ok(id)
    }

    fn floor(&self) -> usize {
        self.marks.last().copied().unwrap_or(0)
    }

    fn pop(&mut self, op: &Op) -> Result<ObjId, PickleError> {
        if self.stack.len() <= self.floor() {
            return Err(PickleError::invalid(op.code.name(), op.start, "stack underflow"));
        }
        self.stack.pop().ok_or_else(|| PickleError::invalid(op.code.name(), op.start, "stack underflow"))
    }

    fn top(&self, op: &Op) -> Result<ObjId, PickleError> {
        if self.stack.len() <= self.floor() {
            return Err(PickleError::invalid(op.code.name(), op.start, "stack underflow"));
        }
        Ok(self.stack[self.stack.len() - 1])
    }

    /// Pops everything above the last MARK, and the mark.
    fn pop_mark(&mut self, op: &Op) -> Result<Vec<ObjId>, PickleError> {
        let m = self.marks.pop().ok_or_else(|| PickleError::invalid(op.code.name(), op.start, "no MARK on the stack"))?;
        Ok(self.stack.split_off(m))
    }

    fn tuple_items(&self, id: ObjId) -> Vec<ObjId> {
        match self.g.get(id) {
            PyObj::Tuple(items) => items.clone(),
            _ => vec![id],
        }
    }

    fn object(&mut self, how: Construct, callable: ObjId, args: Vec<ObjId>, kwargs: Option<ObjId>, idx: u32, op: &Op) -> Result<(), PickleError> {
        let obj = PyObj::object(how, callable, args, kwargs, None);
        self.push_new(obj, idx, op).map(|_| ())
    }

    fn pairs(items: Vec<ObjId>, op: &Op) -> Result<Vec<(ObjId, ObjId)>, PickleError> {
        if items.len() % 2 != 0 {
            return Err(PickleError::invalid(op.code.name(), op.start, "odd number of items for key/value pairs"));
        }
        Ok(items.chunks_exact(2).map(|c| (c[0], c[1])).collect())
    }

    fn append(&mut self, target: ObjId, items: Vec<ObjId>, op: &Op) -> Result<(), PickleError> {
        match self.g.get_mut(target) {
            PyObj::List(v) | PyObj::Set(v) | PyObj::FrozenSet(v) => v.extend(items),
            PyObj::Object(o) => o.list_items.extend(items),
            other => {
                let kind = kind_name(other);
                return Err(PickleError::invalid(op.code.name(), op.start, format!("cannot add items to a {kind}")));
            }
        }
        Ok(())
    }

    fn set_items(&mut self, target: ObjId, pairs: Vec<(ObjId, ObjId)>, op: &Op) -> Result<(), PickleError> {
        match self.g.get_mut(target) {
            PyObj::Dict(v) => v.extend(pairs),
            PyObj::Object(o) => o.dict_items.extend(pairs),
            other => {
                let kind = kind_name(other);
                return Err(PickleError::invalid(op.code.name(), op.start, format!("cannot set items on a {kind}")));
            }
        }
        Ok(())
    }

    fn build(&mut self, target: ObjId, new_state: ObjId, idx: u32, op: &Op) -> Result<(), PickleError> {
        if let PyObj::Object(o) = self.g.get_mut(target) {
            o.state = Some(new_state);
            return Ok(());
        }
        // BUILD on a class or function global: keep the global as the callable of an object
        // that carries the state, at the same id so references still reach it.
        let original = self.g.get(target).clone();
        let moved = self.add(original, idx, op)?;
        *self.g.get_mut(target) = PyObj::object(Construct::Reduce, moved, Vec::new(), None, Some(new_state));
        Ok(())
    }

    fn memo_get(&mut self, key: u64, op: &Op) -> Result<(), PickleError> {
        let id = self.memo.get(key).ok_or_else(|| PickleError::invalid(op.code.name(), op.start, format!("memo key {key} is not set")))?;
        self.push(id, op)
    }

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
            .ok_or_else(|| PickleError::invalid(op.code.name(), op.start, "memo key is not a number"))
    }

    fn step(&mut self, op: &Op, idx: u32) -> Result<(), PickleError> {
        use Opcode::*;
        let bad = |what: &str| PickleError::invalid(op.code.name(), op.start, what.to_string());
        match op.code {
            PROTO | FRAME | STOP => {}
            MARK => {
                check("max_stack", self.marks.len() as u64 + 1, self.limits.max_stack as u64, op.start)?;
                self.marks.push(self.stack.len());
            }
            POP => {
                if self.stack.len() > self.floor() {
                    self.stack.pop();
                } else {
                    self.pop_mark(op)?;
                }
            }
            POP_MARK => {
                self.pop_mark(op)?;
            }
            DUP => {
                let t = self.top(op)?;
                self.push(t, op)?;
            }
            NONE => {
                self.push_new(PyObj::None, idx, op)?;
            }
            NEWTRUE | NEWFALSE => {
                self.push_new(PyObj::Bool(op.code == NEWTRUE), idx, op)?;
            }
            BININT | BININT1 | BININT2 => {
                self.push_new(PyObj::Int(arg_int(op)), idx, op)?;
            }
            INT => {
                let v = scalars::int_line(arg_bytes(op)).ok_or_else(|| bad("not an integer"))?;
                self.push_new(v, idx, op)?;
            }
            LONG => {
                let b = arg_bytes(op);
                check("max_long_bytes", b.len() as u64 / 2, self.limits.max_long_bytes as u64, op.start)?;
                let v = scalars::long_line(b).ok_or_else(|| bad("not an integer"))?;
                self.push_new(v, idx, op)?;
            }
            LONG1 | LONG4 => {
                let b = arg_bytes(op);
                check("max_long_bytes", b.len() as u64, self.limits.max_long_bytes as u64, op.start)?;
                self.push_new(scalars::long_from_le(b), idx, op)?;
            }
            FLOAT => {
                let f = scalars::float_line(arg_bytes(op)).ok_or_else(|| bad("not a float"))?;
                self.push_new(PyObj::Float(f), idx, op)?;
            }
            BINFLOAT => {
                let f = match op.arg {
                    Arg::Float(f) => f,
                    _ => 0.0,
                };
                self.push_new(PyObj::Float(f), idx, op)?;
            }
            STRING => {
                let b = scalars::quoted_string(arg_bytes(op)).ok_or_else(|| bad("not a quoted string"))?;
                self.push_new(py2_str(b), idx, op)?;
            }
            BINSTRING | SHORT_BINSTRING => {
                self.push_new(py2_str(arg_bytes(op).to_vec()), idx, op)?;
            }
            UNICODE => {
                let s = scalars::raw_unicode_escape(arg_bytes(op)).ok_or_else(|| bad("bad raw-unicode-escape text"))?;
                self.push_new(PyObj::Str(s), idx, op)?;
            }
            BINUNICODE | SHORT_BINUNICODE | BINUNICODE8 => {
                let s = utf8(op, arg_bytes(op), &mut self.warnings);
                self.push_new(PyObj::Str(s), idx, op)?;
            }
            BINBYTES | SHORT_BINBYTES | BINBYTES8 => {
                self.push_new(PyObj::Bytes(arg_bytes(op).to_vec()), idx, op)?;
            }
            BYTEARRAY8 => {
                self.push_new(PyObj::ByteArray(arg_bytes(op).to_vec()), idx, op)?;
            }
            NEXT_BUFFER => {
                let n = self.buffers;
                self.buffers += 1;
                self.push_new(PyObj::OutOfBandBuffer(n), idx, op)?;
            }
            READONLY_BUFFER => {
                self.top(op)?;
            }
            EMPTY_TUPLE => {
                self.push_new(PyObj::Tuple(Vec::new()), idx, op)?;
            }
            EMPTY_LIST => {
                self.push_new(PyObj::List(Vec::new()), idx, op)?;
            }
            EMPTY_DICT => {
                self.push_new(PyObj::Dict(Vec::new()), idx, op)?;
            }
            EMPTY_SET => {
                self.push_new(PyObj::Set(Vec::new()), idx, op)?;
            }
            TUPLE1 | TUPLE2 | TUPLE3 => {
                let n = match op.code {
                    TUPLE1 => 1,
                    TUPLE2 => 2,
                    _ => 3,
                };
                if self.stack.len() < self.floor() + n {
                    return Err(bad("stack underflow"));
                }
                let items = self.stack.split_off(self.stack.len() - n);
                self.push_new(PyObj::Tuple(items), idx, op)?;
            }
            TUPLE => {
                let items = self.pop_mark(op)?;
                self.push_new(PyObj::Tuple(items), idx, op)?;
            }
            LIST => {
                let items = self.pop_mark(op)?;
                self.push_new(PyObj::List(items), idx, op)?;
            }
            FROZENSET => {
                let items = self.pop_mark(op)?;
                self.push_new(PyObj::FrozenSet(items), idx, op)?;
            }
            DICT => {
                let items = self.pop_mark(op)?;
                let pairs = Self::pairs(items, op)?;
                self.push_new(PyObj::Dict(pairs), idx, op)?;
            }
            APPEND => {
                let v = self.pop(op)?;
                let t = self.top(op)?;
                self.append(t, vec![v], op)?;
            }
            APPENDS | ADDITEMS => {
                let items = self.pop_mark(op)?;
                let t = self.top(op)?;
                self.append(t, items, op)?;
            }
            SETITEM => {
                let v = self.pop(op)?;
                let k = self.pop(op)?;
                let t = self.top(op)?;
                self.set_items(t, vec![(k, v)], op)?;
            }
            SETITEMS => {
                let items = self.pop_mark(op)?;
                let pairs = Self::pairs(items, op)?;
                let t = self.top(op)?;
                self.set_items(t, pairs, op)?;
            }
            GLOBAL => {
                let Arg::Pair(m, n) = op.arg else { return Err(bad("missing module/name")) };
                let g = PyObj::global(utf8(op, m, &mut self.warnings), utf8(op, n, &mut self.warnings));
                self.push_new(g, idx, op)?;
            }
            STACK_GLOBAL => {
                let name = self.pop(op)?;
                let module = self.pop(op)?;
                let (PyObj::Str(m), PyObj::Str(n)) = (self.g.get(module), self.g.get(name)) else {
                    return Err(bad("module and name must be strings"));
                };
                let g = PyObj::global(m.clone(), n.clone());
                self.push_new(g, idx, op)?;
            }
            REDUCE => {
                let args = self.pop(op)?;
                let callable = self.pop(op)?;
                let args = self.tuple_items(args);
                self.object(Construct::Reduce, callable, args, None, idx, op)?;
            }
            NEWOBJ => {
                let args = self.pop(op)?;
                let cls = self.pop(op)?;
                let args = self.tuple_items(args);
                self.object(Construct::NewObj, cls, args, None, idx, op)?;
            }
            NEWOBJ_EX => {
                let kwargs = self.pop(op)?;
                let args = self.pop(op)?;
                let cls = self.pop(op)?;
                let args = self.tuple_items(args);
                self.object(Construct::NewObj, cls, args, Some(kwargs), idx, op)?;
            }
            INST => {
                let Arg::Pair(m, n) = op.arg else { return Err(bad("missing module/name")) };
                let args = self.pop_mark(op)?;
                let g = PyObj::global(utf8(op, m, &mut self.warnings), utf8(op, n, &mut self.warnings));
                let cls = self.add(g, idx, op)?;
                self.object(Construct::Inst, cls, args, None, idx, op)?;
            }
            OBJ => {
                let mut items = self.pop_mark(op)?;
                if items.is_empty() {
                    return Err(bad("no class after MARK"));
                }
                let cls = items.remove(0);
                self.object(Construct::Inst, cls, items, None, idx, op)?;
            }
            BUILD => {
                let state = self.pop(op)?;
                let t = self.top(op)?;
                self.build(t, state, idx, op)?;
            }
            PERSID => {
                let s = utf8(op, arg_bytes(op), &mut self.warnings);
                let pid = self.add(PyObj::Str(s), idx, op)?;
                self.push_new(PyObj::PersistentId(pid), idx, op)?;
            }
            BINPERSID => {
                let pid = self.pop(op)?;
                self.push_new(PyObj::PersistentId(pid), idx, op)?;
            }
            EXT1 | EXT2 | EXT4 => {
                let code = arg_int(op);
                if code <= 0 {
                    return Err(bad("extension code must be positive"));
                }
                self.push_new(PyObj::Extension(code as u32), idx, op)?;
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
fn py2_str(b: Vec<u8>) -> PyObj {
    match String::from_utf8(b) {
        Ok(s) => PyObj::Str(s),
        Err(e) => PyObj::Bytes(e.into_bytes()),
    }
}

fn kind_name(o: &PyObj) -> &'static str {
    match o {
        PyObj::None => "None",
        PyObj::Bool(_) => "bool",
        PyObj::Int(_) | PyObj::Long(_) => "int",
        PyObj::Float(_) => "float",
        PyObj::Str(_) => "str",
        PyObj::Bytes(_) => "bytes",
        PyObj::ByteArray(_) => "bytearray",
        PyObj::Tuple(_) => "tuple",
        PyObj::List(_) => "list",
        PyObj::Dict(_) => "dict",
        PyObj::Set(_) => "set",
        PyObj::FrozenSet(_) => "frozenset",
        PyObj::Global(_) => "global",
        PyObj::Object(_) => "object",
        PyObj::PersistentId(_) => "persistent id",
        PyObj::Extension(_) => "extension",
        PyObj::OutOfBandBuffer(_) => "buffer",
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
        assert_eq!(d.graph.get(items[0]), &PyObj::List(vec![items[0]]));
    }

    #[test]
    fn globals_are_names_and_reduce_is_structure() {
        // cos\nsystem\n(S'echo hi'\ntR.
        let p = b"cos\nsystem\n(S'echo hi'\ntR.";
        let d = run(p, &Limits::default()).unwrap();
        let Some(Object { how, callable, args, .. }) = d.graph.object(d.graph.root) else { panic!() };
        assert_eq!(*how, Construct::Reduce);
        assert_eq!(d.graph.global_name(*callable), Some(("os", "system")));
        assert_eq!(d.graph.get(args[0]), &PyObj::Str("echo hi".into()));
    }

    #[test]
    fn limits_are_named_in_errors() {
        let p = b"\x80\x04]]]]].";
        let limits = Limits { max_stack: 3, ..Limits::default() };
        let e = run(p, &limits).unwrap_err();
        assert!(e.to_string().contains("max_stack"), "{e}");
    }
}
