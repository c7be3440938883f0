/* commands.c: the one subcommand table.  --help, `discwright help`, the
 * man page and the bash completion are all produced from it, and the
 * exit-code table below feeds the man page and the error mapping. */
#include "config.h"

#include "cli/cli.h"

dw_cli dw_cli_state;

const GOptionEntry dw_cli_global_options[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &dw_cli_state.json,
      "Write one JSON event per line on standard output; human text goes to standard error", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &dw_cli_state.quiet, "Print only errors", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &dw_cli_state.verbose, "Print debugging detail", NULL },
    G_OPTION_ENTRY_NULL
};

const dw_cli_command dw_cli_commands[] = {
    { "drives", "", "List optical drives",
      "Lists the CD/DVD/BD drives libcdio finds (/dev/cdrom, /dev/dvd, /dev/sr*, /dev/scd*), "
      "with vendor, model and firmware revision from INQUIRY and whether a disc is loaded.",
      NULL, 0, 0, dw_cmd_drives },
    { "info", "SOURCE", "Show what a disc or image holds",
      "SOURCE is a drive (e.g. /dev/sr0), a cue sheet, a cdrdao .toc or a Nero .nrg image (read "
      "through libcdio's image drivers), a CloneCD .ccd, or an ISO image. Prints the profile, "
      "sessions, tracks (mode, flags, start, length, pregap, indexes, ISRC), the media catalogue "
      "number, CD-TEXT in every language block, and the filesystem label. On a drive, pregaps and "
      "index marks are found from the Q subchannel.",
      NULL, 1, 1, dw_cmd_info },
    { "rip", "SOURCE", "Image a CD, DVD or BD sector-exact",
      "Reads the disc in SOURCE (a drive) once: for CDs raw 2352-byte sectors with C2 pointers and raw "
      "P-W subchannel, for DVD/BD 2048-byte sectors; keeps the dump and a state map (BASE.map, ddrescue "
      "syntax) as it goes; then trims, scrapes and retries what failed. Derives indexes, pregaps, ISRC and "
      "MCN from Q, applies the read offset (or the combined offset measured on discs with data tracks) and "
      "writes the chosen formats with hashes (BASE.hash, BASE.dat) and a log (BASE.log, BASE.json). "
      "Exit code 5 when sectors remain unreadable; --resume continues an interrupted rip.",
      dw_cli_rip_options, 1, 1, dw_cmd_rip },
    { "refine", "BASE", "Re-read what a rip could not read, from any drive",
      "Re-reads the sectors BASE.map marks as not good, from the drive given with --drive (which must hold "
      "the same disc), and derives the outputs again.",
      dw_cli_refine_options, 1, 1, dw_cmd_refine },
    { "verify", "TARGET", "Prove an image or a disc right",
      "TARGET is an ISO, a cue sheet with its BINs, a CloneCD .ccd set, a cdrdao .toc, a raw 2352-byte "
      "image (with its .map), a hash list (.hash, .dat, .md5, .sha1, .sha256), or a drive. Checks file "
      "hashes against the rip's .hash sidecar, a redump/No-Intro DAT or sum files (--hashes); raw "
      "sectors: sync, header, mode, EDC, ECC and the .sub Q frames, with --repair OUT writing a corrected "
      "copy (--sectors); ISO 9660, Joliet, Rock Ridge, El Torito and UDF structures (--fs); AccurateRip, "
      "CTDB, CDDB and MusicBrainz checksums (--audio, --accuraterip-db FILE). --against IMAGE compares "
      "sector by sector over the image's own length (padding on a burned disc is ignored). Without check "
      "options it runs those that apply. Exit 0 all good, 6 mismatch, 5 unreadable.",
      dw_cli_verify_options, 1, 1, dw_cmd_verify },
    { "author", "SOURCE...", "Make an ISO 9660 / Joliet / Rock Ridge / UDF image",
      "Each SOURCE is a directory (its contents go to the image root), a file, or a graft point "
      "/TARGET/PATH=SOURCE. Writes ISO 9660 (level 3 by default) with Rock Ridge 1.12 and Joliet, "
      "optionally a UDF bridge (--udf; nothing embedded in UDF file entries unless --udf-embed). "
      "--dvd-video lays VIDEO_TS out at the sectors its IFOs record (UDF 1.02, refusing what cannot "
      "agree, naming the file and field); --bdmv checks a Blu-ray BDMV folder and makes UDF 2.50. "
      "The image goes to -o IMAGE (or - for standard output) "
      "through a temporary name; an existing IMAGE is kept unless --force. Reproducible: under "
      "SOURCE_DATE_EPOCH or --date, the same tree gives the same bytes. "
      "Multisession: --prev IMAGE [--prev-msc1 N] --start-lba NWA writes only a new session that "
      "continues IMAGE's newest tree (its files kept where they are; a SOURCE file of the same path "
      "replaces one, directories merge), to be appended with burn --multi.",
      dw_cli_author_option_entries, 0, 1000000, dw_cmd_author },
    { "mkisofs", "ARGS...", "xorriso -as mkisofs emulation (distribution ISO build tools)",
      "Takes the option lists that grub-mkrescue, mkarchiso, live-build, lorax and Ubuntu's build pass "
      "to xorriso -as mkisofs and makes the same kind of image: names and ids, hiding, owners and "
      "modes, sort weights, El Torito (BIOS and UEFI), the system area as xorriso writes it (isohybrid "
      "and GRUB MBRs, protective label, GPT, Apple Partition Map, appended partitions, cylinder "
      "alignment) and HFS+. `discwright -as mkisofs ARGS` is the same, and so is discwright called as "
      "xorriso (with -as mkisofs) or xorrisofs. `discwright mkisofs -help` lists every accepted option; "
      "options xorriso has but discwright does not build are refused by name, unknown ones are a usage "
      "error naming them. See doc/boot.md.",
      NULL, 0, 1000000, dw_cmd_mkisofs },
    { "help", "[COMMAND]", "Show help for a command", "Without COMMAND, lists the commands.",
      NULL, 0, 1, dw_cmd_help },
    { "burn", "SOURCE", "Write an image to a disc (or a stdio: file)",
      "SOURCE is an ISO image (or - for standard input with --size), or a cue sheet (audio, mixed and "
      "multi-FILE redump sheets with pregaps, indexes, ISRC, CATALOG and CD-TEXT). DEVICE is a drive "
      "(/dev/sr0) or stdio:PATH, a file written like overwritable media. The image is checked against "
      "the free space before anything is written. With --multi the medium stays appendable; an image "
      "made with mkisofs -C MSC1,NWA (see discwright media) is appended as a new session, on "
      "overwritable media by growing the ISO. --verify reads the written area back and compares it "
      "with the image over the image's own length, naming the first differing LBA; --verify-only does "
      "just that for an image written before. --author DIR authors DIR straight onto the medium; "
      "with --multi on a medium that holds an ISO it asks the medium for MSC1/NWA and writes a new "
      "session that keeps the old files and adds or replaces DIR's.",
      dw_cli_burn_options, 1, 1, dw_cmd_burn },
    { "media", "", "Show the medium in a burner",
      "Profile, status (blank, appendable, closed), capacity and free space, sessions and tracks, the "
      "-C values for the next session, and write speeds of the medium in --drive DEVICE (a drive or "
      "stdio:PATH).",
      dw_cli_media_options, 0, 0, dw_cmd_media },
    { "blank", "", "Blank a rewritable medium",
      "CD-RW and DVD-RW are blanked by the drive (--fast, the default, erases the TOC only; --full the "
      "whole disc). Overwritable media and stdio: files get their ISO superblock (--fast) or their "
      "whole ISO area (--full) zeroed so that they read as blank.",
      dw_cli_blank_options, 0, 0, dw_cmd_blank },
    { "format", "", "Format a DVD-RW, DVD+RW, DVD-RAM or BD-RE",
      "DVD-RW to restricted overwrite, DVD+RW de-icing, DVD-RAM and BD-RE formatting (--size BYTES "
      "for a smaller formatted size, --force to re-format).",
      dw_cli_format_options, 0, 0, dw_cmd_format },
    { "ls", "IMAGE|DEVICE [PATH]", "List the files of an ISO or UDF image or disc",
      "Lists the ISO 9660 tree (the last session of a multisession disc or grown image) under PATH, "
      "with sizes and, where Rock Ridge is present, POSIX modes. IMAGE may be a file, a device or "
      "stdio:PATH. --tree rr|joliet|iso|udf lists that tree (symlink targets, relocated deep "
      "directories in place, UDF). The image is read with bounds-checked readers: a damaged image is "
      "listed as far as it can be read, each problem a warning, sizes as far as the data backs them.",
      dw_cli_ls_options, 1, 2, dw_cmd_ls },
    { "extract", "IMAGE [PATH]", "Extract files from an ISO 9660, Joliet, Rock Ridge or UDF image",
      "Writes PATH (a file, or a directory with everything below it; default the whole tree) from IMAGE "
      "into the directory given with -o (created when missing). --tree chooses the tree: rr (names, "
      "modes, times, symlinks and hard links from Rock Ridge, relocated deep directories put back), "
      "joliet, iso (ISO 9660 names) or udf (names, modes, times, symlinks and hard links from the File "
      "Entries). Multi-extent files "
      "(4 GiB and more) are joined. Nothing is written outside the directory: names with '/', '..' or "
      "'.' are refused and no symbolic link is followed while writing. Existing files are not replaced "
      "unless --force (then files and symlinks are, directories never); refused entries end with exit 1. "
      "Hostile images: a file is never longer than the data its extents hold inside the image, files "
      "sharing data are hard linked, and all written stays within the image's size; damaged entries (and "
      "UDF descriptors whose tag checksum or CRC is wrong) are reported and left out unless --force; a "
      "damaged image ends with exit 1.",
      dw_cli_extract_options, 1, 2, dw_cmd_extract },
    { "catalog", "SUBCOMMAND [ARGS...]", "The catalog of archived discs, and their fixity over time",
      "Subcommands: add BASE... (record rips already made: their BASE.json, BASE.hash, BASE.log); ls; search TEXT "
      "(words of labels, CD-TEXT, paths, or an id: CDDB, MusicBrainz, AccurateRip, CTDB, MCN, fingerprint, or a "
      "file's CRC32/MD5/SHA-1/SHA-256); show DISC; history DISC (records and every fixity check); duplicates (the "
      "same disc recorded twice); pressings (the same album with another TOC); export [TEXT] (-o FILE, JSON or "
      "--csv); verify [DISC] (re-hash archived files oldest check first, bounded by --limit, --max-bytes, "
      "--max-time, --older-than; every check is recorded and the next run goes on where this one stopped; exit 8 "
      "when a file is missing, changed or unreadable); dat import FILE (a redump/No-Intro DAT marks the discs whose "
      "image files it lists as verified); remove DISC; info. DISC is an id, a rip's base path or a fingerprint "
      "prefix. The catalog is an SQLite file (default $XDG_DATA_HOME/discwright/catalog.sqlite) or a PostgreSQL "
      "database (--catalog postgresql://...).",
      dw_cli_catalog_options, 1, 100000, dw_cmd_catalog },
    { "archive", "", "Rip disc after disc on every drive into a library and the catalog",
      "One worker per drive (--drives all, or DEV,DEV,...), all in this process: each waits for a disc, rips it "
      "(the rip options --format, --retries, --offset, --speed and the audio options apply), records it in the catalog, ejects it and "
      "waits for the next. Each disc goes into its own folder of LIBRARY named by --name (default \"{n} "
      "{label}\"; an existing folder is never reused: \" (2)\" is added). A journal in LIBRARY/.discwright "
      "remembers every rip under way: after Ctrl-C (exit 130) or a crash, running the same command again "
      "resumes each unfinished disc when it is seen, reading no good sector twice. --idle-exit stops once no "
      "drive has had a disc for that long, --max-discs after that many. Exit 0 when every disc was read "
      "completely, 5 when some kept unreadable sectors (mapped), 1 when some failed.",
      dw_cli_archive_options, 0, 0, dw_cmd_archive },
};
const size_t dw_cli_n_commands = G_N_ELEMENTS(dw_cli_commands);

const dw_cli_exit_code dw_cli_exit_codes[] = {
    { DW_EXIT_OK, "ok", "Success." },
    { DW_EXIT_FAILURE, "failure", "Failure not covered below (bad input file, I/O error, ...)." },
    { DW_EXIT_USAGE, "usage", "Bad command line: unknown command or option, wrong arguments." },
    { DW_EXIT_NO_MEDIUM, "no-medium", "The drive has no disc." },
    { DW_EXIT_NO_DEVICE, "no-device", "The drive or file does not exist, cannot be opened, or is neither a drive nor an image." },
    { DW_EXIT_UNREADABLE, "unreadable", "Sectors could not be read and remain missing." },
    { DW_EXIT_MISMATCH, "mismatch", "Verification found a difference." },
    { DW_EXIT_EXISTS, "exists", "The output exists and --force was not given." },
    { DW_EXIT_FIXITY, "fixity", "catalog verify: archived files are missing, changed or unreadable." },
    { DW_EXIT_NOT_WRITABLE, "not-writable", "The medium cannot be written: closed, read-only or unsuitable." },
    { DW_EXIT_NO_SPACE, "too-small", "The medium has too little free space for the image." },
    { DW_EXIT_NOT_APPENDABLE, "not-appendable", "The session cannot be appended at the medium's next writable address." },
    { DW_EXIT_BUSY, "busy", "The drive is in use by another program." },
    { DW_EXIT_PERMISSION, "permission", "The device may not be opened; the message names its group or ACL." },
    { DW_EXIT_WRITE, "write-error", "The drive failed writing the medium (write error, power calibration); it is partly written." },
    { DW_EXIT_CANCELLED, "cancelled", "Cancelled (Ctrl-C or SIGTERM); partial output keeps its state." },
};
const size_t dw_cli_n_exit_codes = G_N_ELEMENTS(dw_cli_exit_codes);

int dw_cli_exit_code_for(const GError *error)
{
    if (!error || error->domain != DW_ERROR) {
        if (error && error->domain == G_OPTION_ERROR)
            return DW_EXIT_USAGE;
        return DW_EXIT_FAILURE;
    }
    switch ((dw_error_code)error->code) {
    case DW_ERROR_USAGE: return DW_EXIT_USAGE;
    case DW_ERROR_NO_MEDIUM: return DW_EXIT_NO_MEDIUM;
    case DW_ERROR_NO_DEVICE: return DW_EXIT_NO_DEVICE;
    case DW_ERROR_UNREADABLE: return DW_EXIT_UNREADABLE;
    case DW_ERROR_MISMATCH: return DW_EXIT_MISMATCH;
    case DW_ERROR_EXISTS: return DW_EXIT_EXISTS;
    case DW_ERROR_CANCELLED: return DW_EXIT_CANCELLED;
    case DW_ERROR_NOT_WRITABLE: return DW_EXIT_NOT_WRITABLE;
    case DW_ERROR_NO_SPACE: return DW_EXIT_NO_SPACE;
    case DW_ERROR_NOT_APPENDABLE: return DW_EXIT_NOT_APPENDABLE;
    case DW_ERROR_BUSY: return DW_EXIT_BUSY;
    case DW_ERROR_PERMISSION: return DW_EXIT_PERMISSION;
    case DW_ERROR_WRITE: return DW_EXIT_WRITE;
    default: return DW_EXIT_FAILURE;
    }
}

const dw_cli_command *dw_cli_find_command(const char *name)
{
    for (size_t i = 0; i < dw_cli_n_commands; i++)
        if (g_strcmp0(dw_cli_commands[i].name, name) == 0)
            return &dw_cli_commands[i];
    return NULL;
}
