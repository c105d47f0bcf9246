use localstate::formats::pickle::{self, Limits};
use localstate::formats::pyobj::PyObj;
use std::collections::BTreeMap;
fn main() {
    let p = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&p).unwrap();
    let t = std::time::Instant::now();
    let d = pickle::vm::run(pickle::strip_marker(&bytes), &Limits::default()).unwrap();
    println!("vm {:?} ops {}", t.elapsed(), d.op_count);
    let mut m: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for o in &d.graph.objs {
        let (k, n) = match o {
            PyObj::None => ("None", 0), PyObj::Bool(_) => ("Bool", 0), PyObj::Int(_) => ("Int", 0),
            PyObj::Long(s) => ("Long", s.len()), PyObj::Float(_) => ("Float", 0), PyObj::Str(s) => ("Str", s.len()),
            PyObj::Bytes(b) => ("Bytes", b.len()), PyObj::ByteArray(b) => ("ByteArray", b.len()),
            PyObj::Tuple(v) => ("Tuple", v.len()), PyObj::List(v) => ("List", v.len()), PyObj::Dict(v) => ("Dict", v.len()),
            PyObj::Set(v) => ("Set", v.len()), PyObj::FrozenSet(v) => ("FrozenSet", v.len()), PyObj::Global{..} => ("Global", 0),
            PyObj::Object{args, list_items, dict_items, ..} => ("Object", args.len()+list_items.len()+dict_items.len()),
            _ => ("other", 0),
        };
        let e = m.entry(k).or_default(); e.0 += 1; e.1 += n;
    }
    for (k, (c, n)) in m { println!("{k:10} {c:10} {n:12}"); }
    println!("PyObj size {}", std::mem::size_of::<PyObj>());
}
