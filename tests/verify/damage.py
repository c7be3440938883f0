#!/usr/bin/env python3
"""damage.py WHAT IMAGE: damage one structure of an ISO 9660 / UDF image
in place and print where (the LBA, and a path where there is one):
  dirrec   the length byte of the root directory's third record -> 0xF0
           (prints the root's block and that record's path)
  extent   the extent of the first file record in the root -> past the end
  udfcrc   one body byte of the first UDF file entry (tag 261) after 257
  noanchor zero the anchor at sector 256
  meta250  one body byte of the UDF 2.50 metadata file's EFE (type 250)
  metafile one body byte of the first regular file's EFE inside the
           UDF 2.50 metadata partition (read through the metadata file)
  mirror   the UDF 2.50 mirror file's first extent moved one block on
           (tag CRC fixed), so that main and mirror differ (prints the
           metadata block where they first differ: 0)
  metaloc  the tag location of the first regular file's EFE in the
           metadata partition -> its absolute sector (checksum fixed):
           the mistake of a writer that forgets tags there are
           metadata-relative (prints that sector)
  aedloop  the continuation of the first AED (in the metadata partition)
           that has one -> the AED itself, CRC fixed (prints its block)
  countaed print how many allocation extent descriptors (tag 258, good
           checksum) and directories with embedded data (EFE, file type 4,
           ICB allocation type 3) the UDF 2.50 metadata partition holds
           (no damage)
  rrce     the length of the first SUSP entry in the continuation area
           of the first file record in the root that has a CE entry
           -> 0xFF (prints the area's block and the record's path)
  cepast   that CE entry -> past the volume (prints the directory's
           block and the record's path)
  celoop   a CE entry written at the start of that continuation area,
           pointing to the area itself (prints the area's block and the
           record's path)"""
import struct, sys

what, path = sys.argv[1:3]
f = open(path, "r+b")
def sector(n):
    f.seek(n * 2048)
    return bytearray(f.read(2048))
def put(n, data):
    f.seek(n * 2048)
    f.write(data)
pvd = sector(16)
vol = struct.unpack_from("<I", pvd, 80)[0]
root = struct.unpack_from("<I", pvd, 156 + 2)[0]
if what in ("dirrec", "extent"):
    s = sector(root)
    pos, idx = 0, 0
    while s[pos]:
        idx += 1
        ln, flags, nl = s[pos], s[pos + 25], s[pos + 32]
        if what == "dirrec" and idx == 3:
            s[pos] = 0xF0
            put(root, s)
            print(root, "/" + bytes(s[pos + 33:pos + 33 + nl]).decode("latin-1"))
            break
        if what == "extent" and idx > 2 and not flags & 2:
            name = bytes(s[pos + 33:pos + 33 + nl]).decode()
            struct.pack_into("<I", s, pos + 2, vol + 100)
            struct.pack_into(">I", s, pos + 6, vol + 100)
            put(root, s)
            print(vol + 100, "/" + name)
            break
        pos += ln
elif what == "udfcrc":
    for n in range(257, vol):
        s = sector(n)
        if struct.unpack_from("<H", s, 0)[0] == 261:
            s[100] ^= 0xFF
            put(n, s)
            print(n)
            break
elif what in ("meta250", "metafile", "countaed", "mirror", "metaloc", "aedloop"):
    a = sector(256)
    vds = struct.unpack_from("<I", a, 20)[0]
    pstart = meta = None
    for n in range(vds, vds + 16):
        s = sector(n)
        tid = struct.unpack_from("<H", s, 0)[0]
        if tid == 5:
            pstart = struct.unpack_from("<I", s, 188)[0]
        elif tid == 6:
            mtl, nmaps = struct.unpack_from("<II", s, 264)
            off = 440
            for k in range(nmaps):
                if s[off] == 2 and s[off + 5:off + 28] == b"*UDF Metadata Partition":
                    meta, mirror = struct.unpack_from("<II", s, off + 40)
                off += s[off + 1]
        elif tid == 8:
            break
    mfe = pstart + meta
    if what == "meta250":
        s = sector(mfe)
        s[100] ^= 0xFF
        put(mfe, s)
        print(mfe)
        sys.exit(0)
    if what == "mirror":
        import binascii
        m = pstart + mirror
        s = sector(m)
        lea = struct.unpack_from("<I", s, 208)[0]
        struct.pack_into("<I", s, 216 + lea + 4, struct.unpack_from("<I", s, 216 + lea + 4)[0] + 1)
        crclen = struct.unpack_from("<H", s, 10)[0]
        struct.pack_into("<H", s, 8, binascii.crc_hqx(bytes(s[16:16 + crclen]), 0))
        s[4] = (sum(s[0:4]) + sum(s[5:16])) & 0xFF
        put(m, s)
        print(0)
        sys.exit(0)
    # The metadata file's extents (short_ads in the physical partition).
    s = sector(mfe)
    size = struct.unpack_from("<Q", s, 56)[0]
    lea, lad = struct.unpack_from("<II", s, 208)
    runs = []
    for p in range(216 + lea, 216 + lea + lad, 8):
        ln, pos = struct.unpack_from("<II", s, p)
        if ln == 0:
            break
        runs += [pstart + pos + i for i in range(((ln & 0x3FFFFFFF) + 2047) // 2048)]
    naed = nemb = 0
    for blk in runs[:size // 2048]:
        s = sector(blk)
        tid = struct.unpack_from("<H", s, 0)[0]
        if (sum(s[0:4]) + sum(s[5:16])) & 0xFF != s[4]:
            continue
        if tid == 258:
            naed += 1
        if tid == 266 and s[27] == 4 and s[34] & 7 == 3:
            nemb += 1
        if what == "aedloop" and tid == 258:
            import binascii
            ll = struct.unpack_from("<I", s, 20)[0]
            for p in range(24, 24 + ll, 16):
                if struct.unpack_from("<I", s, p)[0] >> 30 == 3:
                    s[p + 4:p + 8] = s[12:16]
                    crclen = struct.unpack_from("<H", s, 10)[0]
                    struct.pack_into("<H", s, 8, binascii.crc_hqx(bytes(s[16:16 + crclen]), 0))
                    s[4] = (sum(s[0:4]) + sum(s[5:16])) & 0xFF
                    put(blk, s)
                    print(blk)
                    sys.exit(0)
        if what == "metaloc" and tid == 266 and s[27] == 5:
            struct.pack_into("<I", s, 12, blk)
            s[4] = (sum(s[0:4]) + sum(s[5:16])) & 0xFF
            put(blk, s)
            print(blk)
            break
        if what == "metafile" and tid == 266 and s[27] == 5:
            s[100] ^= 0xFF
            put(blk, s)
            print(blk)
            break
    if what == "countaed":
        print(naed, nemb)
elif what in ("rrce", "cepast", "celoop"):
    # Walk the root directory's records for a CE entry.
    s = sector(root)
    pos = 0
    while pos < 2048 and s[pos]:
        ln, nl = s[pos], s[pos + 32]
        name = "/" + bytes(s[pos + 33:pos + 33 + nl]).decode("latin-1")
        su = pos + 33 + nl + (0 if nl & 1 else 1)
        e = su
        while nl > 1 and e + 4 <= pos + ln:
            if s[e:e + 2] == b"CE":
                if what == "cepast":
                    struct.pack_into("<I", s, e + 4, vol + 50)
                    struct.pack_into(">I", s, e + 8, vol + 50)
                    put(root, s)
                    print(root, name)
                else:
                    loc, off = struct.unpack_from("<I", s, e + 4)[0], struct.unpack_from("<I", s, e + 12)[0]
                    c = sector(loc)
                    if what == "celoop":
                        ce = b"CE\x1c\x01" + b"".join(struct.pack("<I", v) + struct.pack(">I", v)
                                                      for v in (loc, off, 28))
                        c[off:off + 32] = ce + b"ST\x04\x01"
                    else:
                        c[off + 2] = 0xFF
                    put(loc, c)
                    print(loc, name)
                sys.exit(0)
            if s[e + 2] < 4:
                break
            e += s[e + 2]
        pos += ln
    sys.exit("no CE entry in the root directory")
elif what == "noanchor":
    put(256, bytearray(2048))
    print(256)
