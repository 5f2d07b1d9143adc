//! The declarations every area is written in (`docs/architecture.md` §1): each field, flag bit
//! and constant is stated once, with its offset, type, provenance and source, and the macros
//! here make the rest from it.
//!
//! - `area!`: the Rust struct (its doc comments carry the tags), the offset constants, the
//!   [`Field`](super::Field) table, the block reader and writer (so binrw's
//!   `BinRead`/`BinWrite`), the `arbitrary` impl, and for a whole area its
//!   [`Layout`](super::Layout) and [`Area`](super::Area) impl. The copybooks, the `layout`,
//!   `decode` and `encode` verbs and `docs/reference/areas.md` all read that `Layout`.
//! - `flags!` and `flags_of!`: a bitflags type and the table of its named bits.
//! - `constants!`: Rust constants and the table the copybooks and `layout` print.
//!
//! Declarative macros rather than a build step: the declarations stay Rust (the compiler checks
//! every type and name in them, and the code that uses an area reads the same file).

/// A value with a fixed big-endian form, as an area's field holds it.
pub trait Wire: Sized {
    /// Its length in bytes.
    const LEN: usize;
    /// Reads it from the first [`Wire::LEN`] bytes of `b`; `Err` says why they are not one.
    fn get(b: &[u8]) -> Result<Self, String>;
    /// Writes it into the first [`Wire::LEN`] bytes of `out`.
    fn put(&self, out: &mut [u8]);
}

macro_rules! wire_int {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            const LEN: usize = std::mem::size_of::<$t>();
            #[inline]
            fn get(b: &[u8]) -> Result<$t, String> {
                Ok(<$t>::from_be_bytes(super::bytes_at(b, 0)))
            }
            #[inline]
            fn put(&self, out: &mut [u8]) {
                out[..Self::LEN].copy_from_slice(&self.to_be_bytes());
            }
        }
    )*};
}
wire_int!(u8, u16, u32, u64, i16);

impl<const N: usize> Wire for [u8; N] {
    const LEN: usize = N;
    #[inline]
    fn get(b: &[u8]) -> Result<[u8; N], String> {
        Ok(super::bytes_at(b, 0))
    }
    #[inline]
    fn put(&self, out: &mut [u8]) {
        out[..N].copy_from_slice(self);
    }
}

/// A provenance tag as a [`Prov`](super::Prov), from the word the declarations use.
macro_rules! prov {
    (confirmed) => {
        $crate::areas::Prov::Confirmed
    };
    (third_party) => {
        $crate::areas::Prov::ThirdParty
    };
    (inferred) => {
        $crate::areas::Prov::Inferred
    };
    (reconstructed) => {
        $crate::areas::Prov::Reconstructed
    };
}
pub(crate) use prov;

/// The tag as the reference pages spell it, for doc comments.
macro_rules! tag {
    (confirmed) => {
        "confirmed"
    };
    (third_party) => {
        "third-party"
    };
    (inferred) => {
        "inferred"
    };
    (reconstructed) => {
        "reconstructed"
    };
}
pub(crate) use tag;

/// `value / name` provenance: the name's is the value's unless stated.
macro_rules! name_prov {
    ($prov:ident) => {
        $crate::areas::decl::prov!($prov)
    };
    ($prov:ident / $name:ident) => {
        $crate::areas::decl::prov!($name)
    };
}
pub(crate) use name_prov;

/// "`tag`" or "`tag`, name `tag`" for a doc comment.
macro_rules! tags {
    ($prov:ident) => {
        concat!("`", $crate::areas::decl::tag!($prov), "`")
    };
    ($prov:ident / $name:ident) => {
        concat!(
            "`",
            $crate::areas::decl::tag!($prov),
            "`, name `",
            $crate::areas::decl::tag!($name),
            "`"
        )
    };
}
pub(crate) use tags;

/// `arbitrary` for a declared block: the declaration's generator for the whole block, or each
/// field's own (the field's generator where it has one).
macro_rules! arbitrary_impl {
    ($name:ident [$whole:path] $($rest:tt)*) => {
        impl<'a> arbitrary::Arbitrary<'a> for $name {
            fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
                $whole(u)
            }
        }
    };
    ($name:ident [] $($field:ident: $rty:ty $(= $arb:expr)?;)*) => {
        impl<'a> arbitrary::Arbitrary<'a> for $name {
            fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
                Ok($name {$(
                    $field: $crate::areas::decl::arb!(u, $rty $(, $arb)?),
                )*})
            }
        }
    };
}
pub(crate) use arbitrary_impl;

/// A field's `arbitrary` value: the type's own, or the declaration's generator.
macro_rules! arb {
    ($u:ident, $t:ty) => {
        <$t as arbitrary::Arbitrary>::arbitrary($u)?
    };
    ($u:ident, $t:ty, $with:expr) => {
        ($with)(&mut *$u)?
    };
}
pub(crate) use arb;

/// The [`Field`](super::Field) table of a list of declared fields:
/// `NAME @ offset: Type = kind, value_tag[/name_tag], "source", "description";`.
macro_rules! fields {
    ($( $name:ident @ $off:literal : $rty:ty = $kind:expr,
        $prov:ident $(/ $nprov:ident)?, $src:literal, $doc:literal; )*) => {
        [$(
            $crate::areas::Field {
                name: stringify!($name),
                offset: $off,
                len: <$rty as $crate::areas::Wire>::LEN,
                ty: {
                    #[allow(unused_imports)]
                    use $crate::areas::Ty::*;
                    $kind
                },
                prov: $crate::areas::decl::prov!($prov),
                name_prov: $crate::areas::decl::name_prov!($prov $(/ $nprov)?),
                source: $src,
                doc: $doc,
            },
        )*]
    };
}
pub(crate) use fields;

/// Declares a block of an area: a struct whose fields sit at fixed offsets.
///
/// ```text
/// area! {
///     /// doc
///     pub struct Name {
///         base: 0,                  // offset of the block in its area
///         offsets: off,             // module of offset constants (absolute)
///         check: Name::check,       // optional: fn(&[u8]) -> Result<(), (usize, String)>
///         arbitrary: generator,     // optional: fn(&mut Unstructured) for the whole block
///         layout: LAYOUT { area: .., title: .., member: .., struct_name: .., prov: ..,
///                          source: .., consts: .. },   // optional: a whole area
///     }
///     NAME @ offset rust_name: Type = kind, tag[/name_tag], "source", "description"
///         [, arbitrary: generator];
/// }
/// ```
macro_rules! area {
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident {
            base: $base:expr,
            offsets: $offs:ident,
            $(check: $check:expr,)?
            $(arbitrary: $whole:path,)?
            $(layout: $layout:ident { $($key:ident: $value:expr),* $(,)? },)?
        }
        $( $fname:ident @ $off:literal $field:ident : $rty:ty = $kind:expr,
           $prov:ident $(/ $nprov:ident)?, $src:literal, $doc:literal
           $(, arbitrary: $arb:expr)?; )*
    ) => {
        $(#[$attr])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis struct $name {
            $(
                #[doc = concat!("+", $off, " ", stringify!($fname), ": ", $doc, " (",
                    $crate::areas::decl::tags!($prov $(/ $nprov)?), "; ", $src, ").")]
                pub $field: $rty,
            )*
        }

        /// Field offsets from the start of the area.
        #[allow(non_upper_case_globals, dead_code)]
        $vis mod $offs {
            $( pub const $fname: usize = $off; )*
        }

        impl $name {
            /// The block's fields, as its declaration states them.
            pub const FIELDS: [$crate::areas::Field; [$(stringify!($fname)),*].len()] =
                $crate::areas::decl::fields![$(
                    $fname @ $off: $rty = $kind, $prov $(/ $nprov)?, $src, $doc;
                )*];
        }

        impl $crate::areas::Block for $name {
            const LEN: usize = 0 $(+ <$rty as $crate::areas::Wire>::LEN)*;

            #[inline]
            fn decode(b: &[u8]) -> Result<$name, (usize, String)> {
                $( ($check)(b)?; )?
                Ok($name {$(
                    $field: match <$rty as $crate::areas::Wire>::get(&b[$off - ($base)..]) {
                        Ok(value) => value,
                        Err(why) => return Err(($off - ($base), why)),
                    },
                )*})
            }

            #[inline]
            fn encode(&self, out: &mut [u8]) {
                $( $crate::areas::Wire::put(&self.$field, &mut out[$off - ($base)..]); )*
            }
        }

        $crate::areas::block_binrw!($name);

        $crate::areas::decl::arbitrary_impl!(
            $name [$($whole)?] $($field: $rty $(= $arb)?;)*
        );

        $(
            #[doc = concat!("The field table of [`", stringify!($name), "`].")]
            pub static $layout: &$crate::areas::Layout = &$crate::areas::Layout {
                size: <$name as $crate::areas::Block>::LEN,
                lengths: &[<$name as $crate::areas::Block>::LEN],
                fields: &$name::FIELDS,
                $($key: $value,)*
            };

            impl $crate::areas::Area for $name {
                const LAYOUT: &'static $crate::areas::Layout = $layout;

                fn parse(bytes: &[u8]) -> Result<Self, $crate::areas::AreaError> {
                    $crate::areas::decode_block($layout, bytes)
                }

                fn to_bytes(&self) -> Vec<u8> {
                    $crate::areas::encode_block(self)
                }
            }
        )?
    };
}
pub(crate) use area;

/// Declares a bitflags type and the table of its named bits ([`NAMED`](super::Const)).
///
/// ```text
/// flags! {
///     /// doc
///     pub struct Name: u8 {
///         RUST_NAME [as COPYBOOK_NAME] = 0x80, tag[/name_tag], "source", "description";
///     }
/// }
/// ```
macro_rules! flags {
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident: $bits:ty {
            $( $flag:ident $(as $cname:ident)? = $value:expr,
               $prov:ident $(/ $nprov:ident)?, $src:literal, $doc:literal; )*
        }
    ) => {
        bitflags::bitflags! {
            $(#[$attr])*
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
            $vis struct $name: $bits {
                $(
                    #[doc = concat!($doc, " (", $crate::areas::decl::tags!($prov $(/ $nprov)?),
                        "; ", $src, ").")]
                    const $flag = $value;
                )*
            }
        }

        impl $name {
            /// The named bits, as the field tables and copybooks show them.
            pub const NAMED: &'static [$crate::areas::Const] = &[$(
                $crate::areas::Const {
                    name: $crate::areas::decl::first!($($cname)? $flag),
                    value: $value as u64,
                    len: std::mem::size_of::<$bits>(),
                    prov: $crate::areas::decl::prov!($prov),
                    name_prov: $crate::areas::decl::name_prov!($prov $(/ $nprov)?),
                    source: $src,
                    doc: $doc,
                },
            )*];
        }

        $crate::areas::decl::flags_impls!($name: $bits);
    };
}
pub(crate) use flags;

/// Declares a bitflags type whose bits are constants declared with [`constants!`]: each bit is
/// that table's entry, so its name, value and tags are stated once.
///
/// ```text
/// flags_of! {
///     /// doc
///     pub struct Name: u8 in TABLE { RUST_NAME = CONSTANT; }
/// }
/// ```
macro_rules! flags_of {
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident: $bits:ident in $table:ident {
            $( $flag:ident = $constant:ident; )*
        }
    ) => {
        bitflags::bitflags! {
            $(#[$attr])*
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
            $vis struct $name: $bits {
                $(
                    #[doc = concat!("[`", stringify!($constant), "`].")]
                    const $flag = $constant as $bits;
                )*
            }
        }

        impl $name {
            /// The named bits: the constants' table entries.
            pub const NAMED: &'static [$crate::areas::Const] = &[$(
                $crate::areas::decl::entry($table, stringify!($constant)),
            )*];
        }

        $crate::areas::decl::flags_impls!($name: $bits);
    };
}
pub(crate) use flags_of;

/// [`Wire`] and `arbitrary` for a bitflags type: its bits as they are, unknown ones kept.
macro_rules! flags_impls {
    ($name:ident: $bits:ty) => {
        impl $crate::areas::Wire for $name {
            const LEN: usize = std::mem::size_of::<$bits>();
            #[inline]
            fn get(b: &[u8]) -> Result<$name, String> {
                <$bits as $crate::areas::Wire>::get(b).map($name::from_bits_retain)
            }
            #[inline]
            fn put(&self, out: &mut [u8]) {
                $crate::areas::Wire::put(&self.bits(), out)
            }
        }

        impl<'a> arbitrary::Arbitrary<'a> for $name {
            fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
                Ok($name::from_bits_retain(u.arbitrary()?))
            }
        }
    };
}
pub(crate) use flags_impls;

/// The entry of `table` called `name` (at compile time; a missing name fails the build).
pub const fn entry(table: &[super::Const], name: &str) -> super::Const {
    let mut i = 0;
    while i < table.len() {
        if table[i].name.len() == name.len() {
            let (a, b) = (table[i].name.as_bytes(), name.as_bytes());
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return table[i];
            }
        }
        i += 1;
    }
    panic!("no such constant in the table")
}

/// The first of one or two names, as a string.
macro_rules! first {
    ($name:ident $($rest:ident)?) => {
        stringify!($name)
    };
}
pub(crate) use first;

/// Declares constants: each a Rust `const` and an entry of the table the copybooks and
/// `layout` print.
///
/// ```text
/// constants! {
///     /// doc
///     pub const TABLE = [
///         NAME: u32 = value, tag[/name_tag], "source", "description";
///     ];
/// }
/// ```
macro_rules! constants {
    (
        $(#[$attr:meta])*
        $vis:vis const $table:ident = [
            $( $(#[$cattr:meta])* $name:ident: $t:ty = $value:expr,
               $prov:ident $(/ $nprov:ident)?, $src:literal, $doc:literal; )*
        ];
    ) => {
        $(
            #[doc = concat!(stringify!($name), ": ", $doc, " (",
                $crate::areas::decl::tags!($prov $(/ $nprov)?), "; ", $src, ").")]
            $(#[$cattr])*
            pub const $name: $t = $value;
        )*

        $(#[$attr])*
        $vis const $table: &[$crate::areas::Const] = &[$(
            $crate::areas::Const {
                name: stringify!($name),
                value: $name as u64,
                len: std::mem::size_of::<$t>(),
                prov: $crate::areas::decl::prov!($prov),
                name_prov: $crate::areas::decl::name_prov!($prov $(/ $nprov)?),
                source: $src,
                doc: $doc,
            },
        )*];
    };
}
pub(crate) use constants;

/// The fields of several blocks of one area, in order, as one table.
macro_rules! concat_fields {
    ($($block:ty),+) => {{
        const N: usize = 0 $(+ <$block>::FIELDS.len())+;
        const ALL: [$crate::areas::Field; N] = {
            let parts: &[&[$crate::areas::Field]] = &[$(&<$block>::FIELDS),+];
            let mut out = [parts[0][0]; N];
            let (mut i, mut p) = (0, 0);
            while p < parts.len() {
                let mut j = 0;
                while j < parts[p].len() {
                    out[i] = parts[p][j];
                    i += 1;
                    j += 1;
                }
                p += 1;
            }
            out
        };
        &ALL
    }};
}
pub(crate) use concat_fields;
