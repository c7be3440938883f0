#!/usr/bin/python3
"""treetool.py: test helper for the author tests (run with Debian's python3).

  treetool.py make DIR            make the awkward test tree (fixed mtimes)
  treetool.py compare SRC OUT [--no-hardlinks] [--no-owner] [--names-only] [--skip=REL]
                                  compare an extracted tree with its source:
                                  names, bytes, modes, symlink targets, hard-link
                                  groups, modification times
  treetool.py pycdlib IMAGE SRC [--joliet] [--udf]
                                  strict pycdlib parse; the Rock Ridge (or Joliet,
                                  or UDF) tree must hold SRC's names, bytes, modes,
                                  symlinks, link counts and times
  treetool.py digests DIR [--joliet-links]
                                  sorted SHA-256 of every regular file (one per line);
                                  with --joliet-links also of symlinks to files in DIR
"""
import hashlib
import os
import stat
import sys

MTIME = 1600000000


def make(d):
    os.makedirs(d)
    def w(path, data):
        full = os.path.join(d, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
    deep = "/".join("level%02d" % i for i in range(1, 13))
    w(deep + "/bottom.txt", b"twelve levels down\n")
    for n in (1, 2, 8, 31, 64, 65, 103, 104, 150, 200):
        w("names/" + ("n" * (n - 4)) + ".txt" if n > 4 else "names/" + "abcd"[:n], b"%d\n" % n)
    w("names/with space and  two.txt", b"spaces\n")
    w("names/accents éèêë àç ñ.txt", b"accents\n")
    w("names/日本語のファイル名.txt", b"cjk\n")
    w("names/emoji 😀🎉.txt", b"emoji\n")
    w("names/semi;colon*star?.txt", b"odd\n")
    w("case/README", b"upper\n")
    w("case/readme", b"lower\n")
    w("case/ReadMe", b"mixed\n")
    w("case/a.b.c.d.tar.gz", b"dots\n")
    w("case/.hidden", b"hidden\n")
    w("sizes/empty", b"")
    for n in (1, 2047, 2048, 2049, 4096 * 3 + 7):
        w("sizes/s%d" % n, bytes((i * 7 + n) & 0xFF for i in range(n)))
    w("exec/run.sh", b"#!/bin/sh\necho hi\n")
    os.chmod(os.path.join(d, "exec/run.sh"), 0o755)
    w("exec/private", b"secret\n")
    os.chmod(os.path.join(d, "exec/private"), 0o600)
    os.makedirs(os.path.join(d, "links"))
    os.symlink("../sizes/s2049", os.path.join(d, "links/relative"))
    os.symlink("/etc/hostname", os.path.join(d, "links/absolute"))
    os.symlink("nowhere/at/all", os.path.join(d, "links/dangling"))
    os.symlink("level01", os.path.join(d, "links/to_dir"))
    os.symlink("x" * 300, os.path.join(d, "links/long_target"))
    w("hard/one", b"hard link payload\n")
    os.link(os.path.join(d, "hard/one"), os.path.join(d, "hard/two"))
    os.link(os.path.join(d, "hard/one"), os.path.join(d, "names/third link"))
    big = os.path.join(d, "many")
    os.makedirs(big)
    for i in range(2000):
        with open(os.path.join(big, "file-%04d.dat" % i), "wb") as f:
            f.write(b"%d\n" % i)
    for root, dirs, files in os.walk(d, topdown=False):
        for n in files + dirs:
            os.utime(os.path.join(root, n), (MTIME + 5, MTIME + len(n)), follow_symlinks=False)
    os.utime(d, (MTIME, MTIME))


def walk(top):
    out = {}
    for root, dirs, files in os.walk(top):
        for n in dirs + files:
            full = os.path.join(root, n)
            out[os.path.relpath(full, top)] = os.lstat(full)
    return out


def in_tree_file(src, rel):
    """A relative symlink that resolves to a regular file inside src (Joliet records it as that file)."""
    full = os.path.join(src, rel)
    if not os.path.islink(full) or os.readlink(full).startswith("/"):
        return False
    real, top = os.path.realpath(full), os.path.realpath(src)
    return real.startswith(top + "/") and os.path.isfile(real)


def digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                break
            h.update(b)
    return h.hexdigest()


def compare(src, out, opts):
    a, b = walk(src), walk(out)
    for o in opts:
        if o.startswith("--skip="):
            a.pop(o[7:], None)
            b.pop(o[7:], None)
    errs = []
    if set(a) != set(b):
        errs.append("names differ: only in source %s; only in image %s"
                    % (sorted(set(a) - set(b))[:5], sorted(set(b) - set(a))[:5]))
    groups_a, groups_b = {}, {}
    for rel in sorted(set(a) & set(b)):
        sa, sb = a[rel], b[rel]
        if stat.S_IFMT(sa.st_mode) != stat.S_IFMT(sb.st_mode):
            errs.append("%s: type %o vs %o" % (rel, sa.st_mode, sb.st_mode))
            continue
        if "--names-only" in opts:
            continue
        if not stat.S_ISLNK(sa.st_mode) and stat.S_IMODE(sa.st_mode) != stat.S_IMODE(sb.st_mode):
            errs.append("%s: mode %o vs %o" % (rel, sa.st_mode, sb.st_mode))
        if stat.S_ISREG(sa.st_mode):
            if digest(os.path.join(src, rel)) != digest(os.path.join(out, rel)):
                errs.append("%s: bytes differ" % rel)
            groups_a.setdefault((sa.st_dev, sa.st_ino), []).append(rel)
            groups_b.setdefault((sb.st_dev, sb.st_ino), []).append(rel)
        if stat.S_ISLNK(sa.st_mode):
            if os.readlink(os.path.join(src, rel)) != os.readlink(os.path.join(out, rel)):
                errs.append("%s: link target differs" % rel)
        elif "--no-times" not in opts and int(sa.st_mtime) != int(sb.st_mtime):
            errs.append("%s: mtime %d vs %d" % (rel, sa.st_mtime, sb.st_mtime))
    if "--no-hardlinks" not in opts and "--names-only" not in opts:
        ga = sorted(sorted(g) for g in groups_a.values() if len(g) > 1)
        gb = sorted(sorted(g) for g in groups_b.values() if len(g) > 1)
        if ga != gb:
            errs.append("hard-link groups differ: %s vs %s" % (ga, gb))
    for e in errs[:20]:
        print("# " + e)
    return 1 if errs else 0


def check_pycdlib(image, src, opts):
    import pycdlib
    iso = pycdlib.PyCdlib()
    iso.open(image)
    errs = []
    a = walk(src)
    if "--udf" in opts:
        kw = "udf_path"
    elif "--joliet" in opts:
        kw = "joliet_path"
    else:
        kw = "rr_path"
    seen = {}
    for root, dirs, files in iso.walk(**{kw: "/"}):
        for n in dirs + files:
            p = (root.rstrip("/") + "/" + n)
            rel = p.lstrip("/")
            if kw == "joliet_path" and rel.endswith(";1"):
                rel = rel[:-2]
            seen[rel] = p
    if kw == "rr_path":
        # Directories deeper than 8 levels are relocated (RRIP CL/PL/RE):
        # walk() shows them under rr_moved, with placeholders in their
        # parents; every source path must resolve through the CL entries.
        extra = {r for r in set(seen) - set(a) if r != "rr_moved" and not r.startswith("rr_moved/")}
        missing = []
        for rel in a:
            try:
                iso.get_record(rr_path="/" + rel)
            except Exception:
                missing.append(rel)
        if extra or missing:
            errs.append("names differ: %s / %s" % (sorted(missing)[:5], sorted(extra)[:5]))
        seen = {rel: "/" + rel for rel in a if rel not in missing}
        for rel, p in seen.items():
            rec = iso.get_record(rr_path=p)
            rr = rec.rock_ridge
            st = a[rel]
            mode = rr.get_file_mode()
            if mode != st.st_mode:
                errs.append("%s: mode %o vs %o" % (rel, mode, st.st_mode))
            if stat.S_ISLNK(st.st_mode):
                if rr.symlink_path().decode() != os.readlink(os.path.join(src, rel)):
                    errs.append("%s: symlink %r" % (rel, rr.symlink_path()))
            elif stat.S_ISREG(st.st_mode):
                import io
                buf = io.BytesIO()
                iso.get_file_from_iso_fp(buf, rr_path=p)
                with open(os.path.join(src, rel), "rb") as f:
                    if buf.getvalue() != f.read():
                        errs.append("%s: bytes differ" % rel)
                if rr.dr_entries.px_record.posix_file_links != st.st_nlink:
                    errs.append("%s: links %d vs %d" % (rel, rr.dr_entries.px_record.posix_file_links, st.st_nlink))
            tf = rr.dr_entries.tf_record
            # pycdlib 1.12 names the TF fields in the wrong order: its
            # "access_time" is bit 1, which RRIP 1.12 (and Linux) call MODIFY.
            if tf is not None and tf.access_time is not None and not stat.S_ISLNK(st.st_mode):
                t = tf.access_time
                import calendar
                secs = calendar.timegm((t.years_since_1900 + 1900, t.month, t.day_of_month, t.hour, t.minute,
                                        t.second, 0, 0, 0))
                if secs != int(st.st_mtime):
                    errs.append("%s: mtime %d vs %d" % (rel, secs, st.st_mtime))
    else:
        want = {r for r, s in a.items() if kw == "udf_path" or stat.S_ISREG(s.st_mode) or stat.S_ISDIR(s.st_mode)
                or in_tree_file(src, r)}
        if kw == "joliet_path":
            # UCS-2: characters outside the BMP become '_'.
            want = {"".join("_" if ord(ch) > 0xFFFF else ch for ch in r.translate(str.maketrans("*:;?\\", "_____")))
                    for r in want}
        short = {r for r in want if all(len(c) <= 64 for c in r.split("/"))}
        missing = sorted(short - set(seen))
        if missing:
            errs.append("missing: %s" % missing[:5])
        if len(seen) != len(want):
            errs.append("count %d vs %d" % (len(seen), len(want)))
    iso.close()
    for e in errs[:20]:
        print("# " + e)
    return 1 if errs else 0


def main():
    cmd = sys.argv[1]
    if cmd == "make":
        make(sys.argv[2])
        return 0
    if cmd == "compare":
        return compare(sys.argv[2], sys.argv[3], sys.argv[4:])
    if cmd == "pycdlib":
        return check_pycdlib(sys.argv[2], sys.argv[3], sys.argv[4:])
    if cmd == "digests":
        for root, dirs, files in os.walk(sys.argv[2]):
            pass
        ds = []
        for root, dirs, files in os.walk(sys.argv[2]):
            for n in files:
                full = os.path.join(root, n)
                rel = os.path.relpath(full, sys.argv[2])
                if os.path.isfile(full) and (not os.path.islink(full) or
                                             ("--joliet-links" in sys.argv and in_tree_file(sys.argv[2], rel))):
                    ds.append(digest(full))
        print("\n".join(sorted(ds)))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
