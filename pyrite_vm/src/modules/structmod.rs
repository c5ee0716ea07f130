//! `_struct`: packing and unpacking of C structs (`pack`, `unpack`, `Struct`...).

use crate::errors::*;
use crate::gil::GilCell;
use crate::modules::ndata::{self, NativeData, PCell};
use crate::object::ObjRef;

use crate::types::module::{add_function, set_attr};
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use std::cell::Cell;
use std::collections::HashMap;

static ERROR: GilCell<Option<ObjRef>> = GilCell::new(None);

/// `struct.error`.
pub fn error_type() -> ObjRef {
    if let Some(e) = ERROR.get() {
        return e.clone();
    }
    let d = crate::types::dict::new_dict();
    crate::types::dict::as_dict(&d)
        .unwrap()
        .set_str("__module__", Value::from("struct"));
    let bases = crate::types::tuple::new_tuple(vec![Value::Obj(
        crate::types::exceptions::exc().exception.clone(),
    )]);
    let t = crate::ops::call::call(
        &Value::Obj(types().type_.clone()),
        &[Value::from("error"), bases, d],
        None,
    )
    .ok()
    .and_then(|v| v.as_obj().cloned())
    .unwrap_or_else(|| crate::types::exceptions::exc().exception.clone());
    *ERROR.get() = Some(t.clone());
    t
}

fn serr(msg: impl Into<String>) -> PyErr {
    PyErr::new(&error_type(), msg)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Order {
    Native,
    Little, // '<' and '=' (little-endian host)
    Big,
}

#[derive(Clone, Debug)]
struct Code {
    code: u8,
    /// bytes for s/p; repeat count otherwise (expanded into items)
    count: usize,
    size: usize,
    offset: usize,
}

#[derive(Clone, Debug)]
struct Layout {
    order: Order,
    /// one entry per packed item (s/p count once; x contributes no items)
    items: Vec<Code>,
    size: usize,
    nitems: usize,
}

fn native_size_align(c: u8) -> Option<(usize, usize)> {
    Some(match c {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => (1, 1),
        b'h' | b'H' | b'e' => (2, 2),
        b'i' | b'I' | b'f' => (4, 4),
        b'l' | b'L' | b'q' | b'Q' | b'n' | b'N' | b'd' | b'P' => (8, 8),
        _ => return None,
    })
}

fn std_size(c: u8) -> Option<usize> {
    Some(match c {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'l' | b'L' | b'f' => 4,
        b'q' | b'Q' | b'd' => 8,
        _ => return None,
    })
}

fn parse_format(fmt: &[u8]) -> PyResult<Layout> {
    let mut i = 0;
    let order = match fmt.first() {
        Some(b'@') => {
            i = 1;
            Order::Native
        }
        Some(b'<') | Some(b'=') => {
            i = 1;
            Order::Little
        }
        Some(b'>') | Some(b'!') => {
            i = 1;
            Order::Big
        }
        _ => Order::Native,
    };
    let mut items = Vec::new();
    let mut size: usize = 0;
    let mut nitems = 0usize;
    // runs of one code repeated: (position among `items`, code, count, size, offset)
    let mut runs: Vec<(usize, u8, usize, usize, usize)> = Vec::new();
    let too_long = || serr("total struct size too long");
    while i < fmt.len() {
        let c = fmt[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut num: Option<usize> = None;
        if c.is_ascii_digit() {
            let mut n: usize = 0;
            while i < fmt.len() && fmt[i].is_ascii_digit() {
                n = n
                    .checked_mul(10)
                    .and_then(|n| n.checked_add((fmt[i] - b'0') as usize))
                    .ok_or_else(too_long)?;
                i += 1;
            }
            if i >= fmt.len() {
                return Err(serr("repeat count given without format specifier"));
            }
            num = Some(n);
        }
        let c = fmt[i];
        i += 1;
        let (isz, align) = match order {
            Order::Native => {
                native_size_align(c).ok_or_else(|| serr("bad char in struct format"))?
            }
            _ => (
                std_size(c).ok_or_else(|| serr("bad char in struct format"))?,
                1,
            ),
        };
        let n = num.unwrap_or(1);
        if order == Order::Native && align > 1 {
            size = size.checked_add(align - 1).ok_or_else(too_long)? / align * align;
        }
        match c {
            b's' | b'p' => {
                items.push(Code {
                    code: c,
                    count: n,
                    size: n,
                    offset: size,
                });
                nitems += 1;
                size = size.checked_add(n).ok_or_else(too_long)?;
            }
            b'x' => {
                size = size.checked_add(n).ok_or_else(too_long)?;
            }
            _ => {
                let total = n.checked_mul(isz).ok_or_else(too_long)?;
                // expanded after the whole format is checked (a huge repeat count may
                // still be too long overall)
                runs.push((items.len(), c, n, isz, size));
                nitems += n;
                size = size.checked_add(total).ok_or_else(too_long)?;
            }
        }
        if size > isize::MAX as usize {
            return Err(too_long());
        }
    }
    if !runs.is_empty() {
        let mut expanded = Vec::new();
        expanded
            .try_reserve(items.len() + runs.iter().map(|r| r.2).sum::<usize>())
            .map_err(|_| memory_error())?;
        let mut fixed = items.into_iter().enumerate().peekable();
        for (at, c, n, isz, offset) in runs {
            while let Some((_, it)) = fixed.next_if(|(i, _)| *i < at) {
                expanded.push(it);
            }
            for k in 0..n {
                expanded.push(Code {
                    code: c,
                    count: 1,
                    size: isz,
                    offset: offset + k * isz,
                });
            }
        }
        expanded.extend(fixed.map(|(_, it)| it));
        items = expanded;
    }
    Ok(Layout {
        order,
        items,
        size,
        nitems,
    })
}

// ---------------------------------------------------------------------------
// packing

fn get_int(v: &Value) -> PyResult<BigInt> {
    if !crate::types::int::is_int(v) && crate::ops::attr::lookup_special(v, "__index__").is_none() {
        return Err(serr("required argument is not an integer"));
    }
    let i = crate::types::int::index_value(v)?;
    Ok(crate::types::int::to_bigint(&i).unwrap_or_default())
}

fn get_float(v: &Value) -> PyResult<f64> {
    crate::modules::math::to_f64(v).map_err(|e| {
        if e.matches(&crate::types::exceptions::exc().type_error) {
            serr("required argument is not a float")
        } else {
            e
        }
    })
}

const OOR: &str = "argument out of range";

/// Check the integer range for `code` in byte order `order` (CPython's messages).
fn int_check(order: Order, code: u8, x: &BigInt) -> PyResult<()> {
    let i64v = x.to_i64();
    let u64v = if x.is_negative() { None } else { x.to_u64() };
    let rng = |lo: i64, hi: i64| i64v.map_or(false, |v| v >= lo && v <= hi);
    let big = order == Order::Big;
    let native = order == Order::Native;
    let fail = |m: String| Err(serr(m));
    match code {
        b'b' => {
            if i64v.is_none() {
                return fail(OOR.into());
            }
            if !rng(-128, 127) {
                return fail("byte format requires -128 <= number <= 127".into());
            }
        }
        b'B' => {
            if i64v.is_none() {
                return fail(OOR.into());
            }
            if !rng(0, 255) {
                return fail("ubyte format requires 0 <= number <= 255".into());
            }
        }
        b'h' => {
            if i64v.is_none() {
                return fail(OOR.into());
            }
            if !rng(-32768, 32767) {
                return fail(
                    if big {
                        "'h' format requires -32768 <= number <= 32767"
                    } else {
                        "short format requires -32768 <= number <= 32767"
                    }
                    .into(),
                );
            }
        }
        b'H' => {
            if big {
                let Some(u) = u64v else {
                    return fail(OOR.into());
                };
                if u > 65535 {
                    return fail("'H' format requires 0 <= number <= 65535".into());
                }
            } else {
                if i64v.is_none() {
                    return fail(OOR.into());
                }
                if !rng(0, 65535) {
                    return fail("ushort format requires 0 <= number <= 65535".into());
                }
            }
        }
        b'i' | b'l' if code == b'i' || !native => {
            if i64v.is_none() {
                return fail(OOR.into());
            }
            if !rng(i32::MIN as i64, i32::MAX as i64) {
                return fail(format!(
                    "'{}' format requires -2147483648 <= number <= 2147483647",
                    code as char
                ));
            }
        }
        b'I' | b'L' if code == b'I' || !native => {
            let Some(u) = u64v else {
                return fail(OOR.into());
            };
            if u > u32::MAX as u64 {
                return fail(format!(
                    "'{}' format requires 0 <= number <= 4294967295",
                    code as char
                ));
            }
        }
        b'l' | b'n' => {
            if i64v.is_none() {
                return fail(OOR.into());
            }
        }
        b'L' | b'N' => {
            if u64v.is_none() {
                return fail(OOR.into());
            }
        }
        b'q' => {
            if i64v.is_none() {
                return fail(if big { "int too large to convert" } else { OOR }.into());
            }
        }
        b'Q' => {
            if u64v.is_none() {
                return fail(if big { "int too large to convert" } else { OOR }.into());
            }
        }
        b'P' => {
            if i64v.is_none() && u64v.is_none() {
                return fail("int too large to convert".into());
            }
        }
        _ => {}
    }
    Ok(())
}

fn put_uint(buf: &mut [u8], v: u64, size: usize, order: Order) {
    let bytes = v.to_le_bytes();
    match order {
        Order::Big => {
            for k in 0..size {
                buf[k] = bytes[size - 1 - k];
            }
        }
        _ => buf[..size].copy_from_slice(&bytes[..size]),
    }
}

fn get_uint(buf: &[u8], size: usize, order: Order) -> u64 {
    let mut v: u64 = 0;
    match order {
        Order::Big => {
            for &b in &buf[..size] {
                v = (v << 8) | b as u64;
            }
        }
        _ => {
            for &b in buf[..size].iter().rev() {
                v = (v << 8) | b as u64;
            }
        }
    }
    v
}

/// IEEE 754 binary16 from a double (round half to even); None on overflow.
pub fn f64_to_half(x: f64) -> Option<u16> {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    let a = x.abs();
    if a.is_infinite() {
        return Some(sign | 0x7c00);
    }
    if a == 0.0 {
        return Some(sign);
    }
    // scale to an integer number of units of the smallest subnormal (2**-24) or of the ulp
    let (m, e) = crate::modules::math::c_frexp(a); // a = m * 2**e, 0.5 <= m < 1
                                                   // exponent of half: value = 1.f * 2**(e-1)
    let exp = e - 1;
    let (mant, hexp): (f64, i32) = if exp < -14 {
        // subnormal: units of 2**-24
        (a * (1u64 << 24) as f64, 0)
    } else {
        // normal: 10 fraction bits
        (m * 2.0 * 1024.0, exp + 15)
    };
    let fl = mant.floor();
    let frac = mant - fl;
    let mut q = fl as u32;
    if frac > 0.5 || (frac == 0.5 && q & 1 == 1) {
        q += 1;
    }
    let bits: u32 = if hexp == 0 {
        // subnormal (q may round up into the smallest normal)
        q
    } else {
        // q in [1024, 2048]
        let mut he = hexp as u32;
        let mut qq = q;
        if qq >= 2048 {
            qq >>= 1;
            he += 1;
        }
        if he >= 31 {
            return None;
        }
        (he << 10) | (qq & 0x3ff)
    };
    Some(sign | bits as u16)
}

pub fn half_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = ((h >> 10) & 0x1f) as i32;
    let f = (h & 0x3ff) as f64;
    if e == 0 {
        sign * f * 2f64.powi(-24)
    } else if e == 31 {
        if f == 0.0 {
            sign * f64::INFINITY
        } else {
            f64::NAN.copysign(sign)
        }
    } else {
        sign * (1.0 + f / 1024.0) * 2f64.powi(e - 15)
    }
}

fn pack_item(c: &Code, order: Order, v: &Value, buf: &mut [u8]) -> PyResult<()> {
    let out = &mut buf[c.offset..c.offset + c.size];
    match c.code {
        b'c' => {
            let b = match v.payload() {
                Some(Payload::Bytes(_)) | Some(Payload::ByteArray(_)) => {
                    crate::types::bytes::as_bytes_like(v).unwrap_or_default()
                }
                _ => vec![],
            };
            if b.len() != 1 {
                return Err(serr("char format requires a bytes object of length 1"));
            }
            out[0] = b[0];
        }
        b's' | b'p' => {
            let b = match v.payload() {
                Some(Payload::Bytes(_)) | Some(Payload::ByteArray(_)) => {
                    crate::types::bytes::as_bytes_like(v).unwrap_or_default()
                }
                _ => {
                    return Err(serr(format!(
                        "argument for '{}' must be a bytes object",
                        c.code as char
                    )))
                }
            };
            if c.code == b's' {
                let n = b.len().min(c.size);
                out[..n].copy_from_slice(&b[..n]);
            } else if c.size > 0 {
                let n = b.len().min(c.size - 1).min(255);
                out[0] = n as u8;
                out[1..1 + n].copy_from_slice(&b[..n]);
            }
        }
        b'?' => out[0] = crate::ops::truthy(v)? as u8,
        b'e' => {
            let x = get_float(v)?;
            let h = f64_to_half(x)
                .ok_or_else(|| overflow_error("float too large to pack with e format"))?;
            put_uint(out, h as u64, 2, order);
        }
        b'f' => {
            let x = get_float(v)?;
            let y = x as f32;
            if y.is_infinite() && !x.is_infinite() && order != Order::Native {
                return Err(overflow_error("float too large to pack with f format"));
            }
            put_uint(out, y.to_bits() as u64, 4, order);
        }
        b'd' => {
            let x = get_float(v)?;
            put_uint(out, x.to_bits(), 8, order);
        }
        code => {
            let x = get_int(v)?;
            int_check(order, code, &x)?;
            let bits: u64 = match x.to_i64() {
                Some(i) => i as u64,
                None => x.to_u64().unwrap_or(0),
            };
            put_uint(out, bits, c.size, order);
        }
    }
    Ok(())
}

fn unpack_item(c: &Code, order: Order, data: &[u8]) -> Value {
    let d = &data[c.offset..c.offset + c.size];
    match c.code {
        b'c' => crate::types::bytes::new_bytes(vec![d[0]]),
        b's' => crate::types::bytes::new_bytes(d.to_vec()),
        b'p' => {
            if d.is_empty() {
                return crate::types::bytes::new_bytes(vec![]);
            }
            let n = (d[0] as usize).min(c.size - 1);
            crate::types::bytes::new_bytes(d[1..1 + n].to_vec())
        }
        b'?' => Value::Bool(d[0] != 0),
        b'e' => Value::Float(half_to_f64(get_uint(d, 2, order) as u16)),
        b'f' => Value::Float(f32::from_bits(get_uint(d, 4, order) as u32) as f64),
        b'd' => Value::Float(f64::from_bits(get_uint(d, 8, order))),
        b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => {
            let u = get_uint(d, c.size, order);
            let shift = 64 - 8 * c.size as u32;
            Value::Int(((u << shift) as i64) >> shift)
        }
        _ => {
            let u = get_uint(d, c.size, order);
            if u <= i64::MAX as u64 {
                Value::Int(u as i64)
            } else {
                crate::types::int::from_bigint(BigInt::from(u))
            }
        }
    }
}

fn pack_to(l: &Layout, args: &[Value], buf: &mut [u8]) -> PyResult<()> {
    for (c, v) in l.items.iter().zip(args.iter()) {
        pack_item(c, l.order, v, buf)?;
    }
    Ok(())
}

fn unpack_all(l: &Layout, data: &[u8]) -> Value {
    crate::types::tuple::new_tuple(
        l.items
            .iter()
            .map(|c| unpack_item(c, l.order, data))
            .collect(),
    )
}

// ---------------------------------------------------------------------------
// Struct objects

pub struct StructObj {
    layout: PCell<Layout>,
    format: PCell<Value>,
}

impl NativeData for StructObj {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(self.format.get());
    }
}

fn st(v: &Value) -> PyResult<&StructObj> {
    ndata::this::<StructObj>(v, "_struct.Struct")
}

fn format_bytes(v: &Value) -> PyResult<(Vec<u8>, Value)> {
    if let Some(s) = crate::types::str::as_str(v) {
        return Ok((s.as_bytes().to_vec(), v.clone()));
    }
    if let Some(b) = crate::types::bytes::as_bytes(v) {
        let s = String::from_utf8_lossy(b).into_owned();
        return Ok((b.to_vec(), Value::from(s)));
    }
    Err(type_error(format!(
        "Struct() argument 1 must be a str or bytes object, not {}",
        v.type_name()
    )))
}

fn init_struct(obj: &Value, fmt: &Value) -> PyResult<()> {
    let (b, fv) = format_bytes(fmt)?;
    let l = parse_format(&b)?;
    let s = st(obj)?;
    *s.layout.get() = l;
    *s.format.get() = fv;
    Ok(())
}

crate::native_type!(struct_type, || {
    let t = ndata::new_type("Struct", "_struct", None, true);
    add_staticmethod(&t, "__new__", |a, _| {
        let cls = ndata::new_cls(a, &struct_type())?;
        Ok(ndata::new_native(
            &cls,
            StructObj {
                layout: PCell::new(Layout {
                    order: Order::Native,
                    items: vec![],
                    size: 0,
                    nitems: 0,
                }),
                format: PCell::new(Value::from("")),
            },
        ))
    });
    add_method(&t, "__init__", |a, kw| {
        let p = crate::args::parse("Struct", &a[1..], kw, &["format"], 1)?;
        init_struct(ndata::arg(a, 0)?, p[0].as_ref().unwrap())?;
        Ok(Value::None)
    });
    add_method(&t, "pack", |a, kw| {
        ndata::no_kw("pack", kw)?;
        struct_pack(st(ndata::arg(a, 0)?)?, &a[1..])
    });
    add_method(&t, "pack_into", |a, kw| {
        ndata::no_kw("pack_into", kw)?;
        struct_pack_into(st(ndata::arg(a, 0)?)?, &a[1..])
    });
    add_method(&t, "unpack", |a, kw| {
        ndata::no_kw("unpack", kw)?;
        check_args("unpack", &a[1..], 1, 1)?;
        struct_unpack(st(ndata::arg(a, 0)?)?, ndata::arg(a, 1)?)
    });
    add_method(&t, "unpack_from", |a, kw| {
        let p = crate::args::parse("unpack_from", &a[1..], kw, &["buffer", "offset"], 1)?;
        struct_unpack_from(
            st(ndata::arg(a, 0)?)?,
            p[0].as_ref().unwrap(),
            p[1].as_ref(),
        )
    });
    add_method(&t, "iter_unpack", |a, kw| {
        ndata::no_kw("iter_unpack", kw)?;
        check_args("iter_unpack", &a[1..], 1, 1)?;
        struct_iter_unpack(st(ndata::arg(a, 0)?)?, ndata::arg(a, 1)?)
    });
    add_getset(&t, "format", |v| Ok(st(v)?.format.cloned()), None);
    add_getset(
        &t,
        "size",
        |v| Ok(Value::Int(st(v)?.layout.get().size as i64)),
        None,
    );
    add_method(&t, "__sizeof__", |a, _| {
        Ok(Value::Int(
            64 + 32 * st(ndata::arg(a, 0)?)?.layout.get().items.len() as i64,
        ))
    });
    ndata::finish_type(&t);
    t
});

fn struct_pack(s: &StructObj, args: &[Value]) -> PyResult<Value> {
    let l = s.layout.cloned();
    if args.len() != l.nitems {
        return Err(serr(format!(
            "pack expected {} items for packing (got {})",
            l.nitems,
            args.len()
        )));
    }
    let mut buf = vec![0u8; l.size];
    pack_to(&l, args, &mut buf)?;
    Ok(crate::types::bytes::new_bytes(buf))
}

fn struct_pack_into(s: &StructObj, args: &[Value]) -> PyResult<Value> {
    let l = s.layout.cloned();
    if args.is_empty() {
        return Err(type_error("pack_into expected buffer argument"));
    }
    if args.len() < 2 {
        return Err(type_error("pack_into expected offset argument"));
    }
    if args.len() - 2 != l.nitems {
        return Err(serr(format!(
            "pack_into expected {} items for packing (got {})",
            l.nitems,
            args.len() - 2
        )));
    }
    let target = &args[0];
    let blen = match target.payload() {
        Some(Payload::ByteArray(b)) => b.vec().len(),
        _ => match crate::modules::array::array_len_bytes(target) {
            Some(n) => n,
            None => match ndata::buffer_bytes(target) {
                Some(b) if !matches!(target.payload(), Some(Payload::Bytes(_))) => b.len(),
                _ => {
                    return Err(type_error(format!(
                        "argument must be read-write bytes-like object, not {}",
                        target.type_name()
                    )))
                }
            },
        },
    };
    let mut off = crate::types::int::index_clamped(&args[1])?;
    let orig = off;
    if off < 0 {
        if off + (blen as i64) < 0 {
            return Err(serr(format!(
                "offset {} out of range for {}-byte buffer",
                off, blen
            )));
        }
        off += blen as i64;
        if (blen as i64 - off) < l.size as i64 {
            return Err(serr(format!(
                "no space to pack {} bytes at offset {}",
                l.size, orig
            )));
        }
    }
    if (blen as i64 - off) < l.size as i64 {
        return Err(serr(format!(
            "pack_into requires a buffer of at least {} bytes for packing {} bytes at offset {} (actual buffer size is {})",
            l.size as i64 + off,
            l.size,
            off,
            blen
        )));
    }
    let mut tmp = vec![0u8; l.size];
    pack_to(&l, &args[2..], &mut tmp)?;
    let off = off as usize;
    match target.payload() {
        Some(Payload::ByteArray(b)) => {
            let v = b.vec();
            if v.len() >= off + tmp.len() {
                v[off..off + tmp.len()].copy_from_slice(&tmp);
            }
        }
        _ => {
            if let Some(r) = crate::types::memoryview::write_foreign(target, off, &tmp) {
                r?;
            } else if !crate::modules::array::array_write_bytes(target, off, &tmp) {
                let sl = crate::types::misc::new_slice(
                    Value::Int(off as i64),
                    Value::Int((off + tmp.len()) as i64),
                    Value::None,
                );
                crate::ops::setitem(target, sl, crate::types::bytes::new_bytes(tmp))?;
            }
        }
    }
    Ok(Value::None)
}

fn struct_unpack(s: &StructObj, buf: &Value) -> PyResult<Value> {
    let l = s.layout.cloned();
    let data = ndata::need_buffer(buf)?;
    if data.len() != l.size {
        return Err(serr(format!(
            "unpack requires a buffer of {} bytes",
            l.size
        )));
    }
    Ok(unpack_all(&l, &data))
}

fn struct_unpack_from(s: &StructObj, buf: &Value, offset: Option<&Value>) -> PyResult<Value> {
    let l = s.layout.cloned();
    let data = ndata::need_buffer(buf)?;
    let blen = data.len() as i64;
    let mut off = match offset {
        Some(v) => crate::types::int::index_clamped(v)?,
        None => 0,
    };
    if off < 0 {
        if off + blen < 0 {
            return Err(serr(format!(
                "offset {} out of range for {}-byte buffer",
                off, blen
            )));
        }
        if blen - (off + blen) < l.size as i64 {
            return Err(serr(format!(
                "not enough data to unpack {} bytes at offset {}",
                l.size, off
            )));
        }
        off += blen;
    }
    if blen - off < l.size as i64 {
        return Err(serr(format!(
            "unpack_from requires a buffer of at least {} bytes for unpacking {} bytes at offset {} (actual buffer size is {})",
            l.size as i64 + off,
            l.size,
            off,
            blen
        )));
    }
    Ok(unpack_all(&l, &data[off as usize..]))
}

struct UnpackIter {
    layout: Layout,
    data: Vec<u8>,
    pos: Cell<usize>,
}
impl NativeData for UnpackIter {}

crate::native_type!(unpack_iter_type, || {
    let t = ndata::new_type("unpack_iterator", "_struct", None, false);
    add_method(&t, "__iter__", |a, _| Ok(ndata::arg(a, 0)?.clone()));
    add_method(&t, "__next__", |a, _| {
        let it = ndata::this::<UnpackIter>(ndata::arg(a, 0)?, "_struct.unpack_iterator")?;
        let p = it.pos.get();
        if it.layout.size == 0 || p + it.layout.size > it.data.len() {
            return Err(stop_iteration(Value::None));
        }
        it.pos.set(p + it.layout.size);
        Ok(unpack_all(&it.layout, &it.data[p..]))
    });
    add_method(&t, "__length_hint__", |a, _| {
        let it = ndata::this::<UnpackIter>(ndata::arg(a, 0)?, "_struct.unpack_iterator")?;
        if it.layout.size == 0 {
            return Ok(Value::Int(0));
        }
        Ok(Value::Int(
            ((it.data.len() - it.pos.get()) / it.layout.size) as i64,
        ))
    });
    ndata::finish_type(&t);
    t
});

fn struct_iter_unpack(s: &StructObj, buf: &Value) -> PyResult<Value> {
    let l = s.layout.cloned();
    if l.size == 0 {
        return Err(serr("cannot iteratively unpack with a struct of length 0"));
    }
    let data = ndata::need_buffer(buf)?;
    if data.len() % l.size != 0 {
        return Err(serr(format!(
            "iterative unpacking requires a buffer of a multiple of {} bytes",
            l.size
        )));
    }
    Ok(ndata::new_native(
        &unpack_iter_type(),
        UnpackIter {
            layout: l,
            data,
            pos: Cell::new(0),
        },
    ))
}

// ---------------------------------------------------------------------------
// module functions (with a cache of Struct objects)

static CACHE: GilCell<Option<HashMap<String, Value>>> = GilCell::new(None);

fn cached(fmt: &Value) -> PyResult<Value> {
    let key = match (
        crate::types::str::as_str(fmt),
        crate::types::bytes::as_bytes(fmt),
    ) {
        (Some(s), _) => format!("s{}", s),
        (_, Some(b)) => format!("b{}", String::from_utf8_lossy(b)),
        _ => {
            return Err(type_error(format!(
                "Struct() argument 1 must be a str or bytes object, not {}",
                fmt.type_name()
            )))
        }
    };
    if let Some(v) = CACHE.get().get_or_insert_with(HashMap::new).get(&key) {
        return Ok(v.clone());
    }
    let s = crate::ops::call::call(&Value::Obj(struct_type()), &[fmt.clone()], None)?;
    let cache = CACHE.get().get_or_insert_with(HashMap::new);
    if cache.len() > 100 {
        cache.clear();
    }
    cache.insert(key, s.clone());
    Ok(s)
}

fn need_fmt<'a>(a: &'a [Value], name: &str) -> PyResult<&'a Value> {
    a.first().ok_or_else(|| {
        type_error(format!(
            "{}() missing required argument 'format' (pos 1)",
            name
        ))
    })
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "error", Value::Obj(error_type()));
    set_attr(m, "Struct", Value::Obj(struct_type()));
    add_function(m, "pack", |a, kw| {
        ndata::no_kw("pack", kw)?;
        if a.is_empty() {
            return Err(type_error("pack expected at least 1 argument, got 0"));
        }
        let s = cached(ndata::arg(a, 0)?)?;
        struct_pack(st(&s)?, &a[1..])
    });
    add_function(m, "pack_into", |a, kw| {
        ndata::no_kw("pack_into", kw)?;
        if a.is_empty() {
            return Err(type_error("pack_into expected at least 1 argument, got 0"));
        }
        let s = cached(ndata::arg(a, 0)?)?;
        struct_pack_into(st(&s)?, &a[1..])
    });
    add_function(m, "unpack", |a, kw| {
        ndata::no_kw("unpack", kw)?;
        check_args("unpack", a, 2, 2)?;
        let s = cached(ndata::arg(a, 0)?)?;
        struct_unpack(st(&s)?, ndata::arg(a, 1)?)
    });
    add_function(m, "unpack_from", |a, kw| {
        let p = crate::args::parse("unpack_from", a, kw, &["", "buffer", "offset"], 2)?;
        let s = cached(p[0].as_ref().unwrap())?;
        struct_unpack_from(st(&s)?, p[1].as_ref().unwrap(), p[2].as_ref())
    });
    add_function(m, "iter_unpack", |a, kw| {
        ndata::no_kw("iter_unpack", kw)?;
        check_args("iter_unpack", a, 2, 2)?;
        let s = cached(ndata::arg(a, 0)?)?;
        struct_iter_unpack(st(&s)?, ndata::arg(a, 1)?)
    });
    add_function(m, "calcsize", |a, kw| {
        ndata::no_kw("calcsize", kw)?;
        check_args("calcsize", a, 1, 1)?;
        let s = cached(need_fmt(a, "calcsize")?)?;
        Ok(Value::Int(st(&s)?.layout.get().size as i64))
    });
    add_function(m, "_clearcache", |_a, _| {
        if let Some(c) = CACHE.get() {
            c.clear();
        }
        Ok(Value::None)
    });
    let _ = Zero::zero as fn() -> BigInt;
    Ok(())
}
