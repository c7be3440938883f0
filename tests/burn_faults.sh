#!/bin/sh
# burn_faults.sh: the faults a recorder meets, through `discwright burn` on
# the virtual recorder: a write error at an LBA (sense 03/0C/00), a power
# calibration failure (73/03/00), a medium too small, a closed disc, a
# drive busy with another opener (a fault, and a real second process
# holding it), a slow drive (progress with rate and ETA), the medium
# removed during the write.  Each gives a message that names the fault and
# what to do, its exit code (doc/exit-codes.md), leaves the drive
# unlocked (the tray allowed again, and the next command runs at once)
# and the medium's state reported truthfully by `media` afterwards.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/burn_lib.sh"
tmp=$(mktemp -d) || exit 1
holder=
trap '[ -n "$holder" ] && kill "$holder" 2>/dev/null; rm -rf "$tmp"' EXIT
mkiso "$tmp" FAULT 520

# unlocked DIR MEDIUM LOG: the last PREVENT/ALLOW was ALLOW and the drive
# opens again at once.
unlocked() {
    last=$(grep 'mmc 1E ' "$3" | tail -n 1)
    case $last in *"1E 00 00 00 00 00"*|"") ;; *) return 1 ;; esac
    rec "$2" "$1" "$dw" media --drive /dev/sr0 >/dev/null 2>&1
}

# --- a write error at LBA 200 -------------------------------------------------
mkdir "$tmp/werr"
DW_VDRIVE_LOG="$tmp/werr.log" recf write-error=200 cd-r "$tmp/werr" "$dw" burn "$tmp/FAULT.iso" --drive /dev/sr0 \
    --mode tao >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 25 && grep -q "write error in blocks 192-207 (sense 3/0C/00)" "$tmp/err" && grep -q "use a new one" "$tmp/err"
ok $? "write error: exit 25, the blocks and sense named, what to do said [$rc]"
test $rc -eq 25 || sed 's/^/# /' "$tmp/err"
test "$(grep -c 'error' "$tmp/err")" -eq 1; ok $? "write error: one message, not libburn's follow-up failures"
unlocked "$tmp/werr" cd-r "$tmp/werr.log"; ok $? "write error: the drive is unlocked and opens again"
test "$(mstatus "$tmp/werr" cd-r)" = appendable && test "$(jget "$tmp/werr.media" "(d['damaged'], d['appendable'])")" = "(True, False)"
ok $? "write error: media reports the damaged, no longer appendable disc"
test "$(jget "$tmp/werr.media" "[(t['start'], t['blocks']) for t in d['tracks']]")" = "[(0, 200)]"
ok $? "write error: the track holds the 200 blocks written before the error"
rec cd-r "$tmp/werr" "$dw" burn "$tmp/FAULT.iso" --drive /dev/sr0 >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 20 && grep -q "incomplete" "$tmp/err"; ok $? "a second burn on the damaged disc: exit 20, said why [$rc]"

# --- power calibration --------------------------------------------------------
mkdir "$tmp/opc"
DW_VDRIVE_LOG="$tmp/opc.log" recf opc cd-r "$tmp/opc" "$dw" burn "$tmp/FAULT.iso" --drive /dev/sr0 >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 25 && grep -q "power calibration failed (sense 3/73/03)" "$tmp/err" && grep -q "still blank" "$tmp/err"
ok $? "power calibration: exit 25, what to try, still blank [$rc]"
unlocked "$tmp/opc" cd-r "$tmp/opc.log"; ok $? "power calibration: the drive is unlocked"
test "$(mstatus "$tmp/opc" cd-r)" = blank; ok $? "power calibration: media says blank"

# --- a medium too small ---------------------------------------------------------
mkdir "$tmp/small"
timeout "$TO" "$vd" --medium cd-r --disc "$tmp/small" --capacity 400 --log "$tmp/small.log" -- \
    "$dw" burn "$tmp/FAULT.iso" --drive /dev/sr0 >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 21 && grep -q "medium too small" "$tmp/err" && grep -q "use a larger medium" "$tmp/err"
ok $? "too small: exit 21, what to do said [$rc]"
unlocked "$tmp/small" cd-r "$tmp/small.log"; ok $? "too small: the drive is unlocked"
test "$(mstatus "$tmp/small" cd-r)" = blank && ! grep -q 'mmc 2A ' "$tmp/small.log"; ok $? "too small: nothing was written"

# --- a closed disc ----------------------------------------------------------------
mkdir "$tmp/closed"
rec cd-r "$tmp/closed" "$dw" burn "$tmp/FAULT.iso" --drive /dev/sr0 >/dev/null 2>&1
test "$(mstatus "$tmp/closed" cd-r)" = closed; ok $? "a burn without --multi closes the CD-R"
DW_VDRIVE_LOG="$tmp/closed.log" rec cd-r "$tmp/closed" "$dw" burn "$tmp/FAULT.iso" --drive /dev/sr0 >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 20 && grep -q "is closed and takes no more data" "$tmp/err"; ok $? "closed disc: exit 20, said so [$rc]"
unlocked "$tmp/closed" cd-r "$tmp/closed.log"; ok $? "closed disc: the drive is unlocked"
test "$(mstatus "$tmp/closed" cd-r)" = closed; ok $? "closed disc: still closed"

# --- busy -------------------------------------------------------------------------------
mkdir "$tmp/busy"
recf busy cd-r "$tmp/busy" "$dw" burn "$tmp/FAULT.iso" --drive /dev/sr0 >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 23 && grep -q "busy" "$tmp/err"; ok $? "busy (fault): exit 23, said so [$rc]"
# A real second opener: a process holding the drive exclusively.
touch "$tmp/hold"
rec cd-r "$tmp/busy" python3 -c '
import os, sys, time
fd = os.open("/dev/sr0", os.O_RDONLY | os.O_EXCL | os.O_NONBLOCK)
print("held", flush=True)
for i in range(600):
    if not os.path.exists(sys.argv[1]):
        break
    time.sleep(0.1)' "$tmp/hold" >"$tmp/held" 2>&1 &
holder=$!
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q held "$tmp/held" && break; sleep 1; done
rec cd-r "$tmp/busy" "$dw" burn "$tmp/FAULT.iso" --drive /dev/sr0 >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 23 && grep -q "busy" "$tmp/err"; ok $? "busy (another process holds the drive): exit 23 [$rc]"
rm -f "$tmp/hold"
wait "$holder" 2>/dev/null; holder=
test "$(mstatus "$tmp/busy" cd-r)" = blank; ok $? "busy: once the other process is gone the drive opens; still blank"

# --- a slow drive: progress with rate and ETA ------------------------------------------------
mkiso "$tmp" SLOW 2600
mkdir "$tmp/slow"
timeout "$TO" "$vd" --medium cd-r --disc "$tmp/slow" --speed 8 -- \
    "$dw" --json burn "$tmp/SLOW.iso" --drive /dev/sr0 --mode tao >"$tmp/slow.json" 2>/dev/null; rc=$?
python3 - "$tmp/slow.json" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
mid = [e for e in ev if e.get("event") == "progress" and 0 < e.get("done", 0) < e.get("total", 0)
       and e.get("eta_seconds", 0) > 0 and e.get("bytes_per_sec", 0) > 0]
print("# %d progress events with done < total, a rate and an ETA" % len(mid))
sys.exit(0 if len(mid) >= 2 else 1)
PY
test $? -eq 0 && test $rc -eq 0; ok $? "slow drive (8x): the burn reports progress with rate and ETA while the medium writes [$rc]"
mkdir "$tmp/slow.rip"
rec cd-r "$tmp/slow" "$dw" rip /dev/sr0 -o "$tmp/slow.rip/x" --format iso >/dev/null 2>&1
cmp -s "$tmp/slow.rip/x.iso" "$tmp/SLOW.iso"; ok $? "slow drive: the disc holds the image"

# --- the medium removed during the write ---------------------------------------------------
mkdir "$tmp/gone"
DW_VDRIVE_LOG="$tmp/gone.log" recf removed=300 cd-r "$tmp/gone" "$dw" burn "$tmp/FAULT.iso" --drive /dev/sr0 \
    --mode tao >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 3 && grep -q "medium was removed during the write" "$tmp/err" && grep -q "discwright media" "$tmp/err"
ok $? "medium removed: exit 3, said so and what to do [$rc]"
unlocked "$tmp/gone" cd-r "$tmp/gone.log"; ok $? "medium removed: the drive is unlocked"
test "$(mstatus "$tmp/gone" cd-r)" = appendable && test "$(jget "$tmp/gone.media" "d['damaged']")" = True
ok $? "medium removed: put back, it reports the incomplete track"
done_testing
