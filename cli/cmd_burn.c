/* cmd_burn.c: `discwright burn SOURCE --drive DEVICE`: an ISO (or
 * standard input) or a cue sheet onto a disc or a stdio: file, with
 * simulate, multisession, TAO/SAO, verify after burn (or alone) and
 * eject; --author DIR streams the author engine in, and with --multi
 * authors a session that continues the ISO already on the medium.  A new stdio: file is written under a temporary name and renamed
 * when complete; an existing one is only overwritten with --force. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/burn_common.h"

static char *opt_drive, *opt_speed, *opt_mode, *opt_size;
static gboolean opt_simulate, opt_multi, opt_verify, opt_verify_only, opt_eject, opt_force, opt_author;
static int opt_fifo, opt_fsync;

const GOptionEntry dw_cli_burn_options[] = {
    { "drive", 'd', 0, G_OPTION_ARG_STRING, &opt_drive, "Burner or stdio:PATH (required)", "DEVICE" },
    { "speed", 0, 0, G_OPTION_ARG_STRING, &opt_speed, "Write speed: kB/s, or Nx of the medium's 1x, or max", "S" },
    { "simulate", 0, 0, G_OPTION_ARG_NONE, &opt_simulate, "Go through the motions with the laser off; nothing is written", NULL },
    { "multi", 0, 0, G_OPTION_ARG_NONE, &opt_multi, "Leave the medium appendable (multisession)", NULL },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &opt_mode, "Write type: tao or sao (default: what the medium allows)", "MODE" },
    { "verify", 0, 0, G_OPTION_ARG_NONE, &opt_verify, "Read back and compare after writing", NULL },
    { "verify-only", 0, 0, G_OPTION_ARG_NONE, &opt_verify_only, "Only compare the medium with SOURCE (written before)", NULL },
    { "eject", 0, 0, G_OPTION_ARG_NONE, &opt_eject, "Eject the disc when done", NULL },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &opt_force, "Overwrite a stdio: file that holds data", NULL },
    { "size", 0, 0, G_OPTION_ARG_STRING, &opt_size, "Size in bytes of a SOURCE read from standard input", "BYTES" },
    { "fifo", 0, 0, G_OPTION_ARG_INT, &opt_fifo, "FIFO size in MiB (default 16)", "MIB" },
    { "fsync", 0, 0, G_OPTION_ARG_INT, &opt_fsync, "stdio: targets: fsync every N blocks (default: at the end)", "N" },
    { "author", 0, 0, G_OPTION_ARG_NONE, &opt_author, "Author SOURCE (a directory) straight onto the medium", NULL },
    G_OPTION_ENTRY_NULL
};

static int speed_kbs(const char *s, int profile, int *out)
{
    *out = 0;
    if (!s || g_ascii_strcasecmp(s, "max") == 0 || strcmp(s, "0") == 0)
        return 1;
    char *end = NULL;
    double v = g_ascii_strtod(s, &end);
    if (end == s || v <= 0)
        return 0;
    if (*end == 'x' || *end == 'X') {
        double one = profile >= 0x40 && profile < 0x50 ? 4495.5 : profile >= 0x10 && profile < 0x30 ? 1385.0 : 176.4;
        v *= one;
        end++;
    }
    if (*end)
        return 0;
    *out = (int)(v + 0.5);
    return 1;
}

static char *result_json(const char *drive, const char *source, const dw_burn_options *o, const dw_burn_result *r)
{
    GString *s = g_string_new("{\"drive\":");
    dw_json_append_string(s, drive);
    g_string_append(s, ",\"source\":");
    dw_json_append_string(s, source);
    g_string_append_printf(s, ",\"simulate\":%s,\"multi\":%s,\"blocks\":%" G_GUINT64_FORMAT ",\"start_lba\":%d,"
                           "\"appended\":%s,\"superblock_updated\":%s,\"verified\":%s,\"seconds\":%.3f,"
                           "\"bytes_per_sec\":%.0f,\"fifo_min_fill\":%d,\"sha256\":",
                           o->simulate ? "true" : "false", o->multi ? "true" : "false", r->blocks, r->start_lba,
                           r->appended ? "true" : "false", r->superblock_updated ? "true" : "false",
                           r->verified ? "true" : "false", r->seconds, r->bytes_per_sec, r->fifo_min_fill);
    dw_json_append_string(s, r->sha256_hex[0] ? r->sha256_hex : NULL);
    g_string_append_c(s, '}');
    return g_string_free(s, FALSE);
}

static int verify_only(dw_cli *cli, dw_burn_drive *drive, const char *image, dw_job *job)
{
    GError *error = NULL;
    g_autoptr(dw_burn_source) src = dw_burn_source_new_file(image, &error);
    if (!src)
        goto fail;
    int64_t start = dw_burn_iso_intended_start(src);
    if (start < 0)
        start = 0;
    int64_t bad = -1;
    dw_cli_progress *pr = dw_cli_progress_start(cli, job);
    gboolean ok = dw_burn_verify_file(drive, image, (int32_t)start, job, &bad, &error);
    dw_cli_progress_stop(pr);
    if (!ok)
        goto fail;
    GString *s = g_string_new("{\"drive\":");
    dw_json_append_string(s, dw_burn_drive_address(drive));
    g_string_append(s, ",\"source\":");
    dw_json_append_string(s, image);
    g_string_append_printf(s, ",\"start_lba\":%" G_GINT64_FORMAT ",\"blocks\":%" G_GUINT64_FORMAT
                           ",\"verified\":true}", start, dw_burn_source_blocks(src));
    if (cli->json)
        dw_cli_result(cli, s->str);
    else if (!cli->quiet)
        fprintf(stderr, "discwright: %s matches %s (%" G_GUINT64_FORMAT " blocks at LBA %" G_GINT64_FORMAT ")\n",
                dw_burn_drive_address(drive), image, dw_burn_source_blocks(src), start);
    g_string_free(s, TRUE);
    return DW_EXIT_OK;
fail:;
    int rc = dw_cli_fail(cli, error);
    g_error_free(error);
    return rc;
}

static gboolean drive_read(void *user, uint64_t lba, void *buf, size_t n, GError **error)
{
    return dw_burn_drive_read(user, (int64_t)lba, buf, n, error);
}

/* Does the session at msc1 begin an ISO 9660 tree (its PVD at msc1 + 16)? */
static gboolean session_has_iso(dw_burn_drive *drive, int32_t msc1)
{
    guint8 *b = g_malloc(DW_BURN_BLOCK);
    gboolean ok = msc1 >= 0 && dw_burn_drive_read(drive, (int64_t)msc1 + 16, b, 1, NULL) && b[0] == 1 &&
                  memcmp(b + 1, "CD001", 5) == 0;
    g_free(b);
    return ok;
}

/* --author: the author engine's stream fed straight to libburn.  prev:
 * the drive holding the sessions to continue (NULL = a fresh image). */
static dw_burn_source *author_source(const char *dir, dw_burn_drive *prev, int32_t msc1, int32_t nwa, dw_job *job,
                                     GError **error)
{
    dw_author_options ao;
    dw_author_options_init(&ao);
    dw_author_graft g = { .target = "/", .source = dir };
    ao.grafts = &g;
    ao.n_grafts = 1;
    if (prev) {
        ao.prev_read = drive_read;
        ao.prev_user = prev;
        ao.prev_msc1 = (uint32_t)msc1;
    }
    if (nwa > 0)
        ao.start_lba = (uint32_t)nwa;
    return dw_burn_source_new_author(&ao, dir, job, error);
}

int dw_cmd_burn(dw_cli *cli, int argc, char **argv)
{
    (void)argc;
    const char *source = argv[0];
    if (opt_author && (!g_file_test(source, G_FILE_TEST_IS_DIR)))
        return dw_cli_usage_error(cli, "burn --author %s: give a directory to author onto the medium", source);
    if (opt_author && opt_verify_only)
        return dw_cli_usage_error(cli, "burn --author: not with --verify-only (author an image first)");
    if (!opt_drive)
        return dw_cli_usage_error(cli, "burn needs --drive DEVICE (a burner such as /dev/sr0, or stdio:PATH)");
    dw_burn_options o = { 0 };
    o.simulate = opt_simulate;
    o.multi = opt_multi;
    o.verify = opt_verify;
    o.force = opt_force;
    o.fifo_mib = opt_fifo;
    o.stdio_fsync = opt_fsync;
    if (opt_fifo < 0 || opt_fifo > 4096)
        return dw_cli_usage_error(cli, "--fifo %d: give 1 to 4096 MiB", opt_fifo);
    if (opt_mode) {
        if (g_ascii_strcasecmp(opt_mode, "tao") == 0)
            o.mode = DW_BURN_MODE_TAO;
        else if (g_ascii_strcasecmp(opt_mode, "sao") == 0 || g_ascii_strcasecmp(opt_mode, "dao") == 0)
            o.mode = DW_BURN_MODE_SAO;
        else
            return dw_cli_usage_error(cli, "--mode %s: expected tao or sao", opt_mode);
    }
    if (opt_verify_only && (opt_simulate || opt_multi))
        return dw_cli_usage_error(cli, "--verify-only writes nothing: no --simulate or --multi");
    if (opt_simulate && opt_verify)
        return dw_cli_usage_error(cli, "--simulate writes nothing, so there is nothing to --verify");
    gboolean from_stdin = strcmp(source, "-") == 0;
    uint64_t stdin_size = 0;
    if (from_stdin) {
        char *end = NULL;
        if (!opt_size || (stdin_size = g_ascii_strtoull(opt_size, &end, 10)) == 0 || *end)
            return dw_cli_usage_error(cli, "burn -: standard input needs --size BYTES");
        if (opt_verify_only)
            return dw_cli_usage_error(cli, "--verify-only needs the image file, not standard input");
    } else if (opt_size) {
        return dw_cli_usage_error(cli, "--size is only for a SOURCE read from standard input (-)");
    }
    if (!from_stdin && g_str_has_suffix(source, ".cue"))
        return dw_cli_burn_cue(cli, source, opt_drive, &o, opt_eject);

    dw_cli_start(cli, opt_drive);
    GError *error = NULL;
    g_autoptr(dw_job) job = dw_job_new();
    dw_job_set_log(job, dw_cli_log_sink, cli);

    /* Source first: a missing image should not touch the drive. */
    g_autoptr(dw_burn_source) src = NULL;
    if (opt_author && !opt_multi) {
        if (!(src = author_source(source, NULL, 0, 0, job, &error)))
            return dw_cli_fail_free(cli, error);
    } else if (opt_author) {
        /* --multi: the session is authored once the medium is known. */
    } else if (from_stdin)
        src = dw_burn_source_new_fd(0, stdin_size, "standard input");
    else if (!opt_verify_only && !(src = dw_burn_source_new_file(source, &error)))
        return dw_cli_fail_free(cli, error);

    /* A new stdio file: write FILE.dwpart, rename when complete. */
    g_autofree char *final_path = NULL, *part_path = NULL, *addr = g_strdup(opt_drive), *sim_path = NULL;
    if (g_str_has_prefix(opt_drive, "stdio:") && opt_simulate && !g_file_test(opt_drive + 6, G_FILE_TEST_EXISTS))
        sim_path = g_strdup(opt_drive + 6);   /* libburn creates it empty: remove it again */
    if (g_str_has_prefix(opt_drive, "stdio:") && !opt_simulate && !opt_verify_only) {
        const char *p = opt_drive + 6;
        struct stat st;
        if (*p && stat(p, &st) != 0 && errno == ENOENT) {
            final_path = g_strdup(p);
            part_path = g_strdup_printf("%s.dwpart", p);
            g_free(addr);
            addr = g_strdup_printf("stdio:%s", part_path);
            unlink(part_path);
        }
    }
    dw_burn_drive *drive = dw_burn_drive_open(addr, &error);
    if (!drive)
        return dw_cli_fail_free(cli, error);
    int rc = DW_EXIT_OK;
    if (opt_verify_only) {
        rc = verify_only(cli, drive, source, job);
        dw_burn_drive_close(drive, opt_eject);
        return rc;
    }
    if (opt_author && opt_multi) {
        /* Continue what the medium holds: its last session's tree at msc1,
         * the new session at the next writable address. */
        dw_media_info mi;
        if (!dw_burn_media_info(drive, &mi, &error)) {
            dw_burn_drive_close(drive, FALSE);
            return dw_cli_fail_free(cli, error);
        }
        gboolean append = mi.status == DW_MEDIA_APPENDABLE && mi.msc1 >= 0 && mi.nwa > 0 &&
                          (!mi.overwritable || mi.iso_blocks > 0);
        /* A later session on a disc whose sessions hold no ISO (an
         * enhanced CD's audio session) starts a new tree at the next
         * writable address. */
        gboolean fresh = append && !mi.overwritable && !session_has_iso(drive, mi.msc1);
        if (append && !fresh)
            dw_job_log(job, DW_LOG_INFO, "continuing the ISO on %s: -C %d,%d", opt_drive, mi.msc1, mi.nwa);
        else if (fresh)
            dw_job_log(job, DW_LOG_INFO, "%s holds no ISO 9660 tree yet: a new one at LBA %d", opt_drive, mi.nwa);
        if (append)
            o.session_lba = mi.nwa;
        src = author_source(source, append && !fresh ? drive : NULL, mi.msc1, append ? mi.nwa : 0, job, &error);
        dw_media_info_clear(&mi);
        if (!src) {
            dw_burn_drive_close(drive, FALSE);
            if (part_path)
                unlink(part_path);
            struct stat est;
            if (sim_path && stat(sim_path, &est) == 0 && S_ISREG(est.st_mode) && est.st_size == 0)
                unlink(sim_path);
            return dw_cli_fail_free(cli, error);
        }
    }
    if (opt_speed) {
        dw_media_info mi;
        int profile = 0;
        if (dw_burn_media_info(drive, &mi, NULL)) {
            profile = mi.profile;
            dw_media_info_clear(&mi);
        }
        if (!speed_kbs(opt_speed, profile, &o.speed_kbs)) {
            dw_burn_drive_close(drive, FALSE);
            return dw_cli_usage_error(cli, "--speed %s: give kB/s, Nx or max", opt_speed);
        }
    }
    dw_burn_result r;
    dw_cli_progress *pr = dw_cli_progress_start(cli, job);
    gboolean ok = dw_burn_write(drive, src, &o, job, &r, &error);
    dw_cli_progress_stop(pr);
    dw_burn_drive_close(drive, opt_eject && ok);
    struct stat sst;
    if (sim_path && stat(sim_path, &sst) == 0 && S_ISREG(sst.st_mode) && sst.st_size == 0)
        unlink(sim_path);
    if (part_path) {
        if (ok && rename(part_path, final_path) != 0) {
            g_set_error(&error, DW_ERROR, DW_ERROR_IO, "%s: cannot rename to %s: %s", part_path, final_path,
                        g_strerror(errno));
            ok = FALSE;
        }
        if (!ok)
            unlink(part_path);
    }
    if (!ok)
        return dw_cli_fail_free(cli, error);
    g_autofree char *json = result_json(final_path ? opt_drive : addr, source, &o, &r);
    if (cli->json) {
        dw_cli_result(cli, json);
    } else if (!cli->quiet) {
        fprintf(stderr, "discwright: %s %" G_GUINT64_FORMAT " blocks to %s at LBA %d in %.1f s (%.1f MB/s)%s%s%s\n",
                o.simulate ? "simulated" : "wrote", r.blocks, opt_drive, r.start_lba, r.seconds,
                r.bytes_per_sec / 1e6, r.appended ? ", appended session" : "",
                r.superblock_updated ? ", superblock updated" : "", r.verified ? ", verified" : "");
    }
    return rc;
}
