#!/bin/sh
# cli_first_run.sh: the rough edges a first run showed, each checked on
# what the user sees.
# - libcdio's own log lines ("++ WARN: ...", here from its NRG driver)
#   never reach the terminal; they go to the job log and show with
#   --verbose (and as log events with --json).
# - A path that is neither a drive nor a disc image (/dev/null, /dev/zero,
#   a directory, a FIFO, a socket, a text file, a missing path) ends with
#   exit 4 (cannot be opened) and a message saying what it is; a FIFO is
#   not opened (that would block).
# - The progress line of a phase without a known total shows a count, not
#   "0.0% N/0".
# - `info` prints lengths as play time and labels absolute addresses.
# - `ls --tree rr` shows block and character devices, FIFOs and sockets
#   with their type letter as ls -l does.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
samples="$top_builddir/samples/out"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
command -v python3 >/dev/null 2>&1 || skip_all "python3 missing"

# --- libcdio's log ---------------------------------------------------------
# A valid Nero image with a chunk libcdio 2.1's NRG driver does not know
# (TOCT, which newer Nero versions write): the driver warns "unknown tag
# 544f4354 seen" through libcdio's log, and reads the image all the same.
if python3 "$top_srcdir/tests/mknrg.py" "$tmp/odd.nrg" --tracks 1 --sectors 20 --toct; then
    mkdir "$tmp/rip"
    "$dw" info "$tmp/odd.nrg" >"$tmp/o1" 2>"$tmp/e1"
    rc1=$?
    "$dw" rip "$tmp/odd.nrg" -o "$tmp/rip/a" >/dev/null 2>"$tmp/e1r"
    rc2=$?
    [ $rc1 = 0 ] && [ $rc2 = 0 ] && ! grep -q "libcdio\|WARN\|++" "$tmp/e1" "$tmp/e1r"
    ok $? "libcdio's warnings stay off the terminal (info, rip; exit $rc1, $rc2)"
    [ ! -s "$tmp/e1" ] && grep -q "Nero image" "$tmp/o1" && [ "$(wc -l <"$tmp/e1r")" = 1 ] &&
        grep -q "^$tmp/rip/a: 20 of 20 sectors good" "$tmp/e1r"
    ok $? "what remains on the terminal is discwright's own (info: nothing on stderr; rip: its summary)"
    "$dw" --verbose info "$tmp/odd.nrg" >/dev/null 2>"$tmp/e2"
    grep -q "^discwright: info: libcdio: unknown tag 544f4354 seen$" "$tmp/e2"
    ok $? "--verbose shows libcdio's message as a job log line (info)"
    "$dw" --verbose rip "$tmp/odd.nrg" -o "$tmp/rip/b" >/dev/null 2>"$tmp/e3"
    grep -q "^discwright: info: libcdio: unknown tag 544f4354 seen$" "$tmp/e3"
    ok $? "--verbose shows it during a rip too (the rip's job)"
    "$dw" --json info "$tmp/odd.nrg" 2>/dev/null |
        grep -q '"event":"log","level":"info","message":"libcdio: unknown tag 544f4354 seen"'
    ok $? "--json carries it as a log event"
else
    for i in 1 2 3 4 5; do ok 1 "tests/mknrg.py could not write the Nero image"; done
fi

# --- neither a drive nor an image -------------------------------------------
mkdir "$tmp/dir"
mkfifo "$tmp/fifo"
python3 -c "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])" "$tmp/sock"
echo "not a disc" >"$tmp/notes.txt"
not_source() { # PATH WHAT: rip and info exit 4 and say WHAT
    for cmd in rip info; do
        if [ $cmd = rip ]; then
            timeout -k 5 60 "$dw" rip "$1" -o "$tmp/out" >/dev/null 2>"$tmp/err"
        else
            timeout -k 5 60 "$dw" info "$1" >/dev/null 2>"$tmp/err"
        fi
        rc=$?
        [ $rc = 4 ] && grep -q "$2" "$tmp/err"
        ok $? "$cmd $1: exit 4 (got $rc), says \"$2\""
        [ $rc = 4 ] || sed 's/^/#   /' "$tmp/err"
    done
}
not_source /dev/null "a character device (1:3) that is not an optical drive"
not_source /dev/zero "a character device (1:5) that is not an optical drive"
not_source "$tmp/dir" "a directory, not a drive or a disc image"
not_source "$tmp/fifo" "a named pipe (FIFO), not a drive or a disc image"
not_source "$tmp/sock" "a socket, not a drive or a disc image"
not_source "$tmp/notes.txt" "a file of 11 bytes that is not a disc image"
not_source "$tmp/missing.iso" "no such drive or file"
[ ! -e "$tmp/out.map" ] && [ ! -e "$tmp/out.log" ]
ok $? "nothing written for them"

# --- progress without a total -----------------------------------------------
if command -v script >/dev/null 2>&1 && [ -x "$vd" ] && [ -f "$samples/audio.ccd" ]; then
    # script(1) gives the command a terminal, where the progress line is drawn.
    script -qec "'$vd' '$samples/audio.ccd' -- '$dw' rip /dev/sr0 --audio=none -o '$tmp/pr'" /dev/null \
        </dev/null >"$tmp/tty" 2>&1
    # With --audio=none the image writing phase (no total) is the last one,
    # so the final redraw shows it however fast it ran.
    tr '\r' '\n' <"$tmp/tty" | grep '^writing' >"$tmp/lines"
    [ -s "$tmp/lines" ] && ! grep -q '%\|/0 ' "$tmp/lines" && grep -q '^writing  *.\? *[0-9][0-9]* sectors' "$tmp/lines"
    ok $? "the writing phase (no total) shows a count: $(tail -n 1 "$tmp/lines")"
    tr '\r' '\n' <"$tmp/tty" | grep -q '^reading  *[0-9.]*% [0-9]*/[0-9]* sectors' ||
        tr '\r' '\n' <"$tmp/tty" | grep -q '^writing'
    ok $? "a phase with a total still shows percent and done/total when drawn"
else
    ok 0 "# SKIP script(1), the virtual drive or the samples missing"
    ok 0 "# SKIP script(1), the virtual drive or the samples missing"
fi

# --- info: play time and absolute addresses ---------------------------------
if [ -f "$samples/mixed.ccd" ]; then
    "$dw" info "$samples/mixed.ccd" >"$tmp/info" 2>&1
    "$dw" --json info "$samples/mixed.ccd" 2>/dev/null | tail -n 1 >"$tmp/info.json"
    python3 - "$tmp/info" "$tmp/info.json" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
d = json.load(open(sys.argv[2]))["data"]
def t(n): return "%02d:%02d:%02d" % (n // 4500, n // 75 % 60, n % 75)
bad = []
n = d["total_sectors"]
if "Size:     %d sectors (play time %s)" % (n, t(n)) not in text:
    bad.append("size line")
for s in d["sessions"]:
    if "lead-out at LBA %d (absolute MSF %s)" % (s["leadout"], t(s["leadout"] + 150)) not in text:
        bad.append("lead-out of session %d" % s["number"])
for tr in d["tracks"]:
    if not re.search(r"^\s+%d\s+\d+\s+\S+\s+\S+\s+%d %s\s+%d\s+%s\s" % (tr["number"], tr["start"], t(tr["start"] + 150),
                     tr["length"], t(tr["length"])), text, re.M):
        bad.append("track %d row" % tr["number"])
if bad:
    print("# " + "; ".join(bad))
sys.exit(1 if bad else 0)
PY
    ok $? "info: size and lengths as play time, lead-out and starts labelled absolute (LBA + 150)"
    grep -q "ABS MSF" "$tmp/info" && grep -q " TIME " "$tmp/info"
    ok $? "info: the track table's columns say which is which"
else
    ok 0 "# SKIP samples missing (make samples)"
    ok 0 "# SKIP samples missing (make samples)"
fi

# --- ls --tree rr: special files --------------------------------------------
mkdir "$tmp/tree"
echo data >"$tmp/tree/file"
mkfifo "$tmp/tree/fifo"
ln -s file "$tmp/tree/link"
if [ "$(id -u)" = 0 ]; then
    mknod "$tmp/tree/blk" b 7 0 && mknod "$tmp/tree/chr" c 1 3
fi
for maker in discwright genisoimage; do
    if [ $maker = genisoimage ]; then
        command -v genisoimage >/dev/null 2>&1 || { ok 0 "# SKIP genisoimage missing"; continue; }
        genisoimage -quiet -R -o "$tmp/sp.iso" "$tmp/tree" 2>/dev/null
    else
        "$dw" author "$tmp/tree" -o "$tmp/sp.iso" --force 2>/dev/null
    fi
    "$dw" ls --tree rr "$tmp/sp.iso" >"$tmp/ls" 2>&1
    got=$(awk '{ for (i = 1; i <= NF; i++) if (substr($i, 1, 1) == "/") { print substr($1, 1, 1) " " $i; break } }' "$tmp/ls" | sort)
    want=$(cd "$tmp/tree" && for f in *; do printf '%s /%s\n' "$(ls -ld "$f" | cut -c1)" "$f"; done | sort)
    [ "$got" = "$want" ]
    ok $? "ls --tree rr on a $maker image: types as ls -l ($(echo $got | tr '\n' ' '))"
    [ "$got" = "$want" ] || { diag "want: $(echo $want)"; sed 's/^/#   /' "$tmp/ls"; }
done
done_testing
