#!/usr/bin/env python3
"""Independent re-computation of the CAdES time-stamp inputs of the samples.

Written from the standards, with nothing but the Python standard library
(its own DER walker, hashlib), so that neither libokc nor the sample
generator grades itself:

  archive-time-stamp-v3 (EN 319 122-1 5.5.3): imprint over eContentType,
    H(content), SignerInfo version..signature, hash index value; the index
    in the token's unsigned attributes is either ats-hash-index-v3
    (0.4.0.19122.1.5, 5.5.2: H(attrType || one AttributeValue)) or the
    ATSHashIndex of TS 101 733 v2.2.1 (0.4.0.1733.2.5: H(whole Attribute));
  archive time-stamps v2 / v1 (TS 101 733 v1.8.3 6.4.1, attached content);
  CAdES-X Type 1 / Type 2 time-stamps (TS 101 733 v2.2.1 6.3.5 / 6.3.6).

Usage: ltv-timestamps.py KIND FILE [MEMBER | content=PATH]
  (MEMBER: the signature's path inside the zip FILE; PATH: detached content)
Prints "match" or "mismatch: WHY"; exit 0 for match, 1 for mismatch.
"""
import hashlib
import sys
import zipfile


def tlv(b, i):
    """(tag, start of content, end of element) of the element at b[i]."""
    tag = b[i]
    n = b[i + 1]
    j = i + 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(b[j:j + k], "big")
        j += k
    return tag, j, j + n


def children(b, start, end):
    out = []
    i = start
    while i < end:
        tag, cs, ce = tlv(b, i)
        out.append((tag, i, cs, ce))
        i = ce
    return out


def oid_text(b):
    vals, v = [], 0
    for x in b:
        v = (v << 7) | (x & 0x7F)
        if not x & 0x80:
            vals.append(v)
            v = 0
    first = min(vals[0] // 40, 2)
    return ".".join(str(x) for x in [first, vals[0] - 40 * first] + vals[1:])


class SignedData:
    def __init__(self, b, start=0):
        self.b = b
        _, cs, ce = tlv(b, start)                    # ContentInfo
        kids = children(b, cs, ce)
        _, ecs, ece = tlv(b, kids[1][2])            # [0] -> SignedData
        sd = children(b, ecs, ece)
        self.eci = sd[2]
        self.certs = self.crls = None
        for k in sd[3:]:
            if k[0] == 0xA0:
                self.certs = k
            elif k[0] == 0xA1:
                self.crls = k
        self.si = children(b, sd[-1][2], sd[-1][3])[0]   # first SignerInfo
        self.fields = [f for f in children(b, self.si[2], self.si[3])
                       if f[0] != 0xA1]
        self.uattrs = []
        for f in children(b, self.si[2], self.si[3]):
            if f[0] == 0xA1:
                self.uattrs = children(b, f[2], f[3])

    def raw(self, e):
        return self.b[e[1]:e[3]]

    external = None

    def detached(self):
        return len(children(self.b, self.eci[2], self.eci[3])) < 2

    def content(self):
        if self.detached():
            return self.external
        eci = children(self.b, self.eci[2], self.eci[3])
        octs = children(self.b, eci[1][2], eci[1][3])[0]
        return self.b[octs[2]:octs[3]]

    def attr(self, a):
        """(oid text, type TLV bytes, [value TLV bytes])"""
        t, s = children(self.b, a[2], a[3])
        return (oid_text(self.b[t[2]:t[3]]), self.raw(t),
                [self.raw(v) for v in children(self.b, s[2], s[3])])

    def imprint(self):
        """messageImprint digest of this (time-stamp token) SignedData."""
        tst = self.content()
        info = children(tst, *tlv(tst, 0)[1:])
        mi = children(tst, info[2][2], info[2][3])
        return tst[mi[1][2]:mi[1][3]]


def sha(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.digest()


def uattr_of(sd, oid):
    return [a for a in sd.uattrs if sd.attr(a)[0] == oid]


def check_ats_v3(sd, form):
    a = uattr_of(sd, "0.4.0.1733.2.4")[0]
    tok_bytes = sd.attr(a)[2][0]
    tok = SignedData(tok_bytes)
    want_oid = "0.4.0.19122.1.5" if form == "en" else "0.4.0.1733.2.5"
    idx = [tok.attr(x)[2][0] for x in tok.uattrs if tok.attr(x)[0] == want_oid]
    if len(idx) != 1:
        return "no %s hash index in the token" % want_oid
    index = idx[0]
    parts = children(index, *tlv(index, 0)[1:])
    if parts[0][0] == 0x30 and len(parts) == 4:
        parts = parts[1:]
    lists = [sorted(index[e[2]:e[3]] for e in children(index, p[2], p[3]))
             for p in parts]
    certs = [sd.raw(c) for c in children(sd.b, sd.certs[2], sd.certs[3])] \
        if sd.certs else []
    crls = [sd.raw(c) for c in children(sd.b, sd.crls[2], sd.crls[3])] \
        if sd.crls else []
    attrs = []
    for u in sd.uattrs:
        if u == a:
            continue
        oid, typ, vals = sd.attr(u)
        if form == "en":
            attrs += [typ + v for v in vals]
        else:
            attrs.append(sd.raw(u))
    want = [sorted(sha(x) for x in l) for l in (certs, crls, attrs)]
    names = ("certificatesHashIndex", "crlsHashIndex", "unsigned attributes")
    for n, w, g in zip(names, want, lists):
        if w != g:
            return n + " differs from the re-computation"
    inp = sd.raw(children(sd.b, sd.eci[2], sd.eci[3])[0]) + sha(sd.content())
    inp += b"".join(sd.raw(f) for f in sd.fields) + index
    return None if sha(inp) == tok.imprint() else "imprint differs"


def check_ats_v2(sd, oid):
    a = uattr_of(sd, oid)[0]
    tok = SignedData(sd.attr(a)[2][0])
    inp = sd.raw(sd.eci)
    if sd.detached():  # v2: the external content follows
        inp += sd.content()
    for f in (sd.certs, sd.crls):
        if f:
            inp += sd.raw(f)
    inp += b"".join(sd.raw(f) for f in sd.fields)
    pre = sorted(sd.raw(u) for u in sd.uattrs if u != a)
    if pre:   # DER SET OF sorted; [1] header
        body = b"".join(pre)
        n = len(body)
        hdr = bytes([0xA1, n]) if n < 0x80 else \
            bytes([0xA1, 0x80 | ((n.bit_length() + 7) // 8)]) + \
            n.to_bytes((n.bit_length() + 7) // 8, "big")
        inp += hdr + body
    return None if sha(inp) == tok.imprint() else "imprint differs"


def check_x(sd, typ):
    oid = "1.2.840.113549.1.9.16.2.25" if typ == 1 else \
        "1.2.840.113549.1.9.16.2.26"
    tok = SignedData(sd.attr(uattr_of(sd, oid)[0])[2][0])
    inp = b""
    if typ == 1:
        sig = sd.fields[-1]
        inp += sd.b[sig[2]:sig[3]]
    wanted = (["1.2.840.113549.1.9.16.2.14"] if typ == 1 else []) + \
        ["1.2.840.113549.1.9.16.2.21", "1.2.840.113549.1.9.16.2.22"]
    for w in wanted:
        for u in uattr_of(sd, w):
            inp += sd.b[u[2]:u[3]]     # attrType and attrValues
    return None if sha(inp) == tok.imprint() else "imprint differs"


def main():
    kind, path = sys.argv[1], sys.argv[2]
    external = None
    if len(sys.argv) > 3 and sys.argv[3].startswith("content="):
        with open(sys.argv[3][8:], "rb") as f:
            external = f.read()
        with open(path, "rb") as f:
            data = f.read()
    elif len(sys.argv) > 3:
        with zipfile.ZipFile(path) as z:
            data = z.read(sys.argv[3])
    else:
        with open(path, "rb") as f:
            data = f.read()
    sd = SignedData(data)
    sd.external = external
    why = {
        "ats-v3-en": lambda: check_ats_v3(sd, "en"),
        "ats-v3-ts": lambda: check_ats_v3(sd, "ts"),
        "ats-v2": lambda: check_ats_v2(sd, "1.2.840.113549.1.9.16.2.48"),
        "ats-v1": lambda: check_ats_v2(sd, "1.2.840.113549.1.9.16.2.27"),
        "x1": lambda: check_x(sd, 1),
        "x2": lambda: check_x(sd, 2),
    }[kind]()
    print("match" if why is None else "mismatch: " + why)
    return 0 if why is None else 1


if __name__ == "__main__":
    sys.exit(main())
