//! The audit's policy: which Python names a LocalStack state file may load without being
//! *suspicious*. One explicit list, read top to bottom by [`judge`]:
//!
//! 1. [`EXACT`]: stdlib data types, LocalStack's pickle helpers and dill's data-rebuilding
//!    helpers, each with the reason it is harmless;
//! 2. [`CONDITIONAL`]: names that are harmless *as references* but are judged where they are
//!    called, by a rule on their arguments (`getattr`, `setattr`, dill's `_load_type` and
//!    `_create_function`; see `judge_call` in `audit::verdict`);
//! 3. [`DENIED`]: modules and builtins that run code, processes, imports or I/O (`os`,
//!    `subprocess`, `builtins.eval`...); also every double-underscore attribute except a
//!    module's `__dict__`. Listed so the reason can be named: anything unlisted is suspicious
//!    anyway;
//! 4. [`PREFIXES`]: LocalStack, moto, botocore and localstack-persist — but only their
//!    *classes* (a last component starting with an upper-case letter after any leading `_`:
//!    models, enums, enum members) and module namespaces (`__dict__`, the globals of a dill-pickled lambda), never
//!    a lower-case function (`localstack.utils.run.run` runs a shell command) and nothing under
//!    [`PREFIX_DENIED`];
//! 5. anything else: suspicious ("not on the allowlist").
//!
//! Decisions on dill (`dill._dill.*`): helpers that rebuild data (locks, cells, namedtuples)
//! are expected. `_create_code` builds a code object and runs nothing, so it is expected; the
//! function made from it is judged at `_create_function`: expected only when its globals are
//! the namespace of a LocalStack or moto module (how dill pickles a lambda of those modules'
//! code, e.g. `SqsQueue.default_attributes.<locals>.<lambda>`), suspicious otherwise. Calling
//! such a function (or any object that is not a name) during the load is always suspicious.
//! `_load_type` is judged by the type it loads (`CodeType`, `FunctionType`... are suspicious).
//! `_create_type`, `_import_module`, `_eval_repr`, `_create_filehandle` are not on the list.

use serde::Serialize;

/// An audit verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// On the allowlist: rebuilds data.
    Expected,
    /// Not on the allowlist, or on the list of things that run code.
    Suspicious,
}

/// Names that only rebuild data, with the reason.
pub const EXACT: &[(&str, &str)] = &[
    ("builtins.set", "container type"),
    ("builtins.frozenset", "container type"),
    ("builtins.list", "container type"),
    ("builtins.dict", "container type"),
    ("builtins.tuple", "container type"),
    ("builtins.bytearray", "data type"),
    ("builtins.bytes", "data type"),
    ("builtins.str", "data type"),
    ("builtins.int", "data type"),
    ("builtins.float", "data type"),
    ("builtins.complex", "data type"),
    ("builtins.bool", "data type"),
    ("builtins.slice", "data type"),
    ("builtins.range", "data type"),
    ("builtins.object", "base of plain instances (copyreg._reconstructor)"),
    ("builtins.NoneType", "data type"),
    ("builtins.Ellipsis", "constant"),
    ("builtins.NotImplemented", "constant"),
    ("copyreg._reconstructor", "protocol 0/1 instance rebuilding (object.__new__)"),
    ("copyreg.__newobj__", "cls.__new__(cls, *args)"),
    ("copyreg.__newobj_ex__", "cls.__new__(cls, *args, **kwargs)"),
    ("_codecs.encode", "bytes of protocol 0-2 pickles (text encoded to bytes)"),
    ("codecs.encode", "bytes of protocol 0-2 pickles (text encoded to bytes)"),
    ("collections.OrderedDict", "container type"),
    ("collections.defaultdict", "container type"),
    ("collections.deque", "container type"),
    ("collections.Counter", "container type"),
    ("collections.ChainMap", "container type"),
    ("datetime.datetime", "data type"),
    ("datetime.date", "data type"),
    ("datetime.time", "data type"),
    ("datetime.timedelta", "data type"),
    ("datetime.timezone", "data type"),
    ("decimal.Decimal", "data type"),
    ("fractions.Fraction", "data type"),
    ("uuid.UUID", "data type"),
    ("uuid.SafeUUID", "data type (enum)"),
    ("zoneinfo.ZoneInfo", "time zone by key (keys with path separators are refused by zoneinfo)"),
    ("zoneinfo.ZoneInfo._unpickle", "time zone by key"),
    ("re._compile", "compiled regular expression"),
    ("re.compile", "compiled regular expression"),
    ("types.GenericAlias", "type annotation such as list[str]"),
    ("types.SimpleNamespace", "attribute bag"),
    ("types.MappingProxyType", "read-only dict view"),
    ("types.NoneType", "data type"),
    ("types.EllipsisType", "data type"),
    ("types.NotImplementedType", "data type"),
    ("threading.Condition", "synchronization primitive"),
    ("threading.Lock", "synchronization primitive"),
    ("threading.RLock", "synchronization primitive"),
    ("threading.Event", "synchronization primitive"),
    ("threading.Semaphore", "synchronization primitive"),
    ("_thread.allocate_lock", "synchronization primitive"),
    ("_thread.RLock", "synchronization primitive"),
    ("_thread.lock", "synchronization primitive"),
    ("jsonpickle.handlers.CloneFactory", "jsonpickle: a defaultdict factory that copies a value"),
    ("queue.Queue", "container type"),
    ("queue.PriorityQueue", "container type"),
    ("queue.LifoQueue", "container type"),
    ("queue.SimpleQueue", "container type"),
    ("array.array", "container type"),
    ("ipaddress.IPv4Address", "data type"),
    ("ipaddress.IPv6Address", "data type"),
    ("ipaddress.IPv4Network", "data type"),
    ("ipaddress.IPv6Network", "data type"),
    (
        "localstack_persist.serialization.pickle.handlers.unpickle_rlock",
        "localstack-persist: a new RLock",
    ),
    (
        "localstack_persist.serialization.pickle.handlers.unpickle_cert_bundle",
        "localstack-persist: a certificate bundle from its PEM text",
    ),
    ("dill._dill", "dill's helper module (a getattr target)"),
    ("dill._dill._create_rlock", "dill: a new RLock"),
    ("dill._dill._create_lock", "dill: a new Lock"),
    ("dill._dill._create_cell", "dill: a closure cell holding a value"),
    ("dill._dill._create_namedtuple", "dill: a namedtuple class from field names"),
    (
        "dill._dill._create_code",
        "dill: a code object (never run on load; its function is judged at _create_function)",
    ),
];

/// Harmless as references, judged by their arguments where they are called.
pub const CONDITIONAL: &[(&str, &str)] = &[
    ("builtins.getattr", "judged where called: by the attribute it fetches"),
    ("dill._dill._get_attr", "judged where called: by the attribute it fetches"),
    ("builtins.setattr", "judged where called: only a dill cell's cell_contents"),
    ("dill._dill._setattr", "judged where called: only a dill cell's cell_contents"),
    ("dill._dill._load_type", "judged where called: by the type it loads"),
    ("dill._dill._create_function", "judged where called: by its globals"),
];

/// Modules (and their submodules) and names that run code, processes, imports or I/O.
pub const DENIED: &[(&str, &str)] = &[
    ("os", "operating system access (system, exec*, spawn*, files)"),
    ("posix", "operating system access (os on POSIX)"),
    ("nt", "operating system access (os on Windows)"),
    ("subprocess", "runs processes"),
    ("_posixsubprocess", "runs processes"),
    ("pty", "runs processes"),
    ("multiprocessing", "runs processes"),
    ("sys", "interpreter internals (modules, hooks, exit)"),
    ("importlib", "imports modules"),
    ("runpy", "runs modules"),
    ("code", "runs code"),
    ("codeop", "compiles code"),
    ("marshal", "loads code objects"),
    ("pickle", "nested unpickling"),
    ("_pickle", "nested unpickling"),
    ("dill", "nested unpickling or code creation"),
    ("shutil", "file operations"),
    ("socket", "network access"),
    ("ctypes", "native calls"),
    ("webbrowser", "runs programs"),
    ("jsonpickle.repr", "py/repr: jsonpickle evaluates the text when not in safe mode"),
    ("builtins.eval", "evaluates code"),
    ("builtins.exec", "executes code"),
    ("builtins.compile", "compiles code"),
    ("builtins.__import__", "imports modules"),
    ("builtins.open", "opens files"),
    ("builtins.input", "reads the terminal"),
    ("builtins.breakpoint", "starts a debugger"),
    ("builtins.delattr", "changes attributes"),
    ("builtins.globals", "interpreter internals"),
    ("builtins.locals", "interpreter internals"),
    ("builtins.vars", "interpreter internals"),
    ("builtins.type", "creates classes"),
    ("builtins.exit", "exits"),
    ("builtins.quit", "exits"),
    ("types.CodeType", "creates code"),
    ("types.FunctionType", "creates functions"),
    ("types.LambdaType", "creates functions"),
    ("types.ModuleType", "creates modules"),
    ("types.MethodType", "binds functions"),
];

/// Packages whose classes (not functions) are expected.
pub const PREFIXES: &[&str] = &["localstack", "moto", "botocore", "localstack_persist"];

/// Modules inside [`PREFIXES`] that run programs or containers.
pub const PREFIX_DENIED: &[(&str, &str)] = &[
    ("localstack.utils.run", "runs processes"),
    ("localstack.utils.bootstrap", "starts LocalStack and containers"),
    ("localstack.utils.docker_utils", "runs containers"),
    ("localstack.utils.container_utils", "runs containers"),
    ("localstack.utils.scripts", "runs scripts"),
];

/// Python 2 module names Python 3's unpickler maps (`fix_imports`).
const PY2_MODULES: &[(&str, &str)] =
    &[("__builtin__", "builtins"), ("copy_reg", "copyreg"), ("exceptions", "builtins")];

/// `module.qualname` with Python 2 module names mapped to Python 3's.
pub fn normalize(module: &str, name: &str) -> String {
    let module = PY2_MODULES
        .iter()
        .find(|(two, _)| *two == module)
        .map(|(_, three)| *three)
        .unwrap_or(module);
    if name.is_empty() { module.to_string() } else { format!("{module}.{name}") }
}

fn lookup(table: &'static [(&'static str, &'static str)], dotted: &str) -> Option<&'static str> {
    table.iter().find(|(n, _)| *n == dotted).map(|(_, why)| *why)
}

/// Whether `dotted` is `module` or inside it.
fn within(dotted: &str, module: &str) -> bool {
    dotted == module || dotted.strip_prefix(module).is_some_and(|rest| rest.starts_with('.'))
}

/// Whether `dotted` names something [`CONDITIONAL`] (judged where it is called).
pub fn conditional(dotted: &str) -> bool {
    lookup(CONDITIONAL, dotted).is_some()
}

/// The verdict on loading (referencing or calling) the dotted name, and why.
pub fn judge(dotted: &str) -> (Verdict, &'static str) {
    if let Some(why) = lookup(EXACT, dotted).or_else(|| lookup(CONDITIONAL, dotted)) {
        return (Verdict::Expected, why);
    }
    if let Some((_, why)) = DENIED.iter().find(|(m, _)| within(dotted, m)) {
        return (Verdict::Suspicious, why);
    }
    let last = dotted.rsplit('.').next().unwrap_or(dotted);
    if last.starts_with("__") && last != "__dict__" {
        return (Verdict::Suspicious, "a special (double-underscore) attribute");
    }
    if PREFIXES.iter().any(|p| within(dotted, p)) {
        if let Some((_, why)) = PREFIX_DENIED.iter().find(|(m, _)| within(dotted, m)) {
            return (Verdict::Suspicious, why);
        }
        if last == "__dict__" {
            return (
                Verdict::Expected,
                "a LocalStack/moto module's namespace (dill function globals)",
            );
        }
        if last.trim_start_matches('_').starts_with(|c: char| c.is_ascii_uppercase()) {
            return (Verdict::Expected, "a LocalStack/moto/botocore class or enum member");
        }
        return (Verdict::Suspicious, "a function (only classes of LocalStack/moto are allowed)");
    }
    (Verdict::Suspicious, "not on the allowlist")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_cases() {
        for ok in [
            "localstack.services.sqs.models.SqsStore",
            "localstack.aws.api.sqs.QueueAttributeName.VisibilityTimeout",
            "moto.core.base_backend.BackendDict",
            "moto.ssm.models.__dict__",
            "collections.OrderedDict",
            "dill._dill._create_code",
            "builtins.getattr",
        ] {
            assert_eq!(judge(ok).0, Verdict::Expected, "{ok}");
        }
        for bad in [
            "os.system",
            "posix.system",
            "subprocess.Popen",
            "builtins.eval",
            "builtins.__import__",
            "pickle.loads",
            "importlib.import_module",
            "sys.modules",
            "dill._dill._eval_repr",
            "dill.loads",
            "localstack.utils.run.run",
            "localstack.utils.run.ShellCommandThread",
            "localstack.config.__class__",
            "localstack.utils.strings.to_str",
            "__main__.Point",
            "types.CodeType",
        ] {
            assert_eq!(judge(bad).0, Verdict::Suspicious, "{bad}");
        }
        assert_eq!(normalize("__builtin__", "set"), "builtins.set");
        assert_eq!(normalize("copy_reg", "_reconstructor"), "copyreg._reconstructor");
    }
}
