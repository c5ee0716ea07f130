#!/usr/bin/env python3
"""Generate unicodedata.bin (Unicode 14.0.0 property tables) from CPython 3.11's
unicodedata module. Run with python3.11: python3 gen_tables.py > unicodedata.bin"""
import struct, sys, unicodedata as ud

assert ud.unidata_version == "14.0.0", ud.unidata_version
CATS = ["Cn", "Lu", "Ll", "Lt", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co",
        "Lm", "Lo", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So"]
BIDI = ["", "L", "LRE", "LRO", "R", "AL", "RLE", "RLO", "PDF", "EN", "ES", "ET", "AN", "CS", "NSM", "BN", "B", "S",
        "WS", "ON", "LRI", "RLI", "FSI", "PDI"]
EAW = ["F", "H", "W", "Na", "A", "N"]
ALGO = ["CJK UNIFIED IDEOGRAPH-", "CJK COMPATIBILITY IDEOGRAPH-", "TANGUT IDEOGRAPH-",
        "KHITAN SMALL SCRIPT CHARACTER-", "NUSHU CHARACTER-"]
out = bytearray()
def section(b):
    out.extend(struct.pack("<I", len(b)))
    out.extend(b)

records = {}
rec_list = []
index = []
for cp in range(0x110000):
    c = chr(cp)
    r = (CATS.index(ud.category(c)), ud.combining(c), BIDI.index(ud.bidirectional(c)), ud.mirrored(c),
         EAW.index(ud.east_asian_width(c)))
    if r not in records:
        records[r] = len(rec_list)
        rec_list.append(r)
    index.append(records[r])
section(b"".join(struct.pack("<BBBBB", *r) for r in rec_list))
SHIFT = 7
blocks = {}
block_list = []
idx1 = []
for i in range(0, 0x110000, 1 << SHIFT):
    blk = tuple(index[i:i + (1 << SHIFT)])
    if blk not in blocks:
        blocks[blk] = len(block_list)
        block_list.append(blk)
    idx1.append(blocks[blk])
section(b"".join(struct.pack("<H", x) for x in idx1))
section(b"".join(struct.pack("<H", x) for blk in block_list for x in blk))
# decompositions (Hangul syllables are algorithmic)
ent = []
for cp in range(0x110000):
    if 0xAC00 <= cp <= 0xD7A3:
        continue
    d = ud.decomposition(chr(cp))
    if not d:
        continue
    parts = d.split()
    tag = ""
    if parts[0].startswith("<"):
        tag = parts[0]
        parts = parts[1:]
    t = tag.encode()
    ent.append(struct.pack("<IB", cp, len(t)) + t + struct.pack("<B", len(parts)) + b"".join(struct.pack("<I", int(p, 16)) for p in parts))
section(struct.pack("<I", len(ent)) + b"".join(ent))
# numeric values
ent = []
for cp in range(0x110000):
    c = chr(cp)
    n = ud.numeric(c, None)
    if n is None:
        continue
    ent.append(struct.pack("<Ibbd", cp, ud.decimal(c, -1), ud.digit(c, -1), n))
section(struct.pack("<I", len(ent)) + b"".join(ent))
# names
words = {}
wlist = []
names = []
ranges = []
for cp in range(0x110000):
    n = ud.name(chr(cp), None)
    if n is None or 0xAC00 <= cp <= 0xD7A3:
        continue
    algo = [i for i, p in enumerate(ALGO) if n.startswith(p) and n[len(p):] == "%04X" % cp]
    if algo:
        if ranges and ranges[-1][2] == algo[0] and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp, algo[0]])
        continue
    ids = []
    for w in n.split(" "):
        if w not in words:
            words[w] = len(wlist)
            wlist.append(w)
        ids.append(words[w])
    names.append((cp, ids))
section(struct.pack("<I", len(wlist)) + b"".join(struct.pack("<B", len(w)) + w.encode() for w in wlist))
section(struct.pack("<I", len(names)) + b"".join(struct.pack("<IB", cp, len(ids)) + b"".join(struct.pack("<H", i) for i in ids) for cp, ids in names))
section(struct.pack("<I", len(ranges)) + b"".join(struct.pack("<IIB", a, b, k) for a, b, k in ranges))
# name aliases (lookup only) and named sequences, found by probing lookup() with the
# aliases/sequences published in NameAliases.txt / NamedSequences.txt if available
aliases = []
seqs = []
import os
for path in ["/usr/share/unicode/NameAliases.txt", "/usr/share/unicode-data/NameAliases.txt"]:
    if os.path.exists(path):
        for line in open(path):
            line = line.split("#")[0].strip()
            if not line:
                continue
            cp, name, kind = line.split(";")
            try:
                if ud.lookup(name) == chr(int(cp, 16)):
                    aliases.append((int(cp, 16), name))
            except KeyError:
                pass
        break
for path in ["/usr/share/unicode/NamedSequences.txt", "/usr/share/unicode-data/NamedSequences.txt"]:
    if os.path.exists(path):
        for line in open(path):
            line = line.split("#")[0].strip()
            if not line:
                continue
            name, cps = line.split(";")
            try:
                s = ud.lookup(name)
                seqs.append((name, [ord(ch) for ch in s]))
            except KeyError:
                pass
        break
section(struct.pack("<I", len(aliases)) + b"".join(struct.pack("<IB", cp, len(n)) + n.encode() for cp, n in aliases))
section(struct.pack("<I", len(seqs)) + b"".join(struct.pack("<B", len(n)) + n.encode() + struct.pack("<B", len(s)) + b"".join(struct.pack("<I", x) for x in s) for n, s in seqs))
# canonical composition pairs
pairs = []
for cp in range(0x110000):
    d = ud.decomposition(chr(cp))
    if not d or d.startswith("<"):
        continue
    parts = [int(p, 16) for p in d.split()]
    if len(parts) == 2 and ud.normalize("NFC", chr(parts[0]) + chr(parts[1])) == chr(cp):
        pairs.append((parts[0], parts[1], cp))
section(struct.pack("<I", len(pairs)) + b"".join(struct.pack("<III", *p) for p in pairs))
sys.stdout.buffer.write(bytes(out))
