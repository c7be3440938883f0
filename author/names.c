/* names.c: ISO 9660 and Joliet identifiers.
 *
 * ISO names are reduced to d-characters (A-Z 0-9 _; mkisofs' relaxations
 * -allow-lowercase, -relaxed-filenames, -allow-leading-dots, -d and -N
 * widen that or drop the '.' and ";1"), cut to the level's
 * limits (level 1: 8.3 and 8 for directories; levels 2-3: 30 for
 * name+extension, 31 for directories) and made unique per directory in
 * the order of the original names: a collision replaces the end of the
 * name with a counter kept per base name, so 2,000 similar names cost
 * O(n), not O(n^2).  Joliet names are UCS-2 as the Joliet
 * specification says (a character outside the BMP becomes one '_':
 * surrogate pairs break readers such as libiso9660, whose UCS-2
 * conversion fails and loses the whole directory), cut to 64 (or 103)
 * characters, with * / : ; ? \ and controls replaced by '_'; files get ";1". */
#include "config.h"

#include <string.h>

#include "author/author_private.h"

/* One ISO 9660 name character: a d-character, or more with the mkisofs
 * relaxations (DW_ISO_LOWERCASE keeps a-z, DW_ISO_7BIT takes printable
 * ASCII but '/' and ';', the version separator). */
static char dchar(unsigned char ch, unsigned relax)
{
    if (ch >= 'a' && ch <= 'z')
        return (char)(relax & DW_ISO_LOWERCASE ? ch : ch - 'a' + 'A');
    if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_')
        return (char)ch;
    if ((relax & DW_ISO_7BIT) && ch >= 0x20 && ch < 0x7F && ch != '/' && ch != ';')
        return (char)ch;
    return '_';
}

/* Map s into out, at most max chars; returns length. */
static int dmap(const char *s, size_t n, char *out, int max, unsigned relax)
{
    int len = 0;
    for (size_t i = 0; i < n && len < max; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x80) {
            /* One '_' per UTF-8 character, not per byte. */
            while (i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80)
                i++;
        }
        out[len++] = dchar(ch, relax);
    }
    return len;
}

static void iso_name(dw_author_plan *p, dw_anode *n, char *name, int *nlen, char *ext, int *elen)
{
    int level = p->o.iso_level ? p->o.iso_level : 3;
    unsigned relax = p->o.iso_names;
    const char *s = n->name;
    size_t sl = strlen(s);
    /* -allow-leading-dots: a leading '.' stays (and is not the extension's). */
    int lead = (relax & DW_ISO_LEADING_DOT) && s[0] == '.' && s[1] ? 1 : 0;
    if (lead)
        name[0] = '.';
    if (S_ISDIR(n->mode)) {
        *nlen = lead + dmap(s + lead, sl - (size_t)lead, name + lead, (level == 1 ? 8 : 31) - lead, relax);
        *elen = 0;
    } else {
        const char *dot = strrchr(s + lead, '.');
        if (dot == s)
            dot = NULL;
        size_t bl = dot ? (size_t)(dot - s) : sl;
        int emax = level == 1 ? 3 : 30;
        *elen = dot ? dmap(dot + 1, sl - bl - 1, ext, emax, relax) : 0;
        int nmax = level == 1 ? 8 : 30 - *elen;
        *nlen = lead + dmap(s + lead, bl - (size_t)lead, name + lead, nmax - lead, relax);
    }
    if (*nlen == 0 && *elen == 0)
        name[(*nlen)++] = '_';
}

static void compose(const dw_author_plan *p, dw_anode *n, const char *name, int nlen, const char *ext, int elen)
{
    int l = 0;
    memcpy(n->iso_id, name, (size_t)nlen);
    l = nlen;
    if (!S_ISDIR(n->mode)) {
        if (elen || !(p->o.iso_names & DW_ISO_NO_DOT))
            n->iso_id[l++] = '.';
        memcpy(n->iso_id + l, ext, (size_t)elen);
        l += elen;
        if (!(p->o.iso_names & DW_ISO_NO_VERSION)) {
            n->iso_id[l++] = ';';
            n->iso_id[l++] = '1';
        }
    }
    n->iso_id[l] = '\0';
    n->iso_id_len = l;
}

void dw_author_iso_names(dw_author_plan *p, dw_anode *dir)
{
    int level = p->o.iso_level ? p->o.iso_level : 3;
    GHashTable *used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTable *counter = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < dir->kids->len; i++) {
        dw_anode *k = g_ptr_array_index(dir->kids, i);
        char name[40], ext[40];
        int nlen, elen;
        iso_name(p, k, name, &nlen, ext, &elen);
        compose(p, k, name, nlen, ext, elen);
        if (g_hash_table_contains(used, k->iso_id)) {
            char *base = g_strdup(k->iso_id);
            guint c = GPOINTER_TO_UINT(g_hash_table_lookup(counter, base));
            int nmax = S_ISDIR(k->mode) ? (level == 1 ? 8 : 31) : (level == 1 ? 8 : 30 - elen);
            for (;;) {
                c++;
                char num[16];
                int dl = g_snprintf(num, sizeof num, "%u", c);
                int keep = MIN(nlen, nmax - dl);
                if (keep < 0)
                    keep = 0;
                char nm[40];
                memcpy(nm, name, (size_t)keep);
                memcpy(nm + keep, num, (size_t)dl);
                compose(p, k, nm, keep + dl, ext, elen);
                if (!g_hash_table_contains(used, k->iso_id))
                    break;
            }
            g_hash_table_insert(counter, base, GUINT_TO_POINTER(c));
        }
        g_hash_table_add(used, g_strdup(k->iso_id));
    }
    g_hash_table_unref(used);
    g_hash_table_unref(counter);
}

static guint jid_hash(gconstpointer k)
{
    const GBytes *b = k;
    return g_bytes_hash(b);
}

static void jset(dw_anode *n, const gunichar2 *u, int len, gboolean file)
{
    g_free(n->jid);
    n->jid = g_new(gunichar2, len + 3);
    memcpy(n->jid, u, (size_t)len * 2);
    if (file) {
        n->jid[len++] = ';';
        n->jid[len++] = '1';
    }
    n->jid_len = len;
}

void dw_author_joliet_names(dw_author_plan *p, dw_anode *dir)
{
    int max = p->o.joliet_long ? 103 : 64;
    GHashTable *used = g_hash_table_new_full(jid_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref, NULL);
    for (guint i = 0; i < dir->kids->len; i++) {
        dw_anode *k = g_ptr_array_index(dir->kids, i);
        glong n = 0;
        gunichar2 *u = g_utf8_to_utf16(k->name, -1, NULL, &n, NULL);
        if (!u) {
            /* Not UTF-8: take the bytes as Latin-1. */
            n = (glong)strlen(k->name);
            u = g_new(gunichar2, n + 1);
            for (glong j = 0; j < n; j++)
                u[j] = (unsigned char)k->name[j];
        }
        /* UCS-2: a character outside the BMP (a surrogate pair) becomes one '_'. */
        glong m = 0;
        for (glong j = 0; j < n; j++) {
            gunichar2 ch = u[j];
            if (ch >= 0xD800 && ch < 0xDC00 && j + 1 < n && u[j + 1] >= 0xDC00 && u[j + 1] < 0xE000)
                j++, ch = '_';
            else if (ch >= 0xD800 && ch < 0xE000)
                ch = '_';
            if (ch < 0x20 || strchr("*/:;?\\", ch < 0x80 ? (int)ch : 'a'))
                ch = '_';
            u[m++] = ch;
        }
        n = m;
        int len = (int)MIN(n, max);
        if (len < n && len > 0 && u[len - 1] >= 0xD800 && u[len - 1] < 0xDC00)
            len--;
        gboolean file = !S_ISDIR(k->mode);
        jset(k, u, len, file);
        GBytes *key = g_bytes_new(k->jid, (gsize)k->jid_len * 2);
        for (guint c = 1; g_hash_table_contains(used, key); c++) {
            g_bytes_unref(key);
            char num[16];
            int dl = g_snprintf(num, sizeof num, "~%u", c);
            int keep = MIN(len, max - dl);
            if (keep > 0 && u[keep - 1] >= 0xD800 && u[keep - 1] < 0xDC00)
                keep--;
            gunichar2 *v = g_new(gunichar2, keep + dl + 1);
            memcpy(v, u, (size_t)keep * 2);
            for (int j = 0; j < dl; j++)
                v[keep + j] = (gunichar2)num[j];
            jset(k, v, keep + dl, file);
            g_free(v);
            key = g_bytes_new(k->jid, (gsize)k->jid_len * 2);
        }
        g_hash_table_add(used, key);
        if (len < n)
            dw_job_log(p->job, DW_LOG_INFO, "Joliet name of %s cut to %d characters", k->name, max);
        g_free(u);
    }
    g_hash_table_unref(used);
}

int dw_author_iso_cmp(const dw_anode *a, const dw_anode *b)
{
    return strcmp(a->iso_id, b->iso_id);
}

int dw_author_joliet_cmp(const dw_anode *a, const dw_anode *b)
{
    int n = MIN(a->jid_len, b->jid_len);
    for (int i = 0; i < n; i++)
        if (a->jid[i] != b->jid[i])
            return a->jid[i] < b->jid[i] ? -1 : 1;
    return a->jid_len - b->jid_len;
}
