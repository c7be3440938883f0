/* cmd_verify.c: `discwright verify TARGET [--against FILE|DEVICE]
 * [--hashes] [--sectors] [--fs] [--audio] [--repair OUT] ...` — runs the
 * checks of verify.h and prints the findings (or one JSON result).
 * Exit: 0 all good, 6 a mismatch or structural error, 5 something could
 * not be read (and nothing mismatched), other codes for failures. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "discwright/verify.h"

static char *opt_against, *opt_repair, *opt_ardb, *opt_ctdb;
static gboolean opt_hashes, opt_sectors, opt_fs, opt_audio, opt_force;
static int opt_list = 20;

const GOptionEntry dw_cli_verify_options[] = {
    { "against", 'a', 0, G_OPTION_ARG_FILENAME, &opt_against,
      "Reference: a .hash sidecar, .dat, .md5/.sha1/.sha256 file, or an image or drive to compare with", "FILE" },
    { "hashes", 0, 0, G_OPTION_ARG_NONE, &opt_hashes, "Check file hashes (CRC32, MD5, SHA-1, SHA-256)", NULL },
    { "sectors", 0, 0, G_OPTION_ARG_NONE, &opt_sectors, "Check raw sectors (sync, header, EDC, ECC) and .sub Q", NULL },
    { "fs", 0, 0, G_OPTION_ARG_NONE, &opt_fs, "Check ISO 9660 / Joliet / Rock Ridge / UDF structures", NULL },
    { "audio", 0, 0, G_OPTION_ARG_NONE, &opt_audio,
      "AccurateRip, CTDB, CDDB and MusicBrainz checksums of the audio tracks", NULL },
    { "accuraterip-db", 0, 0, G_OPTION_ARG_FILENAME, &opt_ardb,
      "Check audio against AccurateRip: a dBAR-...bin response, or a folder of them (implies --audio)", "FILE|DIR" },
    { "ctdb", 0, 0, G_OPTION_ARG_FILENAME, &opt_ctdb,
      "Check audio against a CTDB lookup answer (XML; implies --audio)", "FILE" },
    { "repair", 0, 0, G_OPTION_ARG_FILENAME, &opt_repair,
      "Write a copy of the data file with RSPC-correctable sectors corrected (implies --sectors)", "OUT" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &opt_force, "Replace an existing --repair output", NULL },
    { "list", 0, 0, G_OPTION_ARG_INT, &opt_list, "List at most N ranges per problem (default 20)", "N" },
    G_OPTION_ENTRY_NULL
};


static gboolean is_hashlist_name(const char *p)
{
    static const char *const exts[] = { ".hash", ".dat", ".md5", ".sha1", ".sha256" };
    for (size_t i = 0; i < G_N_ELEMENTS(exts); i++)
        if (g_str_has_suffix(p, exts[i]))
            return TRUE;
    return FALSE;
}

/* BASE.hash, BASE.dat, BASE.sha1, BASE.md5, BASE.sha256: the first that exists. */
static char *find_hashlist(const char *base)
{
    static const char *const exts[] = { ".hash", ".dat", ".sha1", ".md5", ".sha256" };
    for (size_t i = 0; i < G_N_ELEMENTS(exts); i++) {
        char *p = g_strconcat(base, exts[i], NULL);
        if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
            return p;
        g_free(p);
    }
    return NULL;
}

static void print_human(const dw_report *r)
{
    for (size_t i = 0; i < dw_report_count(r); i++) {
        const dw_finding *f = dw_report_get(r, i);
        char where[64] = "";
        if (f->track)
            g_snprintf(where, sizeof where, "track %d ", f->track);
        if (f->first >= 0 && f->last > f->first)
            g_snprintf(where + strlen(where), sizeof where - strlen(where),
                       "@%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " ", f->first, f->last);
        else if (f->first >= 0)
            g_snprintf(where + strlen(where), sizeof where - strlen(where), "@%" G_GINT64_FORMAT " ",
                       f->first);
        printf("%-10s %-8s %s%s\n", dw_severity_name(f->severity), f->check, where, f->message);
    }
    size_t errors = 0, unread = 0;
    for (size_t i = 0; i < dw_report_count(r); i++) {
        const dw_finding *f = dw_report_get(r, i);
        errors += f->severity == DW_SEV_ERROR;
        unread += f->severity == DW_SEV_UNREADABLE;
    }
    if (errors || unread)
        printf("RESULT: %zu problem(s), %zu unreadable\n", errors, unread);
    else
        printf("RESULT: all good\n");
}

static const char *vname(dw_ar_version v)
{
    return v == DW_AR_V2 ? "v2" : "v1";
}

/* --audio, --accuraterip-db, --ctdb: sums, and the proof when given. */
static gboolean audio_checks(const dw_image *img, dw_report *r, dw_job *job, GError **error)
{
    dw_audio_sums sums;
    dw_track_extra extra[DW_MAX_TRACKS];
    g_autofree dw_ar_record *recs = NULL;
    size_t n_recs = 0, n_ent = 0;
    g_autofree dw_ctdb_entry *ent = NULL;
    if (!opt_ardb && !opt_ctdb) {
        if (!dw_audio_compute(img, &sums, job, error))
            return FALSE;
        dw_audio_report(&sums, r);
        return TRUE;
    }
    if (!img->disc) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: audio checks need a cue, toc or CloneCD image",
                    img->target);
        return FALSE;
    }
    if (opt_ctdb) {
        g_autofree char *xml = NULL;
        gsize len = 0;
        GError *e = NULL;
        if (!g_file_get_contents(opt_ctdb, &xml, &len, &e)) {
            g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: %s", opt_ctdb, e->message);
            g_error_free(e);
            return FALSE;
        }
        ent = dw_ctdb_parse(xml, len, opt_ctdb, &n_ent, error);
        if (!ent)
            return FALSE;
    }
    if (opt_ardb) {
        dw_audio_layout L;
        if (!dw_audio_layout_of(img->disc, &L, error))
            return FALSE;
        dw_audio_sums ids;
        memset(&ids, 0, sizeof ids);
        dw_audio_ids(img->disc, &L, &ids);
        GError *e = NULL;
        recs = dw_ar_db_load(opt_ardb, ids.n_tracks, ids.ar_id1, ids.ar_id2, ids.cddb_id, &n_recs, NULL, &e);
        if (!recs && e->code != DW_ERROR_NO_DEVICE) {
            g_propagate_error(error, e);
            return FALSE;
        }
        if (!recs) {
            dw_report_add(r, DW_SEV_ERROR, "accuraterip", NULL, 0, -1, -1, "%s", e->message);
            g_clear_error(&e);
        }
    }
    dw_audio_proof p;
    if (!dw_audio_image_prove(img, recs, n_recs, ent, n_ent, 3000, &sums, extra, &p, job, error))
        return FALSE;
    dw_audio_report(&sums, r);
    if (opt_ardb && recs && !p.ar_found)
        dw_report_add(r, DW_SEV_ERROR, "accuraterip", NULL, 0, -1, -1,
                      "no record for disc id %03d-%08x-%08x-%08x in the database", sums.n_tracks, sums.ar_id1,
                      sums.ar_id2, sums.cddb_id);
    for (int k = 0; k < p.n_tracks && opt_ardb && p.ar_found; k++) {
        const dw_track_proof *t = &p.tracks[k];
        if (t->ar)
            dw_report_add(r, DW_SEV_OK, "accuraterip", NULL, t->track, -1, -1,
                          "accurately ripped (%s, confidence %d)", vname(t->ar), t->ar_confidence);
        else if (t->ar_other)
            dw_report_add(r, DW_SEV_ERROR, "accuraterip", NULL, t->track, -1, -1,
                          "accurate only with a %+d sample offset (another pressing; %s, confidence %d)",
                          t->ar_other_shift, vname(t->ar_other), t->ar_other_confidence);
        else
            dw_report_add(r, DW_SEV_ERROR, "accuraterip", NULL, t->track, -1, -1,
                          "no matching AccurateRip CRC (v1 %08x, v2 %08x)", sums.tracks[k].ar_v1, sums.tracks[k].ar_v2);
    }
    if (opt_ctdb) {
        if (!n_ent)
            dw_report_add(r, DW_SEV_ERROR, "ctdb", NULL, 0, -1, -1, "the CTDB answer has no entries for this disc");
        else if (p.ctdb_disc_confidence)
            dw_report_add(r, DW_SEV_OK, "ctdb", NULL, 0, -1, -1, "disc CRC %08x accurate (confidence %d)",
                          sums.ctdb_crc, p.ctdb_disc_confidence);
        for (int k = 0; k < p.n_tracks && n_ent; k++) {
            const dw_track_proof *t = &p.tracks[k];
            if (t->ctdb_confidence)
                dw_report_add(r, DW_SEV_OK, "ctdb", NULL, t->track, -1, -1, "accurate (confidence %d of %d)",
                              t->ctdb_confidence, t->ctdb_total);
            else
                dw_report_add(r, DW_SEV_ERROR, "ctdb", NULL, t->track, -1, -1, "no matching CTDB CRC (%08x)",
                              extra[k].ctdb);
        }
    }
    return TRUE;
}

static gboolean run(dw_cli *cli, const char *target, dw_report *r, dw_job *job, GError **error)
{
    gboolean any = opt_hashes || opt_sectors || opt_fs || opt_audio || opt_ardb || opt_ctdb || opt_repair;
    gboolean target_is_list = is_hashlist_name(target);
    gboolean against_is_list = opt_against && is_hashlist_name(opt_against);
    gboolean is_device = !target_is_list && dw_source_classify(target) == DW_SOURCE_DEVICE;
    (void)cli;

    /* Comparison: TARGET (image or drive) against an image. */
    if ((opt_against && !against_is_list) || is_device) {
        if (!opt_against) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE,
                        "%s is a drive: give the image to compare it with (--against IMAGE)", target);
            return FALSE;
        }
        dw_compare_opts co = { (size_t)opt_list };
        if (!dw_verify_compare(target, opt_against, &co, r, job, error))
            return FALSE;
        if (is_device)
            return TRUE;
    }
    if (g_str_has_suffix(target, ".log") && !any && !opt_against)
        return dw_verify_rip_log(target, r, error);    /* a rip's log: its checksum */
    if (target_is_list) {
        g_autoptr(dw_hashlist) l = dw_hashlist_read_file(target, error);
        if (!l)
            return FALSE;
        g_autofree char *dir = g_path_get_dirname(target);
        return dw_verify_hashlist(l, dir, r, job, error);
    }
    g_autoptr(dw_image) img = dw_image_open(target, error);
    if (!img)
        return FALSE;

    /* Hashes: an explicit list, or one found beside the target. */
    if (opt_hashes || against_is_list || !any) {
        g_autofree char *list = against_is_list ? g_strdup(opt_against) : find_hashlist(img->base);
        if (!list && opt_hashes) {
            g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE,
                        "%s: no hash list beside it (%s.hash, .dat, .sha1, .md5, .sha256); give one with --against",
                        target, img->base);
            return FALSE;
        }
        if (list) {
            g_autoptr(dw_hashlist) l = dw_hashlist_read_file(list, error);
            if (!l)
                return FALSE;
            g_autofree char *dir = g_path_get_dirname(list);
            if (!dw_verify_hashlist(l, dir, r, job, error))
                return FALSE;
        }
    }
    gboolean raw = img->kind != DW_IMAGE_ISO;
    if (opt_sectors || opt_repair || (!any && raw && !opt_against)) {
        if (!raw) {
            if (opt_sectors || opt_repair) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE,
                            "%s: an ISO holds 2048-byte sectors without EDC/ECC; --sectors needs a raw image "
                            "(.ccd, .cue, .toc or 2352-byte .bin)", target);
                return FALSE;
            }
        } else {
            dw_sectors_opts so = { opt_repair, opt_force, (size_t)opt_list };
            if (!dw_verify_sectors(img, &so, r, job, error))
                return FALSE;
        }
    }
    if (opt_fs || (!any && !opt_against)) {
        if (!dw_verify_fs(img, r, job, error))
            return FALSE;
    }
    if (opt_audio || opt_ardb || opt_ctdb)
        return audio_checks(img, r, job, error);
    return TRUE;
}

typedef struct {
    dw_cli *cli;
    const char *target;
    dw_report *report;
} verify_call;

static gboolean verify_job(dw_job *job, void *data, GError **error)
{
    verify_call *v = data;
    return run(v->cli, v->target, v->report, job, error);
}

int dw_cmd_verify(dw_cli *cli, int argc, char **argv)
{
    (void)argc;
    const char *target = argv[0];
    if (opt_list < 1)
        return dw_cli_usage_error(cli, "--list must be at least 1");
    if (opt_repair && opt_against && !is_hashlist_name(opt_against))
        return dw_cli_usage_error(cli, "--repair works on the target image, not with a comparison (--against %s)",
                                  opt_against);
    dw_cli_start(cli, target);
    g_autoptr(dw_job) job = dw_job_new();
    dw_job_set_log(job, dw_cli_log_sink, cli);
    g_autoptr(dw_report) r = dw_report_new();
    GError *error = NULL;
    verify_call v = { cli, target, r };
    gboolean ok = dw_cli_run_job(cli, job, verify_job, &v, &error);
    if (!ok) {
        int rc = dw_cli_fail(cli, error);
        g_error_free(error);
        return rc;
    }
    if (cli->json) {
        g_autofree char *json = dw_report_to_json(r);
        dw_cli_result(cli, json);
    } else if (!cli->quiet) {
        print_human(r);
    }
    if (dw_report_count_sev(r, DW_SEV_ERROR, NULL))
        return DW_EXIT_MISMATCH;
    if (dw_report_count_sev(r, DW_SEV_UNREADABLE, NULL))
        return DW_EXIT_UNREADABLE;
    return DW_EXIT_OK;
}
