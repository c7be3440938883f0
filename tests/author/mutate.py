#!/usr/bin/python3
"""mutate.py --dw DISCWRIGHT --work DIR --count N [--seed S] IMAGE...

The mutated-image test of the read side (tests/author_mutate.sh): takes
real images discwright authored, mutates their metadata blocks and runs
`info`, `ls` (auto and every tree), `verify --fs` and `extract` (every
tree) on each mutant under a CPU-time limit and a file-size limit.

Metadata is found by walking the valid image first: the system area
(MBR, GPT, boot code), ISO 9660 volume descriptors, path tables,
directory records of every tree, SUSP continuation areas, the El Torito
catalog; UDF descriptors (any block starting with a valid tag) and the
File Identifier Descriptors in directory data.  Everything else (file
data, boot images, the appended ESP) is left alone.  Mutations: random
byte and bit flips; directory record fields (extent, size, lengths,
flags) set to zero, huge, or past the image, or to an ancestor's extent
(a loop); SUSP entry lengths, CE pointers (onto themselves), PX modes
and CL targets; volume descriptor root records and sizes; UDF File
Entry information lengths (159 TB and more), descriptor lengths, ICB
flags, allocation descriptors (huge, outside the partition, unrecorded,
continuing onto themselves), FID ICB pointers (to an ancestor
directory), partition starts and lengths, partition maps, anchors; MBR
and GPT fields; El Torito entries.  UDF tags are recomputed (checksum and
CRC, and the enclosing File Entry's for embedded FIDs) for about two
mutants in three, so the mutation gets past the tag check; GPT CRCs
likewise.

Each command must end with a documented exit code (doc/exit-codes.md),
not by a signal (a crash, SIGXCPU past the CPU limit, SIGXFSZ past the
file-size limit), print no sanitizer report, and each extract must
write at most the image's size in bytes (distinct inodes).  Prints
"RESULT 0|1 description" lines (one per image and check) and "# ..."
diagnostics for tap.sh; the failing mutants are kept in DIR/failed/.
"""
import argparse
import os
import random
import resource
import shutil
import struct
import subprocess
import sys
import time
import zlib

EXIT_OK = {0, 1, 2, 3, 4, 5, 6, 7, 20, 21, 22, 23, 24, 130}
CPU_LIMIT = 5             # seconds of CPU per command
WALL_LIMIT = 120          # a backstop for a blocked command, not a timing assertion
SAN_MARKS = (b"AddressSanitizer", b"LeakSanitizer", b"UndefinedBehaviorSanitizer", b"runtime error:")


def le16(d, o):
    return d[o] | d[o + 1] << 8


def le32(d, o):
    return struct.unpack_from("<I", d, o)[0]


def be32(d, o):
    return struct.unpack_from(">I", d, o)[0]


CRC_TABLE = []
for _i in range(256):
    _c = _i << 8
    for _ in range(8):
        _c = ((_c << 1) ^ 0x1021) if _c & 0x8000 else (_c << 1)
    CRC_TABLE.append(_c & 0xFFFF)


def crc_ccitt(b):
    crc = 0
    for x in b:
        crc = ((crc << 8) & 0xFFFF) ^ CRC_TABLE[((crc >> 8) ^ x) & 0xFF]
    return crc


UDF_IDS = set(range(1, 10)) | set(range(256, 267))


def tag_valid(d, o):
    if o + 16 > len(d) or le16(d, o) not in UDF_IDS:
        return False
    s = sum(d[o:o + 4]) + sum(d[o + 5:o + 16])
    return s & 0xFF == d[o + 4] and le16(d, o + 2) in (2, 3)


def fix_tag(d, o, crc=True):
    if crc:
        n = le16(d, o + 10)
        end = min(o + 16 + n, len(d))
        c = crc_ccitt(bytes(d[o + 16:end]))
        d[o + 8] = c & 0xFF
        d[o + 9] = c >> 8
    d[o + 4] = 0
    d[o + 4] = (sum(d[o:o + 16])) & 0xFF


class Image:
    """The structures of one valid image, found before mutating it."""

    def __init__(self, path):
        self.path = path
        self.d = bytes(open(path, "rb").read())
        self.blocks = len(self.d) // 2048
        self.meta = set(range(0, min(16, self.blocks)))
        self.records = []        # (offset, dir extent, is_dir)
        self.susp = []           # (offset of entry, signature)
        self.dir_extents = []    # (extent, size)
        self.vd_roots = []       # offsets of root records in volume descriptors
        self.vds = []
        self.catalog = None
        self.data = set()
        self.udf_tags = []       # (offset, id)
        self.fids = []           # offsets
        self.dir_fe_lbns = []
        self.gpt = None
        self.iso()
        self.udf()
        self.system_area()
        self.meta -= self.data

    def iso(self):
        d = self.d
        roots = []
        for b in range(16, min(self.blocks, 16 + 64)):
            o = b * 2048
            if d[o + 1:o + 6] != b"CD001":
                if d[o + 1:o + 6] in (b"BEA01", b"NSR02", b"NSR03", b"TEA01"):
                    self.meta.add(b)
                    continue
                break
            self.meta.add(b)
            self.vds.append(o)
            t = d[o]
            if t == 255:
                continue
            if t in (1, 2):
                roots.append((le32(d, o + 158), le32(d, o + 166)))
                self.vd_roots.append(o + 156)
                size = le32(d, o + 132)
                for loc in (le32(d, o + 140), be32(d, o + 148)):
                    for k in range((size + 2047) // 2048):
                        if loc + k < self.blocks:
                            self.meta.add(loc + k)
            if t == 0 and d[o + 7:o + 30].rstrip(b"\0").startswith(b"EL TORITO"):
                self.catalog = le32(d, o + 71)
                if self.catalog < self.blocks:
                    self.meta.add(self.catalog)
        seen = set()
        todo = list(roots)
        while todo:
            ext, size = todo.pop()
            if ext in seen or ext >= self.blocks or size > 1 << 24:
                continue
            seen.add(ext)
            self.dir_extents.append((ext, size))
            nb = (size + 2047) // 2048
            for k in range(nb):
                if ext + k >= self.blocks:
                    break
                self.meta.add(ext + k)
                base = (ext + k) * 2048
                pos = 0
                while pos + 34 <= 2048:
                    rl = d[base + pos]
                    if rl < 34 or pos + rl > 2048:
                        break
                    r = base + pos
                    idl = d[r + 32]
                    flags = d[r + 25]
                    is_dir = bool(flags & 2)
                    self.records.append((r, ext, is_dir))
                    dot = idl == 1 and d[r + 33] in (0, 1)
                    if is_dir and not dot:
                        todo.append((le32(d, r + 2), le32(d, r + 10)))
                    elif not is_dir:
                        e, s = le32(d, r + 2), le32(d, r + 10)
                        for q in range((s + 2047) // 2048):
                            self.data.add(e + q)
                    su = 33 + idl + (0 if idl & 1 else 1)
                    self.scan_susp(r + su, rl - su)
                    pos += rl

    def scan_susp(self, o, n, depth=0):
        d = self.d
        i = 0
        while i + 4 <= n:
            sig, ln = bytes(d[o + i:o + i + 2]), d[o + i + 2]
            if ln < 4 or i + ln > n or not sig.isalpha():
                break
            self.susp.append((o + i, sig))
            if sig == b"CE" and ln >= 28 and depth < 8:
                blk, off, cl = le32(d, o + i + 4), le32(d, o + i + 12), le32(d, o + i + 20)
                if blk < self.blocks and off + cl <= 2048:
                    self.meta.add(blk)
                    self.scan_susp(blk * 2048 + off, cl, depth + 1)
            if sig == b"ST":
                break
            i += ln

    def udf(self):
        d = self.d
        for b in range(self.blocks):
            o = b * 2048
            if b in self.data:
                continue
            if tag_valid(d, o):
                tid = le16(d, o)
                self.udf_tags.append((o, tid))
                self.meta.add(b)
                if tid in (261, 266) and d[o + 27] == 4:
                    self.dir_fe_lbns.append(le32(d, o + 12))
        # FIDs: in directory data blocks and embedded in File Entries.
        for b in sorted(self.meta):
            o = b * 2048
            for p in range(0, 2048 - 38, 4):
                if d[o + p] == 1 and d[o + p + 1] == 1 and tag_valid(d, o + p):
                    self.fids.append(o + p)
        for o in self.fids:
            self.meta.add(o // 2048)

    def system_area(self):
        d = self.d
        if d[512:520] == b"EFI PART":
            self.gpt = 512
            # The backup header and array at the end.
            for b in range(max(0, self.blocks - 16), self.blocks):
                self.meta.add(b)


def pick(rng, seq):
    return seq[rng.randrange(len(seq))]


class Mutator:
    def __init__(self, img, rng):
        self.img = img
        self.rng = rng

    def put32(self, d, o, v, both=False):
        if o + 4 > len(d):
            return
        struct.pack_into("<I", d, o, v & 0xFFFFFFFF)
        if both and o + 8 <= len(d):
            struct.pack_into(">I", d, o + 4, v & 0xFFFFFFFF)

    def huge32(self):
        img = self.img
        return pick(self.rng, [0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, img.blocks, img.blocks - 1, img.blocks + 1,
                               img.blocks * 2048, self.rng.getrandbits(32), self.rng.randrange(max(img.blocks, 1))])

    def flip(self, d):
        """Random bytes or bits of one metadata block."""
        b = pick(self.rng, sorted(self.img.meta))
        o = b * 2048
        for _ in range(self.rng.randint(1, 8)):
            p = o + self.rng.randrange(2048)
            if self.rng.random() < 0.5:
                d[p] ^= 1 << self.rng.randrange(8)
            else:
                d[p] = self.rng.randrange(256)
        return "flip block %d" % b, [o]

    def iso_record(self, d):
        img, rng = self.img, self.rng
        r, ext, is_dir = pick(rng, img.records)
        f = rng.randrange(8)
        both = rng.random() < 0.7
        if f == 0:
            self.put32(d, r + 2, self.huge32(), both)
            what = "extent"
        elif f == 1:
            self.put32(d, r + 10, pick(rng, [0, 1, 0xFFFFFFFF, 0x7FFFF800, img.blocks * 2048, 0x10000000,
                                           rng.getrandbits(32)]), both)
            what = "size"
        elif f == 2:
            d[r] = pick(rng, [0, 1, 33, 34, 255, rng.randrange(256)])
            what = "record length"
        elif f == 3:
            d[r + 32] = pick(rng, [0, 255, rng.randrange(256)])
            what = "name length"
        elif f == 4:
            d[r + 25] ^= pick(rng, [0x02, 0x80, 0x04, 0x01])
            what = "flags"
        else:
            # A loop: this record (made a directory) points at an ancestor's or its own directory extent.
            e, s = pick(rng, img.dir_extents)
            if rng.random() < 0.5:
                e, s = ext, pick(rng, [s, 2048])
            self.put32(d, r + 2, e, True)
            self.put32(d, r + 10, s, True)
            d[r + 25] |= 0x02
            what = "loop to directory %d" % e
        return "ISO record at %d: %s" % (r, what), []

    def susp(self, d):
        img, rng = self.img, self.rng
        o, sig = pick(rng, img.susp)
        f = rng.randrange(4)
        if f == 0 or sig not in (b"CE", b"PX", b"CL", b"NM", b"SL", b"TF"):
            d[o + 2] = pick(rng, [0, 1, 3, 4, 5, 255, rng.randrange(256)])
            return "SUSP %s length" % sig.decode("latin-1"), []
        if sig == b"CE":
            g = rng.randrange(3)
            if g == 0:
                self.put32(d, o + 4, pick(rng, [o // 2048, 0xFFFFFFFF, img.blocks, self.huge32()]), True)
                self.put32(d, o + 12, o % 2048, True)     # with the block: onto itself
            elif g == 1:
                self.put32(d, o + 12, pick(rng, [2047, 2048, 0xFFFFFFFF]), True)
            else:
                self.put32(d, o + 20, pick(rng, [0, 2048, 0xFFFFFFFF, rng.getrandbits(16)]), True)
        elif sig == b"PX":
            self.put32(d, o + 4, pick(rng, [0o40755, 0o120777, 0o100644, 0o20644, 0, 0xFFFFFFFF]), True)
        elif sig == b"CL":
            self.put32(d, o + 4, pick(rng, [e for e, _ in img.dir_extents] + [0xFFFFFFFF, img.blocks]), True)
        elif sig in (b"NM", b"SL"):
            d[o + 4] = pick(rng, [0x01, 0x02, 0x04, 0xFF])
            if sig == b"SL" and d[o + 2] > 6:
                d[o + 6] = pick(rng, [0, 255, d[o + 2]])
        else:
            d[o + 4] = pick(rng, [0xFF, 0x80, 0x7F])
        return "SUSP %s field" % sig.decode("latin-1"), []

    def vd(self, d):
        img, rng = self.img, self.rng
        o = pick(rng, img.vds)
        f = rng.randrange(4)
        if f == 0 and img.vd_roots:
            r = pick(rng, img.vd_roots)
            self.put32(d, r + 2 if rng.random() < 0.5 else r + 10, self.huge32(), rng.random() < 0.7)
            return "volume descriptor root record", []
        if f == 1:
            self.put32(d, o + 80, self.huge32(), True)
            return "volume space size", []
        if f == 2:
            self.put32(d, o + 132, self.huge32(), True)
            self.put32(d, o + 140, self.huge32())
            return "path table", []
        if img.catalog is not None:
            c = img.catalog * 2048
            g = rng.randrange(3)
            if g == 0:
                self.put32(d, c + 32 + 8, self.huge32())
            elif g == 1:
                struct.pack_into("<H", d, c + 32 + 6, pick(rng, [0, 0xFFFF, rng.getrandbits(16)]))
            else:
                self.put32(d, img.vds[0] + 71 if d[img.vds[0]] == 0 else o + 71, self.huge32())
            return "El Torito", []
        return self.flip(d)

    def udf(self, d):
        img, rng = self.img, self.rng
        choices = img.udf_tags + [(o, 257) for o in img.fids]
        o, tid = pick(rng, choices)
        what = "UDF tag %d at %d" % (tid, o)
        H = self.huge32
        if tid in (261, 266):
            efe = tid == 266
            base = 216 if efe else 176
            lea = le32(d, o + (208 if efe else 168))
            f = rng.randrange(8)
            if f == 0:
                struct.pack_into("<Q", d, o + 56, pick(rng, [159 << 40, (1 << 64) - 1, 0, 1, img.blocks * 2048 + 1,
                                                             1 << 32, rng.getrandbits(64)]))
                what += " information length"
            elif f == 1:
                self.put32(d, o + (212 if efe else 172), pick(rng, [0xFFFFFFFF, 2048, 0, 8, 16, H()]))
                what += " AD length"
            elif f == 2:
                self.put32(d, o + (208 if efe else 168), pick(rng, [0xFFFFFFFF, 2048, 4, H()]))
                what += " EA length"
            elif f == 3:
                flags = le16(d, o + 34)
                struct.pack_into("<H", d, o + 34, (flags & ~7) | rng.randrange(8))
                what += " AD type"
            elif f == 4:
                d[o + 27] = pick(rng, [4, 5, 12, 0, 250, 251, 6, rng.randrange(256)])
                what += " file type"
            else:
                a = o + base + (lea if lea < 1800 else 0)
                if a + 8 <= o + 2048:
                    g = rng.randrange(4)
                    if g == 0:
                        self.put32(d, a, pick(rng, [0x3FFFFFFF, 0x7FFFFFFF, 0xBFFFFFFF, 0xC0000800, 0x40000000 | 2048,
                                                    H()]))
                    elif g == 1:
                        self.put32(d, a + 4, pick(rng, [0xFFFFFFFF, img.blocks, le32(d, o + 12), H()]))
                    elif g == 2:
                        # continue onto itself: next extent of allocation descriptors
                        self.put32(d, a, 0xC0000000 | 2048)
                        self.put32(d, a + 4, le32(d, o + 12))
                    else:
                        struct.pack_into("<H", d, a + 8, pick(rng, [1, 2, 0xFFFF]))
                what += " allocation descriptor"
        elif tid == 257:
            f = rng.randrange(6)
            if f <= 1 and img.dir_fe_lbns:
                self.put32(d, o + 24, pick(rng, img.dir_fe_lbns))     # an ancestor (or itself): a loop
                d[o + 18] |= 0x02
                what += " ICB -> directory"
            elif f == 2:
                self.put32(d, o + 24, pick(rng, [0xFFFFFFFF, img.blocks, H()]))
                what += " ICB"
            elif f == 3:
                struct.pack_into("<H", d, o + 28, pick(rng, [1, 2, 0xFFFF]))
                what += " partition"
            elif f == 4:
                d[o + 19] = pick(rng, [0, 1, 255])
                what += " name length"
            else:
                struct.pack_into("<H", d, o + 36, pick(rng, [0xFFFF, 2000, 4]))
                what += " implementation use length"
        elif tid == 258:
            self.put32(d, o + 20, pick(rng, [0xFFFFFFFF, 2048, 0, H()]))
            what += " AED length"
        elif tid == 5:
            self.put32(d, o + pick(rng, [188, 192]), pick(rng, [0xFFFFFFFF, img.blocks, img.blocks - 1, 0, H()]))
            what += " partition start/length"
        elif tid == 6:
            f = rng.randrange(5)
            if f == 0:
                self.put32(d, o + 212, pick(rng, [512, 4096, 0]))
            elif f == 1:
                self.put32(d, o + 264, pick(rng, [0xFFFFFFFF, 2048, 0]))
            elif f == 2:
                self.put32(d, o + 268, pick(rng, [0xFFFFFFFF, 0, 2, 8]))
            elif f == 3:
                self.put32(d, o + 252, pick(rng, [0xFFFFFFFF, H()]))
            else:
                p = o + 440 + rng.randrange(64)
                d[p] = rng.randrange(256)
            what += " logical volume"
        elif tid == 2:
            self.put32(d, o + pick(rng, [16, 20, 24, 28]), pick(rng, [0xFFFFFFFF, 0, 2048 * 100000, H()]))
            what += " anchor"
        elif tid == 256:
            self.put32(d, o + 404, pick(rng, [0xFFFFFFFF, le32(d, o + 12), H()]))
            what += " root ICB"
        else:
            p = o + 16 + rng.randrange(2032)
            d[p] = rng.randrange(256)
            what += " body byte"
        return what, [o]

    def gpt(self, d):
        img, rng = self.img, self.rng
        if img.gpt is None:
            o = 446 + 16 * rng.randrange(4)
            self.put32(d, o + pick(rng, [8, 12]), self.huge32())
            return "MBR partition", []
        h = img.gpt
        f = rng.randrange(4)
        if f == 0:
            self.put32(d, h + pick(rng, [12, 80, 84]), pick(rng, [0, 1, 0xFFFFFFFF, 128, 4096, self.huge32()]))
        elif f == 1:
            struct.pack_into("<Q", d, h + pick(rng, [24, 32, 40, 48, 72]),
                             pick(rng, [0, (1 << 64) - 1, img.blocks * 4, rng.getrandbits(64)]))
        else:
            # a partition entry's first / last LBA
            ent = le32(d, h + 72) * 512 + 128 * rng.randrange(4)
            if ent + 48 <= len(d):
                struct.pack_into("<Q", d, ent + pick(rng, [32, 40]), pick(rng, [0, (1 << 64) - 1, 1 << 40]))
        if rng.random() < 0.6:      # CRCs recomputed: the mutation gets past them
            hs = le32(d, h + 12)
            n, es, loc = le32(d, h + 80), le32(d, h + 84), le32(d, h + 72)
            if n * es <= 1 << 16 and loc * 512 + n * es <= len(d):
                struct.pack_into("<I", d, h + 88, zlib.crc32(bytes(d[loc * 512:loc * 512 + n * es])))
            if 92 <= hs <= 512:
                struct.pack_into("<I", d, h + 16, 0)
                struct.pack_into("<I", d, h + 16, zlib.crc32(bytes(d[h:h + hs])))
        return "GPT", []

    def mutate(self):
        """A mutant: (bytes, description)."""
        img, rng = self.img, self.rng
        d = bytearray(img.d)
        kinds = [(self.flip, 3)]
        if img.records:
            kinds += [(self.iso_record, 4), (self.vd, 1)]
        if img.susp:
            kinds += [(self.susp, 2)]
        if img.udf_tags:
            kinds += [(self.udf, 6)]
        if img.gpt is not None or img.catalog is not None:
            kinds += [(self.gpt, 1)]
        total = sum(w for _, w in kinds)
        x = rng.randrange(total)
        for k, w in kinds:
            if x < w:
                break
            x -= w
        descs = []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            desc, tags = k(d)
            # UDF tags touched: recompute them for most mutants so the mutation gets past the tag check.
            if tags and rng.random() < 0.67:
                for t in tags:
                    blk = t - t % 2048
                    inner = [f for f in img.fids if blk <= f < blk + 2048]
                    for f in inner:
                        fix_tag(d, f)
                    if tag_valid(img.d, blk) and (blk not in inner):
                        fix_tag(d, blk, crc=rng.random() < 0.9)
                desc += " (tags fixed)"
            descs.append(desc)
        return d, "; ".join(descs)


def limits(image_size):
    def f():
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (image_size, image_size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return f


def tree_bytes(top):
    """Bytes of the regular files below top, each inode once."""
    seen, total = set(), 0
    for dp, dn, fn in os.walk(top):
        for n in fn + dn:
            st = os.lstat(os.path.join(dp, n))
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            if not os.path.isdir(os.path.join(dp, n)) and not os.path.islink(os.path.join(dp, n)):
                total += st.st_size
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dw", required=True)
    ap.add_argument("--lib", default="")
    ap.add_argument("--work", required=True)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("images", nargs="+")
    a = ap.parse_args()
    env = dict(os.environ)
    if a.lib:
        env["LD_LIBRARY_PATH"] = a.lib + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    rng = random.Random(a.seed)
    failed_dir = os.path.join(a.work, "failed")
    os.makedirs(failed_dir, exist_ok=True)  # (creates the work folder too)
    per = max(1, a.count // len(a.images))
    stats = {"runs": 0, "max_wall": 0.0, "max_cpu": 0.0, "codes": {}, "mutants": 0, "seen": 0}
    for path in a.images:
        img = Image(path)
        name = os.path.basename(path)
        mut = Mutator(img, rng)
        size = len(img.d)
        bad = {"exit": [], "sanitizer": [], "bytes": [], "outside": []}
        mpath = os.path.join(a.work, "m-" + name)
        print("# %s: %d blocks, %d metadata blocks, %d ISO records, %d SUSP entries, %d UDF descriptors, %d FIDs" %
              (name, img.blocks, len(img.meta), len(img.records), len(img.susp), len(img.udf_tags), len(img.fids)),
              flush=True)
        for i in range(per):
            data, desc = mut.mutate()
            with open(mpath, "wb") as f:
                f.write(data)
            cmds = [["info", mpath], ["ls", mpath]]
            cmds += [["ls", "--tree", t, mpath] for t in ("iso", "joliet", "rr", "udf")]
            cmds += [["verify", "--fs", mpath]]
            cmds += [["extract", mpath, "--tree", t, "-o", os.path.join(a.work, "x-" + t)]
                     for t in ("iso", "joliet", "rr", "udf")]
            stats["mutants"] += 1
            for c in cmds:
                if c[0] == "extract":
                    shutil.rmtree(c[-1], ignore_errors=True)
                t0 = time.monotonic()
                r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                try:
                    p = subprocess.run([a.dw] + c, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, env=env, preexec_fn=limits(size), timeout=WALL_LIMIT)
                    rc, err = p.returncode, p.stderr
                except subprocess.TimeoutExpired as e:
                    rc, err = "timeout", e.stderr or b""
                r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                wall = time.monotonic() - t0
                cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
                stats["runs"] += 1
                stats["max_wall"] = max(stats["max_wall"], wall)
                stats["max_cpu"] = max(stats["max_cpu"], cpu)
                stats["codes"][rc] = stats["codes"].get(rc, 0) + 1
                if c[0] == "verify" and rc != 0:
                    stats["seen"] += 1
                tag = "%s #%d (%s): %s" % (name, i, desc, " ".join(c[:-2] if c[0] == "extract" else c[:-1]))
                problem = None
                if rc not in EXIT_OK:
                    bad["exit"].append(tag + " -> %s" % rc)
                    problem = "exit"
                if any(m in err for m in SAN_MARKS):
                    bad["sanitizer"].append(tag)
                    problem = "sanitizer"
                if c[0] == "extract" and os.path.isdir(c[-1]):
                    n = tree_bytes(c[-1])
                    if n > size:
                        bad["bytes"].append(tag + " wrote %d bytes (image %d)" % (n, size))
                        problem = "bytes"
                    shutil.rmtree(c[-1], ignore_errors=True)
                if problem:
                    keep = os.path.join(failed_dir, "%s-%d.iso" % (name, i))
                    if not os.path.exists(keep):
                        shutil.copyfile(mpath, keep)
                    for line in err.decode("utf-8", "replace").splitlines()[-15:]:
                        print("#   " + line)
            extra = sorted(set(os.listdir(a.work)) - {"failed", os.path.basename(mpath)} -
                           {n for n in os.listdir(a.work) if n.endswith(".iso") or n.startswith("x-")})
            if extra:
                bad["outside"].append("%s #%d (%s): %s" % (name, i, desc, extra))
        os.unlink(mpath)
        for k, what in (("exit", "every command ended with a documented exit code (no crash, no limit hit)"),
                        ("sanitizer", "no sanitizer report"),
                        ("bytes", "no extract wrote more bytes than the image holds"),
                        ("outside", "nothing written outside the extract destinations")):
            for line in bad[k][:10]:
                print("# " + line)
            print("RESULT %d %s: %d mutants, %s" % (1 if bad[k] else 0, name, per, what), flush=True)
    codes = ", ".join("%s: %d" % (k, v) for k, v in sorted(stats["codes"].items(), key=lambda kv: str(kv[0])))
    print("# %d mutants (%d of them damaged as verify --fs sees it), %d commands; exit codes %s; longest %.2f s "
          "wall, %.2f s CPU" % (stats["mutants"], stats["seen"], stats["runs"], codes, stats["max_wall"],
                                stats["max_cpu"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
