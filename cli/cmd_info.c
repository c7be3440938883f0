/* cmd_info.c: `discwright info SOURCE` — what a drive or image holds,
 * as an aligned report on standard output or a JSON result event. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static dw_job *running_job;

static void on_signal(int sig)
{
    (void)sig;
    dw_job_cancel_async_safe(running_job);
}

/* An absolute address (LBA + the 150-sector lead) as MM:SS:FF. */
static void msf_text(int32_t lba, char *buf, size_t size)
{
    dw_msf m = dw_lba_to_msf(lba);
    g_snprintf(buf, size, "%02u:%02u:%02u", m.m, m.s, m.f);
}

/* A length in sectors as play time MM:SS:FF (the helper the GUI's Disc
 * view uses too). */
static void time_text(int32_t sectors, char *buf, size_t size)
{
    dw_frames_to_string(MAX(sectors, 0), buf, size);
}

static const char *session_format_name(dw_session_format f)
{
    switch (f) {
    case DW_SESSION_CDI: return "CD-i";
    case DW_SESSION_CDROM_XA: return "CD-ROM XA";
    default: return "CD-DA/CD-ROM";
    }
}

static void flags_text(uint8_t control, char *buf, size_t size)
{
    buf[0] = '\0';
    static const struct {
        uint8_t bit;
        const char *name;
    } flags[] = { { DW_CTRL_PRE, "PRE" }, { DW_CTRL_DCP, "DCP" }, { DW_CTRL_4CH, "4CH" } };
    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++)
        if (control & flags[i].bit) {
            if (buf[0])
                g_strlcat(buf, ",", size);
            g_strlcat(buf, flags[i].name, size);
        }
    if (!buf[0])
        g_strlcpy(buf, "-", size);
}

static void print_cdtext(const dw_disc *disc)
{
    for (int b = 0; b < disc->cdtext.n_blocks; b++) {
        const dw_cdtext_block *blk = &disc->cdtext.block[b];
        if (!blk->present)
            continue;
        const char *lang = dw_cdtext_language_name(blk->language);
        printf("\nCD-TEXT block %d (%s, code 0x%02x):\n", b, lang ? lang : "unknown language",
               blk->language);
        for (int t = 0; t < 100; t++) {
            for (int f = 0; f < DW_CDTEXT_NFIELDS; f++) {
                if (f == DW_CDTEXT_TOC_INFO || f == DW_CDTEXT_TOC_INFO2 || f == DW_CDTEXT_SIZE_INFO)
                    continue;
                const char *raw = blk->text[f][t];
                if (!raw)
                    continue;
                const char *from = blk->charset == DW_CDTEXT_CHARSET_MSJIS ? "SHIFT_JIS" : "ISO-8859-1";
                g_autofree char *u = g_convert(raw, -1, "UTF-8", from, NULL, NULL, NULL);
                g_autofree char *v = u ? NULL : g_utf8_make_valid(raw, -1);
                char where[16];
                if (t == 0)
                    g_strlcpy(where, "album", sizeof where);
                else
                    g_snprintf(where, sizeof where, "track %d", t);
                printf("  %-9s %-11s %s\n", where, dw_cdtext_field_name((dw_cdtext_field)f), u ? u : v);
            }
        }
    }
}

static void print_human(const char *source, const dw_disc *disc)
{
    printf("Source:   %s\n", source);
    printf("Profile:  %s\n", disc->profile ? disc->profile : "unknown");
    if (disc->label)
        printf("Label:    %s\n", disc->label);
    if (disc->mcn[0])
        printf("MCN:      %s\n", disc->mcn);
    char msf[16];
    if (disc->kind != DW_DISC_CD) {
        /* DVD, BD and plain ISO files: 2048-byte sectors, no CD addressing. */
        printf("Size:     %d sectors (%.1f MiB)\n", disc->total_sectors,
               disc->total_sectors * 2048.0 / (1024 * 1024));
        return;
    }
    time_text(disc->total_sectors, msf, sizeof msf);
    printf("Size:     %d sectors (play time %s)\n", disc->total_sectors, msf);
    for (int s = 0; s < disc->n_sessions; s++) {
        const dw_session *ses = &disc->sessions[s];
        msf_text(ses->leadout, msf, sizeof msf);
        printf("Session %d: %s, tracks %d-%d, lead-out at LBA %d (absolute MSF %s)\n", ses->number,
               session_format_name(ses->format), ses->first_track, ses->last_track, ses->leadout, msf);
    }
    /* START is an LBA and ABS MSF the same address as MSF (LBA + 150);
     * LENGTH is in sectors and TIME the same as play time. */
    printf("\n%5s %4s %-12s %-11s %8s %8s %9s %9s %6s  %-12s %s\n", "TRACK", "SES", "MODE", "FLAGS", "START",
           "ABS MSF", "LENGTH", "TIME", "PREGAP", "ISRC", "INDEXES");
    for (int i = 0; i < disc->n_tracks; i++) {
        const dw_track *t = &disc->tracks[i];
        char flags[32], len[16];
        flags_text(t->control, flags, sizeof flags);
        msf_text(t->start, msf, sizeof msf);
        time_text(t->length, len, sizeof len);
        GString *idx = g_string_new(NULL);
        for (int k = 2; k < t->n_indexes && k <= DW_MAX_INDEX; k++)
            g_string_append_printf(idx, "%s%02d@%d", idx->len ? " " : "", k, t->index[k]);
        printf("%5d %4d %-12s %-11s %8d %8s %9d %9s %6d  %-12s %s\n", t->number, t->session,
               dw_track_mode_name(t->mode), flags, t->start, msf, t->length, len, t->pregap,
               t->isrc[0] ? t->isrc : "-", idx->len ? idx->str : "-");
        g_string_free(idx, TRUE);
    }
    print_cdtext(disc);
}

/* El Torito entries and partition tables of an image file (boot_info.c). */
static void print_boot(const dw_boot_info *b)
{
    if (b->catalog_state != DW_BOOT_CAT_NONE) {
        printf("\nEl Torito: catalog at block %u%s\n", b->catalog,
               b->catalog_state == DW_BOOT_CAT_OK ? "" : " (unreadable or invalid)");
        if (b->n_entries)
            printf("%5s %-8s %-15s %-4s %7s %7s %10s\n", "ENTRY", "PLATFORM", "EMULATION", "BOOT", "SYSTYPE", "SECTORS",
                   "BLOCK");
        for (guint i = 0; i < b->n_entries; i++) {
            const dw_boot_entry *e = &b->entries[i];
            printf("%5u %-8s %-15s %-4s    0x%02x %7u %10u\n", i + 1, dw_boot_platform_name(e->platform),
                   dw_boot_media_name(e->media), e->bootable ? "yes" : "no", e->sys_type, e->sectors, e->lba);
        }
    }
    if (b->mbr && (b->n_mbr || b->mbr_code)) {
        printf("\nMBR: disk id 0x%08x, %s\n", b->disk_id, b->mbr_code ? "boot code present" : "no boot code");
        if (b->n_mbr)
            printf("%5s %-4s %-4s %12s %12s\n", "PART", "BOOT", "TYPE", "START", "SECTORS");
        for (guint i = 0; i < b->n_mbr; i++) {
            const dw_mbr_entry *m = &b->mbr_parts[i];
            printf("%5d %-4s 0x%02x %12" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT "\n", m->slot,
                   m->status == 0x80 ? "yes" : "no", m->type, m->start, m->count);
        }
    }
    if (b->gpt) {
        printf("\nGPT: disk %s, header %s, entries %s, backup %s\n", b->gpt_header_ok ? b->disk_guid : "?",
               b->gpt_header_ok ? "valid" : "INVALID", b->gpt_array_ok ? "valid" : "INVALID",
               b->gpt_backup_ok ? "valid" : "missing or different");
        if (b->n_gpt)
            printf("%5s %-36s %12s %12s  %s\n", "PART", "TYPE", "FIRST", "LAST", "NAME");
        for (guint i = 0; i < b->n_gpt; i++) {
            const dw_gpt_entry *g = &b->gpt_parts[i];
            printf("%5d %-36s %12" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT "  %s\n", g->slot, g->type, g->first,
                   g->last, g->name);
        }
    }
}

int dw_cmd_info(dw_cli *cli, int argc, char **argv)
{
    (void)argc;
    const char *source = argv[0];
    if (g_str_has_prefix(source, "stdio:"))   /* a libburn pseudo-drive is its file */
        source += 6;
    dw_cli_start(cli, source);
    g_autoptr(dw_job) job = dw_job_new();
    dw_job_set_log(job, dw_cli_log_sink, cli);
    running_job = job;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    GError *error = NULL;
    g_autoptr(dw_disc) disc = dw_probe(source, job, &error);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    running_job = NULL;
    if (!disc) {
        int rc = dw_cli_fail(cli, error);
        g_error_free(error);
        return rc;
    }
    dw_boot_info *boot = NULL;
    if (g_file_test(source, G_FILE_TEST_IS_REGULAR)) {
        boot = g_new0(dw_boot_info, 1);
        if (!dw_boot_info_read_file(source, boot, NULL))
            g_clear_pointer(&boot, g_free);
    }
    if (cli->json) {
        g_autofree char *json = dw_disc_to_json(disc);
        if (boot && json && g_str_has_suffix(json, "}")) {
            g_autofree char *bj = dw_boot_info_to_json(boot);
            json[strlen(json) - 1] = '\0';
            g_autofree char *all = g_strdup_printf("%s,\"boot\":%s}", json, bj);
            dw_cli_result(cli, all);
        } else {
            dw_cli_result(cli, json);
        }
    } else {
        print_human(source, disc);
        if (boot)
            print_boot(boot);
    }
    g_free(boot);
    return DW_EXIT_OK;
}
