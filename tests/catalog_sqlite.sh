#!/bin/sh
# catalog_sqlite.sh: the catalog on its default backend, an SQLite file.
# The shared checks (tests/catalog/checks.sh: recording rips, search,
# duplicates, export, fixity with a flipped byte and a deleted file, a
# DAT, two writers at once and a SIGKILL in the middle of an add), then
# what is SQLite's own: WAL journal, PRAGMA integrity_check and
# foreign_key_check by the sqlite3 program, the default location under
# $XDG_DATA_HOME, and the schema migrations (a catalog left at version 1
# by an older discwright is brought up to date with its discs; a newer
# one is refused).
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
out="$top_builddir/samples/out"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed to read the JSON and CSV"
command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 program (package sqlite3) is needed to read the catalog"
[ -x "$vd" ] || skip_all "the virtual drive wrapper tests/vdrive/dw-vdrive is not built"
[ -f "$out/audio.ccd" ] || skip_all "samples/out is missing (make samples)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

CAT=$tmp/catalog.sqlite
sql() { sqlite3 -batch "$CAT" "$1"; }
integrity() { test "$(sqlite3 -batch "$CAT" 'PRAGMA integrity_check; PRAGMA foreign_key_check;')" = ok; }

. "$top_srcdir/tests/catalog/checks.sh"

check "the journal is WAL" test "$(sql 'PRAGMA journal_mode')" = wal
check "schema version 4, every step recorded" test "$(sql 'SELECT group_concat(version) FROM schema_version')" = 1,2,3,4

# The default location.
XDG_DATA_HOME=$tmp/xdg "$dw" -q catalog add "$rips/mixed/mixed" 2>/dev/null
check "without --catalog: \$XDG_DATA_HOME/discwright/catalog.sqlite" test -s "$tmp/xdg/discwright/catalog.sqlite"

# Migrations: a catalog an older discwright left at version 1, with a disc.
old=$tmp/old.sqlite
DW_CATALOG_SCHEMA_MAX=1 "$dw" -q catalog -C "$old" info >/dev/null
check "a catalog made at schema version 1" test "$(sqlite3 "$old" 'SELECT max(version) FROM schema_version')" = 1
sqlite3 "$old" "INSERT INTO discs (fingerprint, kind, label, base, added_at) VALUES ('ab', 'CD', 'OLD_DISC', '/old/disc', 1);
                INSERT INTO files (disc_id, name, role, size) VALUES (1, 'disc.bin', 'output', 5);"
"$dw" --json catalog -C "$old" search old_disc >"$tmp/old.json" 2>"$tmp/old.err"
ok $? "opening it migrates it"
t_mig() { test "$(sqlite3 "$old" 'SELECT max(version) FROM schema_version')" = 4 && grep -q '"base":"/old/disc"' "$tmp/old.json"; }
check "to version 4, and its disc is found by the new search index" t_mig
sqlite3 "$old" "INSERT INTO schema_version (version, applied_at) VALUES (99, 0)"
"$dw" -q catalog -C "$old" ls 2>"$tmp/new.err"
ok $([ $? -ne 0 ] && grep -q 'newer' "$tmp/new.err" && echo 0 || echo 1) "a catalog of a newer schema is refused"
done_testing
