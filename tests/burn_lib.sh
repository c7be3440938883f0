# burn_lib.sh: what the burn tests on the virtual recorder share (sourced
# after tap.sh).  rec MEDIUM DIR CMD...: run CMD with the drive holding
# the recordable medium kept in DIR (tests/vdrive/dw-vdrive --medium);
# recf FAULTS MEDIUM DIR CMD...: the same with write faults; jget FILE EXPR:
# evaluate EXPR over `d`, the data of the last JSON event in FILE;
# mstatus DIR MEDIUM: the medium's status as `discwright media` says it;
# mkiso DIR NAME BLOCKS: an ISO of about BLOCKS blocks made by xorriso.
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
out="$top_builddir/samples/out"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed to read the JSON"
command -v xorriso >/dev/null 2>&1 || skip_all "xorriso is needed to make ISO images (tools/setup.sh)"
[ -x "$vd" ] || skip_all "the virtual drive wrapper tests/vdrive/dw-vdrive is not built"
# Burns and rips are short; a hung one is a failure, not a stall.
TO=${DW_BURN_TEST_TIMEOUT:-300}

rec() { _m=$1; _d=$2; shift 2; timeout "$TO" "$vd" --medium "$_m" --disc "$_d" -- "$@"; }
recf() { _f=$1; _m=$2; _d=$3; shift 3; timeout "$TO" "$vd" --medium "$_m" --disc "$_d" --faults "$_f" -- "$@"; }
jget() { python3 -c "import json,sys; d=[json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]['data']; print(($2))" "$1"; }
mstatus() { rec "$2" "$1" "$dw" --json media --drive /dev/sr0 >"$1.media" 2>/dev/null && jget "$1.media" "d['status']"; }
mkiso() {
    mkdir -p "$1.src/d"
    head -c $(($3 * 2048 - 200000)) /dev/urandom >"$1.src/data.bin"
    echo "$2" >"$1.src/d/name.txt"
    xorriso -as mkisofs -quiet -R -J -V "$2" -o "$1/$2.iso" "$1.src" 2>/dev/null
}
# skip WHY: one skipped test point.
skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n # SKIP $1"; }
# rstatus DIR: the recorder's own record of the medium (DIR/medium.json:
# blank, appendable or complete; blank without a record).  Quicker than
# asking discwright, for the states between the steps a test is about.
rstatus() {
    if [ -f "$1/medium.json" ]; then
        python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['status'])" "$1/medium.json"
    else
        echo blank
    fi
}
