//! The one atom table, shared by every process and scheduler thread.
//!
//! Atoms are interned once and never freed, as in Erlang. Names are leaked
//! `&'static str`s, so a name read from the table stays valid for the life
//! of the VM. Threads: any thread may intern or look up at any time.

use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

/// The most atoms the table holds (Erlang's default `+t`).
pub const ATOM_LIMIT: usize = 1_048_576;

/// The longest atom name in characters, as in Erlang.
pub const ATOM_MAX_CHARS: usize = 255;

/// An interned atom: an index into the atom table.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Atom(u32);

impl Atom {
    /// The atom with the given table index.
    #[inline(always)]
    pub const fn from_index(index: u32) -> Atom {
        Atom(index)
    }

    /// The atom's index in the table.
    #[inline(always)]
    pub const fn index(self) -> u32 {
        self.0
    }

    /// Interns `name` in the global table.
    pub fn intern(name: &str) -> Result<Atom, AtomTableFull> {
        AtomTable::global().intern(name)
    }

    /// The atom's name.
    pub fn name(self) -> &'static str {
        AtomTable::global().name(self)
    }
}

/// The error when the atom table is full or an atom name is too long.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the atom table is full ({ATOM_LIMIT} atoms) or the name is longer than {ATOM_MAX_CHARS} characters")]
pub struct AtomTableFull;

#[derive(Default)]
struct Inner {
    names: Vec<&'static str>,
    by_name: HashMap<&'static str, u32>,
}

/// The interning table behind [`Atom`].
pub struct AtomTable {
    inner: RwLock<Inner>,
}

macro_rules! predefined_atoms {
    ($($constant:ident = $name:literal,)*) => {
        /// Atoms the VM itself names, interned first so their indices are constants.
        pub mod atoms {
            use super::Atom;
            predefined_atoms!(@consts 0u32, $($constant,)*);
            /// The names of the predefined atoms, in index order.
            pub(super) const NAMES: &[&str] = &[$($name),*];
        }
    };
    (@consts $index:expr, $constant:ident, $($rest:ident,)*) => {
        #[doc = concat!("The atom `", stringify!($constant), "`.")]
        pub const $constant: Atom = Atom::from_index($index);
        predefined_atoms!(@consts $index + 1, $($rest,)*);
    };
    (@consts $index:expr,) => {};
}

predefined_atoms! {
    FALSE = "false",
    TRUE = "true",
    OK = "ok",
    ERROR = "error",
    UNDEFINED = "undefined",
    NORMAL = "normal",
    KILL = "kill",
    KILLED = "killed",
    EXIT = "exit",
    THROW = "throw",
    BADARG = "badarg",
    BADARITH = "badarith",
    BADMATCH = "badmatch",
    CASE_CLAUSE = "case_clause",
    FUNCTION_CLAUSE = "function_clause",
    IF_CLAUSE = "if_clause",
    TRY_CLAUSE = "try_clause",
    UNDEF = "undef",
    BADFUN = "badfun",
    BADARITY = "badarity",
    BADMAP = "badmap",
    BADKEY = "badkey",
    BADRECORD = "badrecord",
    NOCATCH = "nocatch",
    TIMEOUT_VALUE = "timeout_value",
    SYSTEM_LIMIT = "system_limit",
    INFINITY = "infinity",
    NOPROC = "noproc",
    EXIT_TAG = "EXIT",
    DOWN = "DOWN",
    PROCESS = "process",
    LINE = "line",
    FILE = "file",
    ERLANG = "erlang",
    NONODE = "nonode@nohost",
    TRAP_EXIT = "trap_exit",
    MAIN = "main",
    NIL_ATOM = "nil",
    LISTS = "lists",
    MAPS = "maps",
    IO = "io",
    EMPTY = "",
    // Distribution: control messages, net_kernel, the I/O protocol.
    NOCONNECTION = "noconnection",
    NODEDOWN = "nodedown",
    NOTALIVE = "notalive",
    IGNORED = "ignored",
    LINK = "link",
    SPAWN_REPLY = "spawn_reply",
    NET_KERNEL = "net_kernel",
    GEN_CALL = "$gen_call",
    IS_AUTH = "is_auth",
    YES = "yes",
    IO_REQUEST = "io_request",
    IO_REPLY = "io_reply",
    PUT_CHARS = "put_chars",
    UNICODE = "unicode",
    IO_LIB = "io_lib",
    FORMAT = "format",
    ENOTSUP = "enotsup",
    LATIN1 = "latin1",
    GIRDER_OUTPUT = "girder_output",
    APPLY = "apply",
    MONITOR = "monitor",
    BADOPT = "badopt",
    CALLING_SELF = "calling_self",
    GETOPTS = "getopts",
    SETOPTS = "setopts",
    GET_GEOMETRY = "get_geometry",
    REQUESTS = "requests",
    REQUEST = "request",
    ENCODING = "encoding",
    BINARY = "binary",
    STANDARD_IO = "standard_io",
    COLUMNS = "columns",
    ROWS = "rows",
    // Error info in stack traces; map iterators.
    ERROR_INFO = "error_info",
    MODULE = "module",
    CAUSE = "cause",
    ITERATOR = "iterator",
    NONE = "none",
    // The maps of `counters:info/1`, `atomics:info/1`, `persistent_term:info/0`.
    SIZE = "size",
    MEMORY = "memory",
    MAX = "max",
    MIN = "min",
    COUNT = "count",
    // Timers: `send_after`, `start_timer`, `cancel_timer`, `read_timer`, `timer`.
    TIMEOUT = "timeout",
    TIME = "time",
    ABS = "abs",
    ASYNC = "async",
    INFO = "info",
    CANCEL_TIMER = "cancel_timer",
    READ_TIMER = "read_timer",
    TIMER = "timer",
    SEND = "send",
    INSTANT = "instant",
    SEND_LOCAL = "send_local",
    ONCE = "once",
    INTERVAL = "interval",
    CANCEL = "cancel",
    // ETS: match specifications, traversal, `ets:info/2`.
    UNDERSCORE = "_",
    DOLLAR_UNDERSCORE = "$_",
    DOLLAR_DOLLAR = "$$",
    END_OF_TABLE = "$end_of_table",
    ID = "id",
    NAME = "name",
    TYPE = "type",
    KEYPOS = "keypos",
    PROTECTION = "protection",
    OWNER = "owner",
    HEIR = "heir",
    NAMED_TABLE = "named_table",
    NODE = "node",
    FIXED = "fixed",
    SAFE_FIXED = "safe_fixed",
    SAFE_FIXED_MONOTONIC_TIME = "safe_fixed_monotonic_time",
    READ_CONCURRENCY = "read_concurrency",
    WRITE_CONCURRENCY = "write_concurrency",
    DECENTRALIZED_COUNTERS = "decentralized_counters",
    COMPRESSED = "compressed",
    AUTO = "auto",
    STATS = "stats",
    ACCESS = "access",
    SET = "set",
    ORDERED_SET = "ordered_set",
    BAG = "bag",
    DUPLICATE_BAG = "duplicate_bag",
    PUBLIC = "public",
    PROTECTED = "protected",
    PRIVATE = "private",
    ETS_TRANSFER = "ETS-TRANSFER",
    ALREADY_EXISTS = "already_exists",
    ETS_CONTINUATION = "$ets_select_continuation",
    APPLICATION_CONTROLLER = "application_controller",
    INIT = "init",
    BOOT_KERNEL = "boot_kernel",
    AWAIT_KERNEL = "await_kernel",
    NON_EXISTING = "non_existing",
    // The node's terminal input (`crate::input`).
    EOF = "eof",
    INTERRUPTED = "interrupted",
    EIO = "eio",
    INPUT = "input",
}

impl AtomTable {
    /// The VM's one atom table, created on first use with the predefined atoms.
    pub fn global() -> &'static AtomTable {
        static TABLE: OnceLock<AtomTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            let mut inner = Inner::default();
            for (index, name) in atoms::NAMES.iter().enumerate() {
                inner.names.push(name);
                inner.by_name.insert(name, index as u32);
            }
            AtomTable { inner: RwLock::new(inner) }
        })
    }

    /// Interns `name`, returning the existing atom when there is one.
    pub fn intern(&self, name: &str) -> Result<Atom, AtomTableFull> {
        if let Some(atom) = self.lookup(name) {
            return Ok(atom);
        }
        if name.chars().count() > ATOM_MAX_CHARS {
            return Err(AtomTableFull);
        }
        let mut inner = self.inner.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(&index) = inner.by_name.get(name) {
            return Ok(Atom(index));
        }
        if inner.names.len() >= ATOM_LIMIT {
            return Err(AtomTableFull);
        }
        let name: &'static str = Box::leak(name.to_owned().into_boxed_str());
        let index = inner.names.len() as u32;
        inner.names.push(name);
        inner.by_name.insert(name, index);
        Ok(Atom(index))
    }

    /// The atom named `name`, if it exists (never creates one).
    pub fn lookup(&self, name: &str) -> Option<Atom> {
        let inner = self.inner.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        inner.by_name.get(name).map(|&index| Atom(index))
    }

    /// The name of `atom`.
    pub fn name(&self, atom: Atom) -> &'static str {
        let inner = self.inner.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        inner.names.get(atom.0 as usize).copied().unwrap_or("")
    }

    /// How many atoms exist.
    pub fn len(&self) -> usize {
        self.inner.read().unwrap_or_else(|poisoned| poisoned.into_inner()).names.len()
    }

    /// Whether the table is empty (it never is: the predefined atoms exist).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predefined_atoms_have_their_names() {
        assert_eq!(atoms::TRUE.name(), "true");
        assert_eq!(atoms::FALSE.name(), "false");
        assert_eq!(atoms::EXIT_TAG.name(), "EXIT");
        assert_eq!(Atom::intern("ok").unwrap(), atoms::OK);
    }

    #[test]
    fn interning_is_idempotent_across_threads() {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    (0..500).map(|i| Atom::intern(&format!("atom_test_{i}")).unwrap()).collect::<Vec<_>>()
                })
            })
            .collect();
        let results: Vec<Vec<Atom>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        for result in &results[1..] {
            assert_eq!(result, &results[0]);
        }
        assert_eq!(results[0][7].name(), "atom_test_7");
    }

    #[test]
    fn overlong_names_are_refused() {
        assert!(Atom::intern(&"a".repeat(255)).is_ok());
        assert_eq!(Atom::intern(&"a".repeat(256)), Err(AtomTableFull));
    }
}
