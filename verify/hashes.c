/* hashes.c: check files against a reference hash list.  Each file is
 * read once; CRC32, MD5, SHA-1 and SHA-256 come from dw_hash (MD5 on a
 * second thread).  Every listed file gets exactly one finding naming it
 * (and its track, for redump "(Track N)" names): OK, ERROR with the
 * hashes that differ, or UNREADABLE when it is missing. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "discwright/error.h"
#include "discwright/hash.h"
#include "discwright/verify.h"

/* "Name (Track 12).bin" -> 12; 0 when the name carries no track. */
static int track_of_name(const char *name)
{
    const char *p = strstr(name, "(Track ");
    if (!p)
        return 0;
    p += 7;
    int n = 0;
    while (g_ascii_isdigit(*p) && n < 1000)
        n = n * 10 + (*p++ - '0');
    return *p == ')' ? n : 0;
}

gboolean dw_verify_hashlist(const dw_hashlist *l, const char *dir, dw_report *r, dw_job *job,
                            GError **error)
{
    int64_t total = 0;
    for (guint i = 0; i < l->entries->len; i++) {
        const dw_hash_entry *e = g_ptr_array_index(l->entries, i);
        total += e->size > 0 ? e->size : 0;
    }
    if (job)
        dw_job_begin_phase(job, "hashing", (uint64_t)total, "bytes");
    int matched = 0, bad = 0, missing = 0;
    for (guint i = 0; i < l->entries->len; i++) {
        const dw_hash_entry *e = g_ptr_array_index(l->entries, i);
        if (job && !dw_job_check_cancel(job, error))
            return FALSE;
        int track = track_of_name(e->name);
        if (job)
            dw_job_set_track(job, track);
        g_autofree char *path = g_build_filename(dir, e->name, NULL);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            dw_report_add(r, DW_SEV_UNREADABLE, "hash", e->name, track, -1, -1, "%s: %s", e->name,
                          errno == ENOENT ? "missing" : "not a readable file");
            missing++;
            continue;
        }
        dw_hash_result h;
        GError *he = NULL;
        if (!dw_hash_file(path, 0, -1, DW_HASH_ALL, &h, &he)) {
            dw_report_add(r, DW_SEV_UNREADABLE, "hash", e->name, track, -1, -1, "%s", he->message);
            g_error_free(he);
            missing++;
            continue;
        }
        if (job)
            dw_job_advance(job, 0, h.size);
        GString *diff = g_string_new(NULL);
        if (e->size >= 0 && (uint64_t)e->size != h.size)
            g_string_append_printf(diff, " size %" G_GUINT64_FORMAT " (expected %" G_GINT64_FORMAT ")",
                                   h.size, e->size);
        if ((e->kinds & DW_HASH_CRC32) && strcmp(e->crc32, h.crc32_hex) != 0)
            g_string_append_printf(diff, " crc32 %s (expected %s)", h.crc32_hex, e->crc32);
        if ((e->kinds & DW_HASH_MD5) && strcmp(e->md5, h.md5_hex) != 0)
            g_string_append_printf(diff, " md5 %s (expected %s)", h.md5_hex, e->md5);
        if ((e->kinds & DW_HASH_SHA1) && strcmp(e->sha1, h.sha1_hex) != 0)
            g_string_append_printf(diff, " sha1 %s (expected %s)", h.sha1_hex, e->sha1);
        if ((e->kinds & DW_HASH_SHA256) && strcmp(e->sha256, h.sha256_hex) != 0)
            g_string_append_printf(diff, " sha256 %s (expected %s)", h.sha256_hex, e->sha256);
        if (diff->len) {
            dw_report_add(r, DW_SEV_ERROR, "hash", e->name, track, -1, -1, "%s: mismatch:%s", e->name,
                          diff->str);
            bad++;
        } else {
            dw_report_add(r, DW_SEV_OK, "hash", e->name, track, -1, -1, "%s: matches (crc32 %s, sha1 %s)",
                          e->name, h.crc32_hex, h.sha1_hex);
            matched++;
        }
        g_string_free(diff, TRUE);
    }
    dw_report_set_stat(r, "files_matched", matched);
    dw_report_set_stat(r, "files_mismatched", bad);
    dw_report_set_stat(r, "files_missing", missing);
    return TRUE;
}
