//! The 68 opcodes of pickle protocols 0–5 and the shape of each one's inline argument
//! (the table `python3 -m pickletools` documents).

/// How an opcode's inline argument is laid out after the opcode byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// No inline argument.
    None,
    /// Unsigned 1-, 2-, 4- or 8-byte little-endian integer.
    U1,
    /// Unsigned 2-byte little-endian integer.
    U2,
    /// Unsigned 4-byte little-endian integer.
    U4,
    /// Unsigned 8-byte little-endian integer (`FRAME` length).
    U8,
    /// Signed 4-byte little-endian integer.
    I4,
    /// Big-endian IEEE-754 double.
    F8,
    /// One newline-terminated text line (protocol 0).
    Line,
    /// Two newline-terminated lines: module and name (`GLOBAL`, `INST`).
    TwoLines,
    /// A byte payload preceded by its 1-, 4- or 8-byte length.
    Len1,
    /// A byte payload preceded by its unsigned 4-byte little-endian length.
    Len4,
    /// Like `Len4` but the length is signed (`BINSTRING`); negative is an error.
    Len4Signed,
    /// A byte payload preceded by its 8-byte little-endian length.
    Len8,
}

macro_rules! opcodes {
    ($($(#[$doc:meta])* $name:ident = $byte:literal, $arg:ident, $proto:literal;)*) => {
        /// One pickle opcode (named as in `pickletools`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        #[allow(non_camel_case_types)]
        pub enum Opcode {
            $($(#[$doc])* $name = $byte,)*
        }

        impl Opcode {
            /// Every opcode, in table order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$name,)*];

            /// The opcode a byte stands for, or `None` if no protocol defines it.
            pub fn from_byte(b: u8) -> Option<Opcode> {
                const TABLE: [Option<Opcode>; 256] = {
                    let mut t = [None; 256];
                    $(t[$byte as usize] = Some(Opcode::$name);)*
                    t
                };
                TABLE[b as usize]
            }

            /// How this opcode's inline argument is laid out.
            pub fn arg_kind(self) -> ArgKind {
                const TABLE: [ArgKind; 256] = {
                    let mut t = [ArgKind::None; 256];
                    $(t[$byte as usize] = ArgKind::$arg;)*
                    t
                };
                TABLE[self as u8 as usize]
            }

            /// The name pickletools uses, for error messages.
            pub fn name(self) -> &'static str {
                match self {
                    $(Opcode::$name => stringify!($name),)*
                }
            }

            /// Whether the opcode imports a global or makes a call when Python loads it (what
            /// `crate::audit` reports): `GLOBAL`, `STACK_GLOBAL`, `INST`, `OBJ`, `REDUCE`,
            /// `BUILD` (`__setstate__`), `NEWOBJ`, `NEWOBJ_EX`, the `EXT` codes and the
            /// persistent ids (`PERSID`, `BINPERSID`: the unpickler's `persistent_load`).
            pub fn runs_on_load(self) -> bool {
                matches!(
                    self,
                    Opcode::GLOBAL
                        | Opcode::STACK_GLOBAL
                        | Opcode::INST
                        | Opcode::OBJ
                        | Opcode::REDUCE
                        | Opcode::BUILD
                        | Opcode::NEWOBJ
                        | Opcode::NEWOBJ_EX
                        | Opcode::EXT1
                        | Opcode::EXT2
                        | Opcode::EXT4
                        | Opcode::PERSID
                        | Opcode::BINPERSID
                )
            }

            /// The protocol that introduced the opcode.
            pub fn protocol(self) -> u8 {
                match self {
                    $(Opcode::$name => $proto,)*
                }
            }
        }
    };
}

opcodes! {
    /// Pushes a mark: the start of the items a later opcode collects.
    MARK = b'(', None, 0;
    /// Ends the pickle; the top of the stack is the unpickled object.
    STOP = b'.', None, 0;
    /// Discards the top of the stack.
    POP = b'0', None, 0;
    /// Discards the stack down to and including the topmost mark.
    POP_MARK = b'1', None, 1;
    /// Pushes the top of the stack again.
    DUP = b'2', None, 0;
    /// Pushes a float written as decimal text on a line.
    FLOAT = b'F', Line, 0;
    /// Pushes an int written as decimal text on a line (`00`/`01` are `False`/`True`).
    INT = b'I', Line, 0;
    /// Pushes a signed 4-byte int.
    BININT = b'J', I4, 1;
    /// Pushes an unsigned 1-byte int.
    BININT1 = b'K', U1, 1;
    /// Pushes an int of any size written as decimal text (with an `L` suffix) on a line.
    LONG = b'L', Line, 0;
    /// Pushes an unsigned 2-byte int.
    BININT2 = b'M', U2, 1;
    /// Pushes `None`.
    NONE = b'N', None, 0;
    /// Pushes the object a persistent id written on a line names.
    PERSID = b'P', Line, 0;
    /// Replaces the persistent id on top of the stack by the object it names.
    BINPERSID = b'Q', None, 1;
    /// Replaces a callable and an argument tuple by `callable(*args)`.
    REDUCE = b'R', None, 0;
    /// Pushes a quoted, escaped string literal written on a line.
    STRING = b'S', Line, 0;
    /// Pushes a string with a signed 4-byte length.
    BINSTRING = b'T', Len4Signed, 1;
    /// Pushes a string with a 1-byte length.
    SHORT_BINSTRING = b'U', Len1, 1;
    /// Pushes a `str` written raw-unicode-escaped on a line.
    UNICODE = b'V', Line, 0;
    /// Pushes a UTF-8 `str` with a 4-byte length.
    BINUNICODE = b'X', Len4, 1;
    /// Appends the top of the stack to the list below it.
    APPEND = b'a', None, 0;
    /// Sets the state of the object below the top of the stack (`__setstate__` or `__dict__`).
    BUILD = b'b', None, 0;
    /// Pushes the global named by a module line and a name line.
    GLOBAL = b'c', TwoLines, 0;
    /// Replaces the items above the topmost mark by a dict of those key/value pairs.
    DICT = b'd', None, 0;
    /// Pushes an empty dict.
    EMPTY_DICT = b'}', None, 1;
    /// Extends the list below the topmost mark with the items above it.
    APPENDS = b'e', None, 1;
    /// Pushes the memo entry whose index is written on a line.
    GET = b'g', Line, 0;
    /// Pushes the memo entry at a 1-byte index.
    BINGET = b'h', U1, 1;
    /// Builds an instance of the class named by module and name lines from the items above
    /// the topmost mark.
    INST = b'i', TwoLines, 0;
    /// Pushes the memo entry at a 4-byte index.
    LONG_BINGET = b'j', U4, 1;
    /// Replaces the items above the topmost mark by a list of them.
    LIST = b'l', None, 0;
    /// Pushes an empty list.
    EMPTY_LIST = b']', None, 1;
    /// Builds an instance of the class just above the topmost mark from the items after it.
    OBJ = b'o', None, 1;
    /// Stores the top of the stack in the memo at an index written on a line.
    PUT = b'p', Line, 0;
    /// Stores the top of the stack in the memo at a 1-byte index.
    BINPUT = b'q', U1, 1;
    /// Stores the top of the stack in the memo at a 4-byte index.
    LONG_BINPUT = b'r', U4, 1;
    /// Sets the key/value pair on top of the stack in the dict below it.
    SETITEM = b's', None, 0;
    /// Replaces the items above the topmost mark by a tuple of them.
    TUPLE = b't', None, 0;
    /// Pushes an empty tuple.
    EMPTY_TUPLE = b')', None, 1;
    /// Sets the key/value pairs above the topmost mark in the dict below it.
    SETITEMS = b'u', None, 1;
    /// Pushes an 8-byte big-endian double.
    BINFLOAT = b'G', F8, 1;
    /// Declares the protocol version (first opcode of a protocol 2+ pickle).
    PROTO = 0x80, U1, 2;
    /// Replaces a class and an argument tuple by `cls.__new__(cls, *args)`.
    NEWOBJ = 0x81, None, 2;
    /// Pushes the object the copyreg extension registry holds under a 1-byte code.
    EXT1 = 0x82, U1, 2;
    /// Pushes the object the copyreg extension registry holds under a 2-byte code.
    EXT2 = 0x83, U2, 2;
    /// Pushes the object the copyreg extension registry holds under a 4-byte code.
    EXT4 = 0x84, I4, 2;
    /// Replaces the top of the stack by a 1-tuple of it.
    TUPLE1 = 0x85, None, 2;
    /// Replaces the top two stack items by a 2-tuple of them.
    TUPLE2 = 0x86, None, 2;
    /// Replaces the top three stack items by a 3-tuple of them.
    TUPLE3 = 0x87, None, 2;
    /// Pushes `True`.
    NEWTRUE = 0x88, None, 2;
    /// Pushes `False`.
    NEWFALSE = 0x89, None, 2;
    /// Pushes an int stored as little-endian two's complement bytes with a 1-byte length.
    LONG1 = 0x8a, Len1, 2;
    /// Pushes an int stored as little-endian two's complement bytes with a signed 4-byte length.
    LONG4 = 0x8b, Len4Signed, 2;
    /// Pushes `bytes` with a 4-byte length.
    BINBYTES = b'B', Len4, 3;
    /// Pushes `bytes` with a 1-byte length.
    SHORT_BINBYTES = b'C', Len1, 3;
    /// Pushes a UTF-8 `str` with a 1-byte length.
    SHORT_BINUNICODE = 0x8c, Len1, 4;
    /// Pushes a UTF-8 `str` with an 8-byte length.
    BINUNICODE8 = 0x8d, Len8, 4;
    /// Pushes `bytes` with an 8-byte length.
    BINBYTES8 = 0x8e, Len8, 4;
    /// Pushes an empty set.
    EMPTY_SET = 0x8f, None, 4;
    /// Adds the items above the topmost mark to the set below it.
    ADDITEMS = 0x90, None, 4;
    /// Replaces the items above the topmost mark by a frozenset of them.
    FROZENSET = 0x91, None, 4;
    /// Replaces a class, an argument tuple and a kwargs dict by
    /// `cls.__new__(cls, *args, **kwargs)`.
    NEWOBJ_EX = 0x92, None, 4;
    /// Replaces a module string and a name string by the global they name.
    STACK_GLOBAL = 0x93, None, 4;
    /// Stores the top of the stack in the memo at the next free index.
    MEMOIZE = 0x94, None, 4;
    /// Starts a frame of the given 8-byte length (a read-ahead hint; no effect on the stack).
    FRAME = 0x95, U8, 4;
    /// Pushes a `bytearray` with an 8-byte length.
    BYTEARRAY8 = 0x96, Len8, 5;
    /// Pushes the next out-of-band buffer (protocol 5 `PickleBuffer`).
    NEXT_BUFFER = 0x97, None, 5;
    /// Makes the buffer on top of the stack read-only.
    READONLY_BUFFER = 0x98, None, 5;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_all_68_opcodes_with_distinct_bytes() {
        assert_eq!(Opcode::ALL.len(), 68);
        let mut bytes: Vec<u8> = Opcode::ALL.iter().map(|o| *o as u8).collect();
        bytes.sort();
        bytes.dedup();
        assert_eq!(bytes.len(), 68);
        for op in Opcode::ALL {
            assert_eq!(Opcode::from_byte(*op as u8), Some(*op));
        }
        assert_eq!(Opcode::from_byte(0x99), None);
    }
}
