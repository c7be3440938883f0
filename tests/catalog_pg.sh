#!/bin/sh
# catalog_pg.sh: the catalog on PostgreSQL, through libpq.  A real
# server is started for the test in a temporary folder (initdb, pg_ctl;
# Unix socket in that folder, no TCP at all, trust authentication) and
# stopped at the end.  Then the shared checks (tests/catalog/checks.sh)
# run against postgresql:///dwtest?host=SOCKETDIR, with psql reading the
# database and pg_amcheck (heap and every index) judging its integrity
# after the SIGKILL; and the migrations as for SQLite.  initdb refuses
# to run as root: as root the server runs as the postgres user (or
# nobody) through runuser/setpriv.  Skips (77) with the reason when the
# PostgreSQL programs or libpq support are missing.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
out="$top_builddir/samples/out"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed to read the JSON and CSV"
[ -x "$vd" ] || skip_all "the virtual drive wrapper tests/vdrive/dw-vdrive is not built"
[ -f "$out/audio.ccd" ] || skip_all "samples/out is missing (make samples)"
pgbin=
for d in "${PG_BINDIR:-}" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/psql" ] && { pgbin=$d; break; }
done
[ -z "$pgbin" ] && command -v initdb >/dev/null 2>&1 && pgbin=$(dirname "$(command -v initdb)")
[ -n "$pgbin" ] || skip_all "PostgreSQL server programs (initdb, pg_ctl, psql; package postgresql) not found"
"$dw" -q catalog -C "postgresql:///x?host=/nonexistent" info 2>&1 | grep -q "without PostgreSQL" &&
    skip_all "discwright was built without PostgreSQL support (libpq)"

tmp=$(mktemp -d) || exit 1
chmod 755 "$tmp"
pg=$tmp/pg
mkdir "$pg"
run=
if [ "$(id -u)" = 0 ]; then
    user=
    for u in postgres nobody; do id "$u" >/dev/null 2>&1 && { user=$u; break; }; done
    [ -n "$user" ] || { rm -rf "$tmp"; skip_all "running as root and no unprivileged user (postgres, nobody) for initdb"; }
    chown "$user" "$pg"
    if command -v runuser >/dev/null 2>&1; then
        run="runuser -u $user --"
    elif command -v setpriv >/dev/null 2>&1; then
        run="setpriv --reuid=$user --regid=$(id -g "$user") --clear-groups"
    else
        rm -rf "$tmp"
        skip_all "running as root without runuser or setpriv to start PostgreSQL as another user"
    fi
fi
stop() {
    $run "$pgbin/pg_ctl" -D "$pg/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$tmp"
}
trap stop EXIT
if ! $run "$pgbin/initdb" -D "$pg/data" -A trust -U dw -E UTF8 --locale=C --no-sync >"$tmp/initdb.log" 2>&1; then
    cat "$tmp/initdb.log" >&2
    skip_all "initdb failed (see above)"
fi
if ! $run "$pgbin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -t 120 \
    -o "-k $pg -c listen_addresses='' -c fsync=off -c max_connections=40" start >/dev/null 2>&1; then
    cat "$pg/server.log" >&2
    echo "Bail out! the PostgreSQL server did not start"
    exit 1
fi
psql() { "$pgbin/psql" -h "$pg" -U dw -X -q -At -F '|' "$@"; }
psql -d postgres -c "CREATE DATABASE dwtest" || { echo "Bail out! CREATE DATABASE failed"; exit 1; }
CAT="postgresql:///dwtest?host=$pg&user=dw"
sql() { psql -d dwtest -c "$1"; }
integrity() {
    [ -x "$pgbin/pg_amcheck" ] || return 0
    "$pgbin/pg_amcheck" -h "$pg" -U dw -d dwtest --install-missing --heapallindexed >"$tmp/amcheck.log" 2>&1
}

. "$top_srcdir/tests/catalog/checks.sh"

check "schema version 4, every step recorded" test "$(sql 'SELECT string_agg(version::text, $$,$$ ORDER BY version) FROM schema_version')" = 1,2,3,4

# Migrations on PostgreSQL.
psql -d postgres -c "CREATE DATABASE dwold"
OLD="postgresql:///dwold?host=$pg&user=dw"
DW_CATALOG_SCHEMA_MAX=1 "$dw" -q catalog -C "$OLD" info >/dev/null
check "a catalog made at schema version 1" test "$(psql -d dwold -c 'SELECT max(version) FROM schema_version')" = 1
psql -d dwold -c "INSERT INTO discs (fingerprint, kind, label, base, added_at) VALUES ('ab', 'CD', 'OLD_DISC', '/old/disc', 1);
                  INSERT INTO files (disc_id, name, role, size) VALUES (1, 'disc.bin', 'output', 5);"
"$dw" --json catalog -C "$OLD" search old_disc >"$tmp/old.json" 2>"$tmp/old.err"
ok $? "opening it migrates it"
t_mig() { test "$(psql -d dwold -c 'SELECT max(version) FROM schema_version')" = 4 && grep -q '"base":"/old/disc"' "$tmp/old.json"; }
check "to version 4, and its disc is found by the new search index" t_mig
psql -d dwold -c "INSERT INTO schema_version (version, applied_at) VALUES (99, 0)"
"$dw" -q catalog -C "$OLD" ls 2>"$tmp/new.err"
ok $([ $? -ne 0 ] && grep -q 'newer' "$tmp/new.err" && echo 0 || echo 1) "a catalog of a newer schema is refused"
"$dw" -q catalog -C "postgresql:///dwtest?host=$pg&user=dw&password=secret" info >/dev/null 2>&1
"$dw" -q catalog -C "postgresql://dw:secret@/nosuchdb?host=$pg" info 2>"$tmp/pw.err"
check "a password never appears in messages" sh -c "! grep -q secret '$tmp/pw.err' && grep -q nosuchdb '$tmp/pw.err'"
done_testing
