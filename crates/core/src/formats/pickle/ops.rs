//! The 68 opcodes of pickle protocols 0–5 and the shape of each one's inline argument
//! (the table `python3 -m pickletools` documents).

/// How an opcode's inline argument is laid out after the opcode byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    None,
    /// Unsigned 1-, 2-, 4- or 8-byte little-endian integer.
    U1,
    U2,
    U4,
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
    Len4,
    /// Like `Len4` but the length is signed (`BINSTRING`); negative is an error.
    Len4Signed,
    Len8,
}

macro_rules! opcodes {
    ($($name:ident = $byte:literal, $arg:ident, $proto:literal;)*) => {
        /// One pickle opcode (named as in `pickletools`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        #[allow(non_camel_case_types)]
        pub enum Opcode {
            $($name = $byte,)*
        }

        impl Opcode {
            /// Every opcode, in table order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$name,)*];

            pub fn from_byte(b: u8) -> Option<Opcode> {
                const TABLE: [Option<Opcode>; 256] = {
                    let mut t = [None; 256];
                    $(t[$byte as usize] = Some(Opcode::$name);)*
                    t
                };
                TABLE[b as usize]
            }

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
    MARK = b'(', None, 0;
    STOP = b'.', None, 0;
    POP = b'0', None, 0;
    POP_MARK = b'1', None, 1;
    DUP = b'2', None, 0;
    FLOAT = b'F', Line, 0;
    INT = b'I', Line, 0;
    BININT = b'J', I4, 1;
    BININT1 = b'K', U1, 1;
    LONG = b'L', Line, 0;
    BININT2 = b'M', U2, 1;
    NONE = b'N', None, 0;
    PERSID = b'P', Line, 0;
    BINPERSID = b'Q', None, 1;
    REDUCE = b'R', None, 0;
    STRING = b'S', Line, 0;
    BINSTRING = b'T', Len4Signed, 1;
    SHORT_BINSTRING = b'U', Len1, 1;
    UNICODE = b'V', Line, 0;
    BINUNICODE = b'X', Len4, 1;
    APPEND = b'a', None, 0;
    BUILD = b'b', None, 0;
    GLOBAL = b'c', TwoLines, 0;
    DICT = b'd', None, 0;
    EMPTY_DICT = b'}', None, 1;
    APPENDS = b'e', None, 1;
    GET = b'g', Line, 0;
    BINGET = b'h', U1, 1;
    INST = b'i', TwoLines, 0;
    LONG_BINGET = b'j', U4, 1;
    LIST = b'l', None, 0;
    EMPTY_LIST = b']', None, 1;
    OBJ = b'o', None, 1;
    PUT = b'p', Line, 0;
    BINPUT = b'q', U1, 1;
    LONG_BINPUT = b'r', U4, 1;
    SETITEM = b's', None, 0;
    TUPLE = b't', None, 0;
    EMPTY_TUPLE = b')', None, 1;
    SETITEMS = b'u', None, 1;
    BINFLOAT = b'G', F8, 1;
    PROTO = 0x80, U1, 2;
    NEWOBJ = 0x81, None, 2;
    EXT1 = 0x82, U1, 2;
    EXT2 = 0x83, U2, 2;
    EXT4 = 0x84, I4, 2;
    TUPLE1 = 0x85, None, 2;
    TUPLE2 = 0x86, None, 2;
    TUPLE3 = 0x87, None, 2;
    NEWTRUE = 0x88, None, 2;
    NEWFALSE = 0x89, None, 2;
    LONG1 = 0x8a, Len1, 2;
    LONG4 = 0x8b, Len4Signed, 2;
    BINBYTES = b'B', Len4, 3;
    SHORT_BINBYTES = b'C', Len1, 3;
    SHORT_BINUNICODE = 0x8c, Len1, 4;
    BINUNICODE8 = 0x8d, Len8, 4;
    BINBYTES8 = 0x8e, Len8, 4;
    EMPTY_SET = 0x8f, None, 4;
    ADDITEMS = 0x90, None, 4;
    FROZENSET = 0x91, None, 4;
    NEWOBJ_EX = 0x92, None, 4;
    STACK_GLOBAL = 0x93, None, 4;
    MEMOIZE = 0x94, None, 4;
    FRAME = 0x95, U8, 4;
    BYTEARRAY8 = 0x96, Len8, 5;
    NEXT_BUFFER = 0x97, None, 5;
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
