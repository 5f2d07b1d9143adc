//! Generic views of an area driven by its [`Layout`]: the field table (`layout`), the decoded
//! fields as text or JSON (`decode`), and bytes built from JSON (`encode`).

use std::fmt::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde_json::{Map, Value, json};

use super::sockaddr::{AF_INET, AF_INET6, SIN_LAYOUT, SIN6_LAYOUT};
use super::{AreaKind, Field, Layout, Named, Prov, Ty, dump};
use crate::codepage::{self, CodePage};
use crate::hextext;

const PAGE: CodePage = CodePage::Ibm1047;

fn be(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |acc, &b| (acc << 8) | u64::from(b))
}

fn be_signed(bytes: &[u8]) -> i64 {
    let bits = bytes.len() * 8;
    let v = be(bytes);
    if bits == 0 || bits >= 64 {
        return v as i64;
    }
    ((v << (64 - bits)) as i64) >> (64 - bits)
}

/// Provenance as the `layout` verb shows it: one tag, or two when the name's differs.
pub fn prov_text(prov: Prov, name_prov: Prov) -> String {
    if prov == name_prov {
        prov.tag().to_owned()
    } else {
        format!("{}; name {}", prov.tag(), name_prov.tag())
    }
}

/// A short description of a field's type.
pub fn type_text(f: &Field) -> String {
    match f.ty {
        Ty::Uint => "binary".into(),
        Ty::Int => "signed binary".into(),
        Ty::Char => "EBCDIC char".into(),
        Ty::Hex => "hex".into(),
        Ty::Flags(_) => "flags".into(),
        Ty::Code(_) => "code".into(),
        Ty::Ipv4 => "IPv4 address".into(),
        Ty::Ipv6 => "IPv6 address".into(),
        Ty::Addr31 => "31-bit address".into(),
        Ty::Addr64 => "64-bit address".into(),
        Ty::Bits { shift, width, .. } => format!("bits {}-{}", shift + width - 1, shift),
        Ty::Area(l) => format!("{} ({})", l.struct_name, l.area),
        Ty::SockAddr => "sockaddr union".into(),
    }
}

fn flag_names(value: u64, bits: &[Named]) -> (Vec<&'static str>, u64) {
    let names = bits
        .iter()
        .filter(|b| value & b.value == b.value && b.value != 0)
        .map(|b| b.name)
        .collect();
    let known = bits.iter().fold(0, |acc, b| acc | b.value);
    (names, value & !known)
}

fn code_name(value: u64, codes: &[Named]) -> Option<&'static str> {
    codes.iter().find(|c| c.value == value).map(|c| c.name)
}

fn bits_value(bytes: &[u8], shift: u32, width: u32) -> u64 {
    (be(bytes) >> shift) & ((1u64 << width) - 1)
}

/// The `layout` table.
pub fn layout_text(layout: &Layout) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} bytes), member {}, structure {}; layout {} ({})",
        layout.title,
        layout.size,
        layout.member,
        layout.struct_name,
        layout.prov.tag(),
        layout.source
    );
    if layout.lengths.len() > 1 {
        let lens: Vec<String> = layout.lengths.iter().map(ToString::to_string).collect();
        let _ = writeln!(out, "Valid lengths: {}", lens.join(", "));
    }
    let _ = writeln!(
        out,
        "{:>5} {:>4} {:>4}  {:<24} {:<24} {:<30} Description",
        "Off", "Hex", "Len", "Name", "Type", "Provenance"
    );
    for f in layout.fields {
        let _ = writeln!(
            out,
            "{:>5} {:>4} {:>4}  {:<24} {:<24} {:<30} {}",
            f.offset,
            format!("{:03X}", f.offset),
            f.len,
            f.name,
            type_text(f),
            prov_text(f.prov, f.name_prov),
            f.doc
        );
    }
    let consts = layout.constants();
    if !consts.is_empty() {
        let _ = writeln!(out, "\nConstants:");
        for k in &consts {
            let _ = writeln!(
                out,
                "  {:<32} {:>12}  {:<12}  {:<14} {}",
                k.name,
                k.value,
                format!("X'{:0width$X}'", k.value, width = k.len * 2),
                prov_text(k.prov, k.name_prov),
                k.doc
            );
        }
    }
    out
}

/// The `layout` table as JSON.
pub fn layout_json(layout: &Layout) -> Value {
    json!({
        "area": layout.area,
        "title": layout.title,
        "member": layout.member,
        "structure": layout.struct_name,
        "size": layout.size,
        "lengths": layout.lengths,
        "provenance": layout.prov.tag(),
        "source": layout.source,
        "fields": layout.fields.iter().map(|f| json!({
            "name": f.name,
            "offset": f.offset,
            "length": f.len,
            "type": type_text(f),
            "provenance": f.prov.tag(),
            "name_provenance": f.name_prov.tag(),
            "description": f.doc,
        })).collect::<Vec<_>>(),
        "constants": layout.constants().iter().map(|k| json!({
            "name": k.name,
            "value": k.value,
            "length": k.len,
            "provenance": k.prov.tag(),
            "name_provenance": k.name_prov.tag(),
            "description": k.doc,
        })).collect::<Vec<_>>(),
    })
}

/// One field's value as text.
fn value_text(f: &Field, b: &[u8]) -> String {
    match f.ty {
        Ty::Uint => be(b).to_string(),
        Ty::Int => be_signed(b).to_string(),
        Ty::Char if codepage::is_clean_text(b, PAGE) => {
            format!("'{}'", codepage::field_text(b, PAGE))
        }
        Ty::Char | Ty::Hex => format!("X'{}'", hextext::to_hex(b)),
        Ty::Flags(bits) => {
            let v = be(b);
            let (names, unknown) = flag_names(v, bits);
            let mut s = format!("X'{}'", hextext::to_hex(b));
            if !names.is_empty() {
                s.push(' ');
                s.push_str(&names.join(" "));
            }
            if unknown != 0 {
                let _ = write!(s, " +undefined X'{unknown:X}'");
            }
            s
        }
        Ty::Code(codes) => {
            let v = be(b);
            match code_name(v, codes) {
                Some(name) => format!("{v} {name}"),
                None => format!("{v} (undefined)"),
            }
        }
        Ty::Ipv4 => Ipv4Addr::from(<[u8; 4]>::try_from(b).unwrap_or_default()).to_string(),
        Ty::Ipv6 => Ipv6Addr::from(<[u8; 16]>::try_from(b).unwrap_or_default()).to_string(),
        Ty::Addr31 => {
            let v = be(b);
            let vl = if v & 0x8000_0000 != 0 { " VL" } else { "" };
            format!("X'{:08X}'{vl}", v & 0x7FFF_FFFF)
        }
        Ty::Addr64 => format!("X'{:016X}'", be(b)),
        Ty::Bits {
            shift,
            width,
            codes,
        } => {
            let v = bits_value(b, shift, width);
            match (code_name(v, codes), f.name) {
                (Some(name), _) => format!("{v} {name}"),
                (None, "IOC_GROUP") => format!("X'{v:02X}' '{}'", PAGE.decode_byte(v as u8)),
                _ => v.to_string(),
            }
        }
        Ty::Area(_) | Ty::SockAddr => String::new(),
    }
}

fn sockaddr_layout(b: &[u8]) -> Option<(&'static Layout, &[u8])> {
    match b.get(1) {
        _ if b.iter().all(|&x| x == 0) => None,
        Some(&AF_INET) => b.get(..16).map(|s| (SIN_LAYOUT, s)),
        Some(&AF_INET6) => Some((SIN6_LAYOUT, b)),
        _ => None,
    }
}

fn rows(out: &mut String, layout: &Layout, bytes: &[u8], base: usize, indent: usize) {
    for f in layout.fields {
        let Some(b) = bytes.get(f.offset..f.offset + f.len) else {
            continue;
        };
        let name = format!("{}{}", " ".repeat(indent), f.name);
        let off = base + f.offset;
        let head = format!(
            "{off:>5} {:>4} {:>4}  {name:<26}",
            format!("{off:03X}"),
            f.len
        );
        match f.ty {
            Ty::Area(sub) if b.iter().all(|&x| x == 0) => {
                let _ = writeln!(out, "{head} binary zeros ({} not present)", sub.struct_name);
            }
            Ty::Area(sub) => {
                let _ = writeln!(out, "{head} {}", sub.title);
                rows(out, sub, b, off, indent + 2);
            }
            Ty::SockAddr => match sockaddr_layout(b) {
                Some((sub, s)) => {
                    let addr = if sub.area == "sockaddr-in" {
                        super::sockaddr::summary_in(s)
                    } else {
                        super::sockaddr::summary_in6(s)
                    };
                    let _ = writeln!(out, "{head} {} {}", sub.title, addr.unwrap_or_default());
                    rows(out, sub, s, off, indent + 2);
                }
                None if b.iter().all(|&x| x == 0) => {
                    let _ = writeln!(out, "{head} binary zeros (no address)");
                }
                None => {
                    let _ = writeln!(out, "{head} X'{}'", hextext::to_hex(b));
                }
            },
            _ => {
                let _ = writeln!(out, "{head} {}", value_text(f, b));
            }
        }
    }
}

/// `decode` output: header, one line per field, then the storage as IPCS shows it.
pub fn decode_text(kind: &AreaKind, bytes: &[u8]) -> String {
    let layout = kind.layout;
    let mut out = format!(
        "{}: {} bytes; layout {} ({})\n",
        layout.title,
        bytes.len(),
        layout.prov.tag(),
        layout.source
    );
    if let Some(summary) = (kind.summary)(bytes) {
        let _ = writeln!(out, "{summary}");
    }
    let _ = writeln!(
        out,
        "{:>5} {:>4} {:>4}  {:<26} Value",
        "Off", "Hex", "Len", "Name"
    );
    rows(&mut out, layout, bytes, 0, 0);
    out.push('\n');
    out.push_str(&dump::ipcs(bytes, 0, PAGE));
    out
}

fn field_json(f: &Field, b: &[u8]) -> Value {
    match f.ty {
        Ty::Uint | Ty::Addr64 => json!(be(b)),
        Ty::Int => json!(be_signed(b)),
        Ty::Char if codepage::is_clean_text(b, PAGE) => json!(codepage::field_text(b, PAGE)),
        Ty::Char => json!({ "hex": hextext::to_hex(b) }),
        Ty::Hex => json!(hextext::to_hex(b)),
        Ty::Flags(bits) => {
            let v = be(b);
            json!({ "value": v, "names": flag_names(v, bits).0 })
        }
        Ty::Code(codes) => {
            let v = be(b);
            json!({ "value": v, "name": code_name(v, codes) })
        }
        Ty::Ipv4 | Ty::Ipv6 => json!(value_text(f, b)),
        Ty::Addr31 => {
            let v = be(b);
            json!({ "address": v & 0x7FFF_FFFF, "vl": v & 0x8000_0000 != 0 })
        }
        Ty::Bits {
            shift,
            width,
            codes,
        } => {
            let v = bits_value(b, shift, width);
            match code_name(v, codes) {
                Some(name) => json!({ "value": v, "name": name }),
                None => json!(v),
            }
        }
        Ty::Area(_) if b.iter().all(|&x| x == 0) => Value::Null,
        Ty::Area(sub) => fields_json(sub, b),
        Ty::SockAddr => match sockaddr_layout(b) {
            Some((sub, s)) => fields_json(sub, s),
            None if b.iter().all(|&x| x == 0) => Value::Null,
            None => json!(hextext::to_hex(b)),
        },
    }
}

fn fields_json(layout: &Layout, bytes: &[u8]) -> Value {
    let mut map = Map::new();
    for f in layout.fields {
        if let Some(b) = bytes.get(f.offset..f.offset + f.len) {
            map.insert(f.name.to_owned(), field_json(f, b));
        }
    }
    Value::Object(map)
}

/// `decode --format json` output.
pub fn decode_json(kind: &AreaKind, bytes: &[u8]) -> Value {
    let mut top = json!({
        "area": kind.layout.area,
        "length": bytes.len(),
        "provenance": kind.layout.prov.tag(),
        "fields": fields_json(kind.layout, bytes),
    });
    if let (Some(summary), Some(obj)) = ((kind.summary)(bytes), top.as_object_mut()) {
        obj.insert("summary".into(), json!(summary));
    }
    top
}

/// Why JSON cannot be encoded into an area.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    #[error("{area}: there is no field {name:?}; the fields are {known}")]
    UnknownField {
        area: &'static str,
        name: String,
        known: String,
    },
    #[error("{area}: {field}: {reason}")]
    Value {
        area: &'static str,
        field: String,
        reason: String,
    },
    #[error("{area}: \"length\" {len} is not a length the area can have ({valid})")]
    Length {
        area: &'static str,
        len: u64,
        valid: String,
    },
    #[error("{0}")]
    Shape(String),
}

fn bad(layout: &Layout, f: &Field, reason: impl Into<String>) -> EncodeError {
    EncodeError::Value {
        area: layout.title,
        field: f.name.to_owned(),
        reason: reason.into(),
    }
}

fn hex_string(layout: &Layout, f: &Field, v: &Value) -> Result<Vec<u8>, EncodeError> {
    let text = v
        .as_str()
        .ok_or_else(|| bad(layout, f, "expected a hex string"))?;
    let bytes = hextext::parse(text).map_err(|e| bad(layout, f, e.to_string()))?;
    if bytes.len() != f.len {
        return Err(bad(
            layout,
            f,
            format!("{} bytes of hex for a {}-byte field", bytes.len(), f.len),
        ));
    }
    Ok(bytes)
}

fn number(layout: &Layout, f: &Field, v: &Value, named: &[Named]) -> Result<u64, EncodeError> {
    let v = match v {
        Value::Object(o) => o.get("value").or_else(|| o.get("address")).unwrap_or(v),
        other => other,
    };
    match v {
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| bad(layout, f, format!("{n} is not an unsigned whole number"))),
        Value::String(s) => {
            if let Some(c) = named.iter().find(|c| c.name.eq_ignore_ascii_case(s)) {
                return Ok(c.value);
            }
            let b = hextext::parse(s).map_err(|_| {
                bad(
                    layout,
                    f,
                    format!("{s:?} is neither a number, hex nor a known name"),
                )
            })?;
            Ok(be(&b))
        }
        Value::Array(names) => names.iter().try_fold(0u64, |acc, n| {
            let s = n.as_str().unwrap_or_default();
            named
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(s))
                .map(|c| acc | c.value)
                .ok_or_else(|| bad(layout, f, format!("{n} is not one of this field's names")))
        }),
        other => Err(bad(layout, f, format!("{other} is not a number"))),
    }
}

/// A code or flag field written as decode writes it, `{"value": v, "name": n}` (`"names":
/// [...]` for flags): each name must be one of the field's, and the names must say what the
/// value says (for flags, of the bits that have names); either alone will do.
fn named_number(
    layout: &Layout,
    f: &Field,
    o: &serde_json::Map<String, Value>,
    named: &[Named],
) -> Result<u64, EncodeError> {
    if let Some(k) = o
        .keys()
        .find(|k| !matches!(k.as_str(), "value" | "name" | "names"))
    {
        return Err(bad(
            layout,
            f,
            format!("{k:?} is not \"value\", \"name\" or \"names\""),
        ));
    }
    let find = |n: &Value| {
        let text = n.as_str().unwrap_or_default();
        named
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(text))
            .map(|c| c.value)
            .ok_or_else(|| {
                let known: Vec<&str> = named.iter().map(|c| c.name).collect();
                bad(
                    layout,
                    f,
                    format!(
                        "{n} is not one of this field's names ({})",
                        known.join(", ")
                    ),
                )
            })
    };
    let by_name = match (o.get("names"), o.get("name")) {
        (Some(Value::Array(ns)), None) => Some(
            ns.iter()
                .try_fold(0u64, |acc, n| find(n).map(|v| acc | v))?,
        ),
        (None | Some(Value::Null), None | Some(Value::Null)) => None,
        (None, Some(n)) => Some(find(n)?),
        _ => {
            return Err(bad(
                layout,
                f,
                "give \"name\" (a string) or \"names\" (a list), not both",
            ));
        }
    };
    let value = o
        .get("value")
        .map(|v| number(layout, f, v, &[]))
        .transpose()?;
    // Flags: only the bits that have names are checked; a code is one name for the value.
    let named_bits = match f.ty {
        Ty::Flags(_) => named.iter().fold(0, |acc, c| acc | c.value),
        _ => u64::MAX,
    };
    match (value, by_name) {
        (Some(v), Some(n)) if v & named_bits != n => Err(bad(
            layout,
            f,
            format!("the name says {n} (X'{n:X}') but the value is {v} (X'{v:X}')"),
        )),
        (Some(v), _) => Ok(v),
        (None, Some(n)) => Ok(n),
        (None, None) => Err(bad(layout, f, "give a \"value\" or a \"name\"")),
    }
}

fn put_uint(layout: &Layout, f: &Field, value: u64, out: &mut [u8]) -> Result<(), EncodeError> {
    if f.len < 8 && value >> (f.len * 8) != 0 {
        return Err(bad(
            layout,
            f,
            format!("{value} does not fit in {} bytes", f.len),
        ));
    }
    let bytes = value.to_be_bytes();
    out.copy_from_slice(&bytes[8 - f.len..]);
    Ok(())
}

fn encode_field(layout: &Layout, f: &Field, v: &Value, out: &mut [u8]) -> Result<(), EncodeError> {
    match f.ty {
        Ty::Uint | Ty::Addr64 => put_uint(layout, f, number(layout, f, v, &[])?, out),
        Ty::Int => {
            let n = v
                .as_i64()
                .ok_or_else(|| bad(layout, f, format!("{v} is not a whole number")))?;
            let bits = f.len * 8;
            let (min, max) = (-(1i64 << (bits - 1)), (1i64 << (bits - 1)) - 1);
            if n < min || n > max {
                return Err(bad(
                    layout,
                    f,
                    format!("{n} does not fit in {} bytes", f.len),
                ));
            }
            out.copy_from_slice(&n.to_be_bytes()[8 - f.len..]);
            Ok(())
        }
        Ty::Char => match v {
            Value::String(s) => {
                let enc = PAGE.encode(s).map_err(|e| bad(layout, f, e.to_string()))?;
                if enc.len() > f.len {
                    return Err(bad(
                        layout,
                        f,
                        format!("{s:?} is longer than {} characters", f.len),
                    ));
                }
                out.fill(codepage::EBCDIC_BLANK);
                out[..enc.len()].copy_from_slice(&enc);
                Ok(())
            }
            Value::Object(o) => {
                let hex = o
                    .get("hex")
                    .ok_or_else(|| bad(layout, f, "expected a string or {\"hex\": ...}"))?;
                out.copy_from_slice(&hex_string(layout, f, hex)?);
                Ok(())
            }
            other => Err(bad(layout, f, format!("{other} is not text"))),
        },
        Ty::Hex => {
            out.copy_from_slice(&hex_string(layout, f, v)?);
            Ok(())
        }
        Ty::Flags(named) | Ty::Code(named) => {
            let n = match v {
                Value::Object(o) => named_number(layout, f, o, named)?,
                _ => number(layout, f, v, named)?,
            };
            put_uint(layout, f, n, out)
        }
        Ty::Ipv4 | Ty::Ipv6 => {
            let ip: IpAddr = v
                .as_str()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| bad(layout, f, format!("{v} is not an IP address")))?;
            match ip {
                IpAddr::V4(a) if out.len() == 4 => out.copy_from_slice(&a.octets()),
                IpAddr::V6(a) if out.len() == 16 => out.copy_from_slice(&a.octets()),
                _ => {
                    return Err(bad(
                        layout,
                        f,
                        format!("{ip} is the wrong IP version for the field"),
                    ));
                }
            }
            Ok(())
        }
        Ty::Addr31 => {
            let addr = number(layout, f, v, &[])?;
            if addr > 0x7FFF_FFFF {
                return Err(bad(
                    layout,
                    f,
                    format!("X'{addr:X}' is above the bar of 31-bit storage"),
                ));
            }
            let vl = v.get("vl").and_then(Value::as_bool).unwrap_or(false);
            put_uint(layout, f, addr | if vl { 0x8000_0000 } else { 0 }, out)
        }
        Ty::Bits {
            shift,
            width,
            codes,
        } => {
            let n = match v {
                Value::Object(o) => named_number(layout, f, o, codes)?,
                _ => number(layout, f, v, codes)?,
            };
            if n >> width != 0 {
                return Err(bad(layout, f, format!("{n} does not fit in {width} bits")));
            }
            let word = be(out) | (n << shift);
            put_uint(layout, f, word, out)
        }
        Ty::Area(sub) => match v {
            Value::Null => {
                out.fill(0);
                Ok(())
            }
            _ => encode_into(sub, v, out),
        },
        Ty::SockAddr => {
            out.fill(0);
            match v {
                Value::Null => Ok(()),
                Value::String(_) => {
                    out.copy_from_slice(&hex_string(layout, f, v)?);
                    Ok(())
                }
                Value::Object(o) if o.keys().any(|k| k.starts_with("sin6_")) => {
                    encode_into(SIN6_LAYOUT, v, out)
                }
                Value::Object(_) => encode_into(SIN_LAYOUT, v, &mut out[..16]),
                other => Err(bad(layout, f, format!("{other} is not a socket address"))),
            }
        }
    }
}

/// The bytes an area starts from before JSON fills it: blanks in character fields, zeros
/// elsewhere.
fn blank(layout: &Layout, out: &mut [u8]) {
    out.fill(0);
    for f in layout.fields {
        if let (Ty::Char, Some(b)) = (f.ty, out.get_mut(f.offset..f.offset + f.len)) {
            b.fill(codepage::EBCDIC_BLANK);
        }
    }
}

fn encode_into(layout: &Layout, v: &Value, out: &mut [u8]) -> Result<(), EncodeError> {
    let map = v.as_object().ok_or_else(|| {
        EncodeError::Shape(format!("{}: expected an object of fields", layout.title))
    })?;
    blank(layout, out);
    for (name, value) in map {
        let f = layout
            .field(name)
            .ok_or_else(|| EncodeError::UnknownField {
                area: layout.title,
                name: name.clone(),
                known: layout
                    .fields
                    .iter()
                    .map(|f| f.name)
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        let Some(slot) = out.get_mut(f.offset..f.offset + f.len) else {
            return Err(bad(layout, f, "the field is beyond the end of the area"));
        };
        encode_field(layout, f, value, slot)?;
    }
    Ok(())
}

/// `encode`: builds an area from JSON (the `decode --format json` shape, or just its "fields"
/// object), then checks it with the area's typed reader.
pub fn encode(kind: &AreaKind, input: &Value) -> Result<Vec<u8>, String> {
    let layout = kind.layout;
    if let (Value::String(name), "ioctl") = (input, layout.area) {
        let cmd = super::ioctl::IoctlCmd::by_name(name)
            .ok_or_else(|| format!("{name:?} is not a known ioctl command"))?;
        return Ok(cmd.0.to_be_bytes().to_vec());
    }
    let fields = input.get("fields").unwrap_or(input);
    let map = fields
        .as_object()
        .ok_or("expected a JSON object of fields")?;
    if input.get("fields").is_some() {
        // The shape decode writes: its other keys must say what decode would.
        let top = input.as_object().ok_or("expected a JSON object")?;
        let known = ["area", "length", "provenance", "fields", "summary"];
        if let Some(k) = top.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(format!(
                "{}: {k:?} is not a key of an area's JSON ({})",
                layout.title,
                known.join(", ")
            ));
        }
        if let Some(a) = top.get("area")
            && a.as_str() != Some(layout.area)
        {
            return Err(format!(
                "the JSON is for area {a}, not {}: encode it as that area",
                layout.area
            ));
        }
    }
    let length = match input.get("length") {
        None => None,
        Some(l) => Some(l.as_u64().ok_or_else(|| {
            format!(
                "{}: \"length\" {l} is not a whole number of bytes",
                layout.title
            )
        })?),
    };
    let len = match length {
        Some(len) => {
            if !layout.lengths.contains(&(len as usize)) {
                let valid: Vec<String> = layout.lengths.iter().map(ToString::to_string).collect();
                return Err(EncodeError::Length {
                    area: layout.title,
                    len,
                    valid: valid.join(", "),
                }
                .to_string());
            }
            len as usize
        }
        None => {
            let end = map
                .keys()
                .filter_map(|k| layout.field(k))
                .map(|f| f.offset + f.len)
                .max()
                .unwrap_or(0);
            layout
                .lengths
                .iter()
                .copied()
                .find(|&l| l >= end)
                .unwrap_or(layout.size)
        }
    };
    let mut out = vec![0u8; layout.size];
    encode_into(layout, fields, &mut out).map_err(|e| e.to_string())?;
    out.truncate(len);
    (kind.validate)(&out).map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::{AREAS, find};

    #[test]
    fn json_round_trips_through_encode() {
        let pi = find("partnerinfo").unwrap();
        let bytes = crate::areas::partnerinfo::PartnerInfo::request(
            crate::areas::partnerinfo::PiReqType::PartnerUserid,
            40,
            30,
        );
        let bytes = crate::areas::Area::to_bytes(&bytes);
        let j = decode_json(pi, &bytes);
        assert_eq!(encode(pi, &j), Ok(bytes));
    }

    #[test]
    fn every_layout_renders() {
        for kind in AREAS {
            let layout = kind.layout;
            assert!(!layout_text(layout).is_empty());
        }
    }

    /// JSON that contradicts itself or the area is refused, not half-used.
    #[test]
    fn encode_refuses_what_contradicts_itself() {
        let pi = find("partnerinfo").unwrap();
        let good = json!({"area": "partnerinfo", "length": 40, "fields": {
            "PI_Version": {"value": 1, "name": "PI_VERSION1"},
            "PI_ReqType": {"value": 1, "name": "PI_REQTYPE_PARTNER_USERID"}}});
        assert!(encode(pi, &good).is_ok());
        let refused = [
            (
                json!({"fields": {"PI_Version": 1,
                    "PI_ReqType": {"value": 2, "name": "PI_REQTYPE_PARTNER_USERID"}}}),
                "the name says 1 (X'1') but the value is 2",
            ),
            (
                json!({"fields": {"PI_Version": 1, "PI_ReqType": {"name": "PI_REQTYPE_ALL"}}}),
                "\"PI_REQTYPE_ALL\" is not one of this field's names",
            ),
            (
                json!({"area": "utoken", "fields": {"PI_Version": 1}}),
                "the JSON is for area \"utoken\", not partnerinfo",
            ),
            (
                json!({"length": 40.5, "fields": {"PI_Version": 1}}),
                "\"length\" 40.5 is not a whole number",
            ),
            (
                json!({"length": "40", "fields": {"PI_Version": 1}}),
                "\"length\" \"40\" is not a whole number",
            ),
            (
                json!({"lenght": 40, "fields": {"PI_Version": 1}}),
                "\"lenght\" is not a key",
            ),
        ];
        for (input, words) in refused {
            let e = encode(pi, &input).unwrap_err();
            assert!(e.contains(words), "{input}: {e}");
        }
        let ioctl = find("ioctl").unwrap();
        let e = encode(
            ioctl,
            &json!({"fields": {"IOC_DIR": {"value": 6, "name": "in (_IOW)"}, "IOC_GROUP": 246,
                "IOC_LEN": 0, "IOC_NUM": 18}}),
        )
        .unwrap_err();
        assert!(e.contains("IOC_DIR"), "{e}");
    }

    #[test]
    fn encode_reports_the_field() {
        let pi = find("partnerinfo").unwrap();
        let e = encode(pi, &json!({"PI_Version": 1, "PI_Bogus": 2})).unwrap_err();
        assert!(e.contains("PI_Bogus"), "{e}");
        let e = encode(pi, &json!({"PI_Version": 2})).unwrap_err();
        assert!(e.contains("PI_Version"), "{e}");
        let e = encode(pi, &json!({"PI_Version": 1, "PI_ASUserID": "MUCHTOOLONG"})).unwrap_err();
        assert!(e.contains("PI_ASUserID"), "{e}");
    }
}
