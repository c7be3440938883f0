/* fetch.c: the one place discwright talks HTTP (libcurl): database
 * answers fetched for --online into a cache folder, so the next run (and
 * every test) reads files.  Nothing else needs a network.  The base
 * URLs can be pointed elsewhere (a mirror, or a loopback server in a
 * test) with DW_ACCURATERIP_URL and DW_CTDB_URL. */
#include "config.h"

#include <curl/curl.h>
#include <glib/gstdio.h>
#include <string.h>

#include "discwright/audiodb.h"
#include "discwright/error.h"

#define MAX_BODY (16u << 20)     /* no answer we want is larger */

const char *dw_accuraterip_base_url(void)
{
    const char *v = g_getenv("DW_ACCURATERIP_URL");
    return v && *v ? v : "http://www.accuraterip.com/accuraterip";
}

const char *dw_ctdb_lookup_url(void)
{
    const char *v = g_getenv("DW_CTDB_URL");
    return v && *v ? v : "http://db.cuetools.net/lookup2.php";
}

char *dw_fetch_cache_dir(void)
{
    return g_build_filename(g_get_user_cache_dir(), "discwright", NULL);
}

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *user)
{
    GByteArray *b = user;
    size_t n = size * nmemb;
    if (b->len + n > MAX_BODY)
        return 0;                /* aborts the transfer */
    g_byte_array_append(b, (const guint8 *)ptr, (guint)n);
    return n;
}

static gsize curl_ready;

GBytes *dw_fetch_cached(const char *url, const char *cache_path, GError **error)
{
    if (cache_path && g_file_test(cache_path, G_FILE_TEST_IS_REGULAR)) {
        gchar *data = NULL;
        gsize len = 0;
        GError *e = NULL;
        if (!g_file_get_contents(cache_path, &data, &len, &e)) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", cache_path, e->message);
            g_error_free(e);
            return NULL;
        }
        return g_bytes_new_take(data, len);
    }
    if (g_once_init_enter(&curl_ready)) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        g_once_init_leave(&curl_ready, 1);
    }
    CURL *h = curl_easy_init();
    if (!h) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: cannot start an HTTP request", url);
        return NULL;
    }
    GByteArray *body = g_byte_array_new();
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "discwright/" PACKAGE_VERSION);
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK || status != 200) {
        if (rc == CURLE_OK && status == 404)
            g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: not in the database (HTTP 404)", url);
        else if (rc == CURLE_OK)
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: HTTP status %ld", url, status);
        else
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
        g_byte_array_unref(body);
        return NULL;
    }
    GBytes *bytes = g_byte_array_free_to_bytes(body);
    if (cache_path) {
        g_autofree char *dir = g_path_get_dirname(cache_path);
        g_autofree char *tmp = g_strdup_printf("%s.partial", cache_path);
        gsize len = 0;
        const char *data = g_bytes_get_data(bytes, &len);
        GError *e = NULL;
        if (g_mkdir_with_parents(dir, 0755) != 0 || !g_file_set_contents(tmp, data, (gssize)len, &e) ||
            g_rename(tmp, cache_path) != 0) {
            /* The answer is good; only the cache failed: go on without it. */
            g_clear_error(&e);
            g_unlink(tmp);
        }
    }
    return bytes;
}
