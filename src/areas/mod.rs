//! Byte-exact z/OS data areas: one Rust type per area (binrw, big-endian), and one [`Layout`]
//! table per area that says where each field is, what it is, and how sure we are of it.
//!
//! Both come from one declaration per area ([`decl`]). The layout table is what every other
//! part reads: the `layout`, `decode` and `encode` CLI verbs ([`view`]), the copybook generator
//! and checker ([`crate::copybook`]) and the reference tables in `docs/reference/areas.md`
//! ([`mod@reference`]).

pub mod dcas;
pub mod decl;
pub mod dump;
pub mod ifreq;
pub mod ioctl;
pub mod nmi;
pub mod partnerinfo;
pub mod plist;
pub mod reference;
pub mod sockaddr;
pub mod sockopt;
pub mod utoken;
pub mod view;

use std::io::Cursor;

use binrw::{BinRead, BinWrite};

pub use decl::Wire;
pub(crate) use decl::{area, concat_fields, constants, fields, flags, flags_of};

/// How sure a fact is (`docs/README.md`, "Tags").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prov {
    /// Stated by IBM documentation or the seed presentation.
    Confirmed,
    /// From a non-IBM copy of IBM values, or non-IBM code that implements the interface.
    ThirdParty,
    /// Worked out by computing or by analogy.
    Inferred,
    /// The project's own choice where IBM is silent.
    Reconstructed,
}

impl Prov {
    /// The tag as the reference sheets spell it.
    pub const fn tag(self) -> &'static str {
        match self {
            Prov::Confirmed => "confirmed",
            Prov::ThirdParty => "third-party",
            Prov::Inferred => "inferred",
            Prov::Reconstructed => "reconstructed",
        }
    }
}

/// A flag bit (value = mask) or a code of a field: a [`Const`].
pub type Named = Const;

/// A label for a code value that is not a symbol of its own (a TCP state, an ioctl direction).
pub const fn named(value: u64, name: &'static str, prov: Prov, source: &'static str) -> Named {
    Const {
        name,
        value,
        len: 0,
        prov,
        name_prov: prov,
        source,
        doc: "",
    }
}

/// How a field's bytes are to be read.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    /// Unsigned big-endian binary.
    Uint,
    /// Signed big-endian binary.
    Int,
    /// EBCDIC characters padded with X'40'.
    Char,
    /// Bytes with no structure of their own: reserved space, opaque data.
    Hex,
    /// Flag bits: each [`Const`] is a mask.
    Flags(&'static [Const]),
    /// A code: each [`Const`] is one defined value.
    Code(&'static [Const]),
    /// An IPv4 address in network order.
    Ipv4,
    /// An IPv6 address in network order.
    Ipv6,
    /// An address in a 31-bit parameter list; its high bit is the end-of-list (VL) bit.
    Addr31,
    /// An address in a 64-bit parameter list.
    Addr64,
    /// A bit field of the fullword at the field's offset.
    Bits {
        shift: u32,
        width: u32,
        codes: &'static [Const],
    },
    /// Another area embedded here.
    Area(&'static Layout),
    /// A socket address union: sockaddr_in or sockaddr_in6, chosen by the family byte.
    SockAddr,
}

/// One field of a data area.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The field's name as the copybooks spell it (C spelling; COBOL turns `_` into `-`).
    pub name: &'static str,
    pub offset: usize,
    pub len: usize,
    pub ty: Ty,
    /// Provenance of the field's offset, length and meaning.
    pub prov: Prov,
    /// Provenance of the field's name (IBM's, a third party's, or ours).
    pub name_prov: Prov,
    /// Where the facts come from: a reference page and its source's label
    /// (`docs/reference/utoken.md R1`), or the section of the page that fixes the project's choice.
    pub source: &'static str,
    pub doc: &'static str,
}

/// A named constant that belongs with an area (EQU, 88-level or `#define` in the copybooks),
/// or a named flag bit or code of a field.
#[derive(Clone, Copy, Debug)]
pub struct Const {
    pub name: &'static str,
    pub value: u64,
    /// Width of the value in bytes, as the copybooks declare it.
    pub len: usize,
    /// Provenance of the value.
    pub prov: Prov,
    /// Provenance of the name.
    pub name_prov: Prov,
    /// Where the facts come from, as [`Field::source`].
    pub source: &'static str,
    pub doc: &'static str,
}

/// The description of one data area.
#[derive(Debug)]
pub struct Layout {
    /// The CLI name, e.g. `partnerinfo`.
    pub area: &'static str,
    pub title: &'static str,
    /// Copybook member name (IBM's only where confirmed, else `TPX` prefixed).
    pub member: &'static str,
    /// DSECT, struct and level-01 name.
    pub struct_name: &'static str,
    /// Full size in bytes.
    pub size: usize,
    /// Every total length the area can validly have (ascending; the last is `size`).
    pub lengths: &'static [usize],
    /// Provenance of the layout as a whole, and where it is written down.
    pub prov: Prov,
    pub source: &'static str,
    pub fields: &'static [Field],
    /// The area's constant tables, in the order the copybooks declare them.
    pub consts: &'static [&'static [Const]],
}

impl Layout {
    /// The area's named constants: its own, then the bit names of its flag fields that carry
    /// their field's prefix (TOKENCR of TOKFLG1, PI_CRED_ASUSERID of PI_CredFlags), so every
    /// bit name the definition has is a symbol in the copybooks and in `layout`. Bit names
    /// without the prefix (the NMI's REQUESTED, USERID) only label a decoded value.
    pub fn constants(&self) -> Vec<Const> {
        let mut out: Vec<Const> = self.consts.concat();
        for f in self.fields {
            let Ty::Flags(bits) = f.ty else { continue };
            let field = f.name.to_ascii_uppercase();
            let prefix = match field.find('_') {
                Some(i) => &field[..=i],
                None => &field[..field.len().min(3)],
            };
            for b in bits {
                if b.name.starts_with(prefix) && !out.iter().any(|k| k.name == b.name) {
                    out.push(Const {
                        len: f.len,
                        doc: f.name,
                        ..*b
                    });
                }
            }
        }
        out
    }
}

impl Layout {
    /// The field a byte offset falls in.
    pub fn field_at(&self, offset: usize) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| f.len > 0 && (f.offset..f.offset + f.len).contains(&offset))
    }

    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Checks that `len` is one of the area's lengths, naming the field where a short input
    /// ends.
    #[inline]
    pub fn check_len(&self, len: usize) -> Result<(), AreaError> {
        if len == self.size || self.lengths.contains(&len) {
            return Ok(());
        }
        self.length_error(len)
    }

    #[cold]
    fn length_error(&self, len: usize) -> Result<(), AreaError> {
        match self.lengths.iter().find(|&&l| l > len) {
            Some(&want) => {
                let field = self
                    .field_at(len)
                    .or_else(|| self.fields.iter().find(|f| f.offset >= len))
                    .map_or("(end)", |f| f.name);
                let offset = self.field(field).map_or(len, |f| f.offset);
                Err(AreaError::Short {
                    area: self.title,
                    len,
                    field: field.to_owned(),
                    offset,
                    want,
                })
            }
            None => Err(AreaError::Trailing {
                area: self.title,
                len,
                size: self.size,
            }),
        }
    }
}

/// Why bytes are not a valid area.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AreaError {
    #[error(
        "{area}: input ends after {len} bytes, inside {field} at offset {offset} (X'{offset:03X}'); {want} bytes are needed"
    )]
    Short {
        area: &'static str,
        len: usize,
        field: String,
        offset: usize,
        want: usize,
    },
    #[error("{area}: {len} bytes is more than the area's {size}")]
    Trailing {
        area: &'static str,
        len: usize,
        size: usize,
    },
    #[error("{area}: {field} at offset {offset} (X'{offset:03X}'): {reason}")]
    Invalid {
        area: &'static str,
        field: String,
        offset: usize,
        reason: String,
    },
}

impl AreaError {
    /// Re-states an error found in an area embedded at `offset` as a field `outer` of `area`.
    pub fn within(self, area: &'static str, outer: &str, base: usize) -> AreaError {
        match self {
            AreaError::Invalid {
                field,
                offset,
                reason,
                ..
            } => AreaError::Invalid {
                area,
                field: format!("{outer}.{field}"),
                offset: base + offset,
                reason,
            },
            AreaError::Short { field, offset, .. } => AreaError::Invalid {
                area,
                field: format!("{outer}.{field}"),
                offset: base + offset,
                reason: "embedded area is too short".into(),
            },
            AreaError::Trailing { .. } => AreaError::Invalid {
                area,
                field: outer.to_owned(),
                offset: base,
                reason: "embedded area is too long".into(),
            },
        }
    }

    /// An inconsistency found at byte `offset` of `layout`, named by the field there.
    pub fn at(layout: &Layout, offset: usize, reason: impl Into<String>) -> AreaError {
        let field = layout.field_at(offset);
        AreaError::Invalid {
            area: layout.title,
            field: field.map_or("(area)", |f| f.name).to_owned(),
            offset: field.map_or(offset, |f| f.offset),
            reason: reason.into(),
        }
    }

    /// An inconsistency found in `field` of `layout`.
    pub fn invalid(layout: &Layout, field: &str, reason: impl Into<String>) -> AreaError {
        AreaError::Invalid {
            area: layout.title,
            field: field.to_owned(),
            offset: layout.field(field).map_or(0, |f| f.offset),
            reason: reason.into(),
        }
    }

    /// Maps a binrw error to the field it happened in (binrw positions are offsets into the
    /// area, which [`read_area`] reads from its start).
    fn from_binrw(layout: &Layout, err: &binrw::Error) -> AreaError {
        let (offset, reason) = match err {
            binrw::Error::AssertFail { pos, message } => (*pos, message.clone()),
            binrw::Error::BadMagic { pos, found } => (*pos, format!("bad magic {found:?}")),
            binrw::Error::Custom { pos, err } => (*pos, format!("{err}")),
            binrw::Error::NoVariantMatch { pos } | binrw::Error::EnumErrors { pos, .. } => {
                (*pos, "no variant matches".into())
            }
            binrw::Error::Backtrace(bt) => return AreaError::from_binrw(layout, &bt.error),
            other => (0, other.to_string()),
        };
        AreaError::at(
            layout,
            usize::try_from(offset).unwrap_or(usize::MAX),
            reason,
        )
    }
}

/// A field check that failed; binrw reports it at the field's offset.
#[derive(Debug)]
pub(crate) struct Why(pub String);

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A fixed-length area decoded from, and encoded into, one block of bytes at constant offsets.
/// This is the fast path (one bounds check, no per-field stream calls); [`block_binrw!`] gives
/// such a type its binrw `BinRead`/`BinWrite` in terms of it.
pub(crate) trait Block: Sized {
    /// The block's length.
    const LEN: usize;
    /// Decodes and validates `b` (exactly `LEN` bytes). An error gives the offset of the field
    /// at fault and why.
    fn decode(b: &[u8]) -> Result<Self, (usize, String)>;
    /// Writes the block into `out` (exactly `LEN` bytes).
    fn encode(&self, out: &mut [u8]);
}

/// A big-endian fullword of a block whose length is already checked.
#[inline]
pub(crate) fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(bytes_at(b, at))
}

#[inline]
pub(crate) fn bytes_at<const N: usize>(b: &[u8], at: usize) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&b[at..at + N]);
    out
}

/// Decodes a [`Block`] area from exactly its bytes, naming the field at fault.
pub(crate) fn decode_block<T: Block>(
    layout: &'static Layout,
    bytes: &[u8],
) -> Result<T, AreaError> {
    layout.check_len(bytes.len())?;
    T::decode(bytes).map_err(|(offset, reason)| AreaError::at(layout, offset, reason))
}

/// The bytes of a [`Block`] area.
pub(crate) fn encode_block<T: Block>(value: &T) -> Vec<u8> {
    let mut out = vec![0u8; T::LEN];
    value.encode(&mut out);
    out
}

/// binrw `BinRead`/`BinWrite` for a [`Block`] type: one `read_exact`/`write_all` of the block.
macro_rules! block_binrw {
    ($t:ty) => {
        impl binrw::BinRead for $t {
            type Args<'a> = ();

            fn read_options<R: std::io::Read + std::io::Seek>(
                reader: &mut R,
                _: binrw::Endian,
                (): (),
            ) -> binrw::BinResult<Self> {
                let pos = reader.stream_position()?;
                let mut buf = [0u8; 512];
                let block = &mut buf[..<$t as $crate::areas::Block>::LEN];
                reader.read_exact(block)?;
                <$t as $crate::areas::Block>::decode(block).map_err(|(offset, why)| {
                    binrw::Error::Custom {
                        pos: pos + offset as u64,
                        err: Box::new($crate::areas::Why(why)),
                    }
                })
            }
        }

        impl binrw::BinWrite for $t {
            type Args<'a> = ();

            fn write_options<W: std::io::Write + std::io::Seek>(
                &self,
                writer: &mut W,
                _: binrw::Endian,
                (): (),
            ) -> binrw::BinResult<()> {
                let mut buf = [0u8; 512];
                let block = &mut buf[..<$t as $crate::areas::Block>::LEN];
                <$t as $crate::areas::Block>::encode(self, block);
                writer.write_all(block)?;
                Ok(())
            }
        }
    };
}
pub(crate) use block_binrw;

/// [`Area`] for a type whose binrw derive reads and checks the whole area.
macro_rules! binrw_area {
    ($t:ty, $layout:expr) => {
        impl $crate::areas::Area for $t {
            const LAYOUT: &'static $crate::areas::Layout = $layout;

            fn parse(bytes: &[u8]) -> Result<Self, $crate::areas::AreaError> {
                $crate::areas::read_area($layout, bytes)
            }

            fn to_bytes(&self) -> Vec<u8> {
                $crate::areas::write_area(self)
            }
        }
    };
}
pub(crate) use binrw_area;

/// A data area with a byte-exact big-endian representation.
pub trait Area: Sized {
    /// The area's field table.
    const LAYOUT: &'static Layout;

    /// Parses and validates the area. Short or inconsistent input is an [`AreaError`] naming
    /// the field and its offset.
    fn parse(bytes: &[u8]) -> Result<Self, AreaError>;

    /// The area's bytes.
    fn to_bytes(&self) -> Vec<u8>;
}

/// Reads a binrw type that makes up a whole fixed-length area, after checking the length.
pub(crate) fn read_area<T>(layout: &'static Layout, bytes: &[u8]) -> Result<T, AreaError>
where
    T: for<'a> BinRead<Args<'a> = ()>,
{
    layout.check_len(bytes.len())?;
    T::read_be(&mut Cursor::new(bytes)).map_err(|e| AreaError::from_binrw(layout, &e))
}

/// Writes a binrw type to bytes.
pub(crate) fn write_area<T>(value: &T) -> Vec<u8>
where
    T: for<'a> BinWrite<Args<'a> = ()>,
{
    let mut cursor = Cursor::new(Vec::new());
    // Writing plain integers and arrays into a Vec has no failure path.
    value
        .write_be(&mut cursor)
        .expect("writing a data area to memory cannot fail");
    cursor.into_inner()
}

/// An area the CLI and the fuzz targets can reach by name.
pub struct AreaKind {
    pub layout: &'static Layout,
    /// Parses with the typed reader, for validation.
    pub validate: fn(&[u8]) -> Result<(), AreaError>,
    /// A one-line reading of the whole area, where that helps (e.g. an ioctl command's name).
    pub summary: fn(&[u8]) -> Option<String>,
}

fn validate<T: Area>(bytes: &[u8]) -> Result<(), AreaError> {
    T::parse(bytes).map(drop)
}

fn no_summary(_: &[u8]) -> Option<String> {
    None
}

/// Every area, in the order the CLI lists them.
pub static AREAS: &[AreaKind] = &[
    AreaKind {
        layout: utoken::LAYOUT,
        validate: validate::<utoken::Utoken>,
        summary: utoken::summary,
    },
    AreaKind {
        layout: partnerinfo::LAYOUT,
        validate: validate::<partnerinfo::PartnerInfo>,
        summary: no_summary,
    },
    AreaKind {
        layout: nmi::LAYOUT,
        validate: validate::<nmi::NwmConnEntry>,
        summary: nmi::summary,
    },
    AreaKind {
        layout: ioctl::LAYOUT,
        validate: validate::<ioctl::IoctlCmd>,
        summary: ioctl::summary,
    },
    AreaKind {
        layout: sockaddr::SIN_LAYOUT,
        validate: validate::<sockaddr::SockaddrIn>,
        summary: sockaddr::summary_in,
    },
    AreaKind {
        layout: sockaddr::SIN6_LAYOUT,
        validate: validate::<sockaddr::SockaddrIn6>,
        summary: sockaddr::summary_in6,
    },
    AreaKind {
        layout: ifreq::LAYOUT,
        validate: validate::<ifreq::Ifreq>,
        summary: no_summary,
    },
    AreaKind {
        layout: plist::PLIST31_LAYOUT,
        validate: validate::<plist::IocPlist31>,
        summary: no_summary,
    },
    AreaKind {
        layout: plist::PLIST64_LAYOUT,
        validate: validate::<plist::IocPlist64>,
        summary: no_summary,
    },
    AreaKind {
        layout: dcas::REQUEST_LAYOUT,
        validate: validate::<dcas::DcasRequest>,
        summary: no_summary,
    },
    AreaKind {
        layout: dcas::REPLY_LAYOUT,
        validate: validate::<dcas::DcasReply>,
        summary: no_summary,
    },
];

/// Layouts that have copybooks but no CLI area (constants only).
pub static CONSTANT_LAYOUTS: &[&Layout] = &[sockopt::LAYOUT];

/// The area with CLI name `name`.
pub fn find(name: &str) -> Option<&'static AreaKind> {
    AREAS.iter().find(|k| k.layout.area == name)
}

/// Every layout that has copybooks.
pub fn all_layouts() -> impl Iterator<Item = &'static Layout> {
    AREAS
        .iter()
        .map(|k| k.layout)
        .chain(CONSTANT_LAYOUTS.iter().copied())
}

#[cfg(test)]
pub(crate) mod testutil {
    //! Property-test support: a deterministic stream of `arbitrary` values.
    use arbitrary::{Arbitrary, Unstructured};

    /// Runs `check` on `n` arbitrary values drawn from a fixed pseudo-random byte stream.
    pub fn for_arbitrary<T: for<'a> Arbitrary<'a>>(n: usize, mut check: impl FnMut(T)) {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut bytes = vec![0u8; 4096];
        for _ in 0..n {
            for b in bytes.iter_mut() {
                // xorshift64*: deterministic, good enough to spread values.
                state ^= state >> 12;
                state ^= state << 25;
                state ^= state >> 27;
                *b = (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8;
            }
            let mut u = Unstructured::new(&bytes);
            if let Ok(value) = T::arbitrary(&mut u) {
                check(value);
            }
        }
    }
}

#[cfg(test)]
mod contract {
    //! Each area's declaration against the rules of its sources: fields in order, tiling the
    //! area; flag bits and codes inside their field; every confirmed or third-party fact with a
    //! source that the reference pages have.
    use super::{Const, Field, Layout, Prov, Ty, all_layouts, partnerinfo};

    /// Every declared table: the areas, and the SIOCSPARTNERINFO word.
    fn layouts() -> Vec<&'static Layout> {
        all_layouts().chain([partnerinfo::SET_LAYOUT]).collect()
    }

    /// A page of `docs/reference/` and labels: the page exists and each label is a row of its
    /// sources table (`| S8 |`, `| S17, S18 |`) or one of its numbered sections (`§2`).
    fn source_problem(source: &str) -> Option<String> {
        let mut words = source.split(' ');
        let page = words.next().unwrap_or("");
        let path = format!("{}/{page}", env!("CARGO_MANIFEST_DIR"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Some(format!("{page} is not a page"));
        };
        for label in words {
            let found = match label.strip_prefix('§') {
                Some(n) => text.lines().any(|l| l.starts_with(&format!("## {n}. "))),
                None => text.lines().any(|l| {
                    l.split('|')
                        .nth(1)
                        .is_some_and(|cell| cell.split(',').any(|c| c.trim() == label))
                }),
            };
            if !found {
                return Some(format!("{page} has no source or section {label}"));
            }
        }
        None
    }

    fn sourced(what: &str, provs: [Prov; 2], source: &str, problems: &mut Vec<String>) {
        let needs = provs
            .iter()
            .any(|p| matches!(p, Prov::Confirmed | Prov::ThirdParty));
        if source.is_empty() {
            if needs {
                problems.push(format!("{what}: {provs:?} without a source"));
            }
        } else if let Some(why) = source_problem(source) {
            problems.push(format!("{what}: {why}"));
        }
    }

    fn bits_fit(f: &Field, named: &[Const], width_bits: u32, problems: &mut Vec<String>) {
        for k in named {
            if width_bits < 64 && k.value >> width_bits != 0 {
                problems.push(format!(
                    "{}: {} X'{:X}' is outside its {width_bits}-bit field",
                    f.name, k.name, k.value
                ));
            }
        }
    }

    #[test]
    fn every_area_keeps_its_declarations_promises() {
        let mut problems = Vec::new();
        for layout in layouts() {
            let area = layout.area;
            // Offsets ascending, no gaps or overlaps, and the lengths add up to the size.
            let storage: Vec<&Field> = layout
                .fields
                .iter()
                .filter(|f| !matches!(f.ty, Ty::Bits { .. }))
                .collect();
            let mut at = 0;
            for f in &storage {
                if f.offset != at {
                    problems.push(format!(
                        "{area}: {} at {} but {at} expected",
                        f.name, f.offset
                    ));
                }
                at = f.offset + f.len;
            }
            if !storage.is_empty() && at != layout.size {
                problems.push(format!("{area}: fields end at {at}, size {}", layout.size));
            }
            if layout.lengths.last() != Some(&layout.size)
                || !layout.lengths.windows(2).all(|w| w[0] < w[1])
            {
                problems.push(format!("{area}: lengths {:?}", layout.lengths));
            }
            for f in layout.fields {
                let what = format!("{area}.{}", f.name);
                sourced(&what, [f.prov, f.name_prov], f.source, &mut problems);
                match f.ty {
                    Ty::Flags(bits) => {
                        bits_fit(f, bits, 8 * f.len as u32, &mut problems);
                        let mut seen = 0;
                        for b in bits {
                            if b.value == 0 || b.value & seen != 0 {
                                problems.push(format!("{what}: bit {} overlaps", b.name));
                            }
                            seen |= b.value;
                        }
                    }
                    Ty::Code(codes) => bits_fit(f, codes, 8 * f.len as u32, &mut problems),
                    Ty::Bits {
                        shift,
                        width,
                        codes,
                    } => {
                        bits_fit(f, codes, width, &mut problems);
                        if shift + width > 8 * f.len as u32 {
                            problems.push(format!("{what}: bits {shift}+{width} outside"));
                        }
                    }
                    Ty::Area(inner) if inner.size != f.len => {
                        problems.push(format!("{what}: {} is {} bytes", inner.area, inner.size));
                    }
                    _ => {}
                }
                if let Ty::Flags(named) | Ty::Code(named) | Ty::Bits { codes: named, .. } = f.ty {
                    for k in named {
                        let what = format!("{what}.{}", k.name);
                        sourced(&what, [k.prov, k.name_prov], k.source, &mut problems);
                    }
                }
            }
            for k in layout.constants() {
                let what = format!("{area} constant {}", k.name);
                sourced(&what, [k.prov, k.name_prov], k.source, &mut problems);
                if k.len < 8 && k.value >> (8 * k.len) != 0 {
                    problems.push(format!("{what}: {} does not fit {} bytes", k.value, k.len));
                }
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn the_contract_catches_a_broken_declaration() {
        assert!(source_problem("docs/reference/utoken.md R1").is_none());
        assert!(source_problem("docs/reference/trusted-tcp.md S17").is_none());
        assert!(source_problem("docs/reference/partnerinfo.md §2").is_none());
        // Built at run time, so the docs test does not take them for citations.
        let page = |name: &str, label: &str| format!("docs/reference/{name}.md {label}");
        assert!(source_problem(&page("utoken", "R99")).is_some());
        assert!(source_problem(&page("partnerinfo", "§9")).is_some());
        assert!(source_problem(page("nothing", "").trim()).is_some());
        let mut problems = Vec::new();
        sourced("x", [Prov::Confirmed, Prov::Confirmed], "", &mut problems);
        sourced(
            "y",
            [Prov::Reconstructed, Prov::Reconstructed],
            "",
            &mut problems,
        );
        assert_eq!(problems.len(), 1);
        let f = Field {
            len: 1,
            ..partnerinfo::LAYOUT.fields[5]
        };
        bits_fit(
            &f,
            &[super::named(0x100, "WIDE", Prov::Inferred, "")],
            8,
            &mut problems,
        );
        assert_eq!(problems.len(), 2);
    }
}
