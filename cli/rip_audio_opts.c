/* rip_audio_opts.c: the audio options of `rip`, `refine` and `archive`
 * (see rip_audio_opts.h), written once so the three commands take the
 * same spellings and check them the same way. */
#include "config.h"

#include "cli/rip_audio_opts.h"

dw_cli_audio_opts dw_cli_audio = { .flac_level = -1 };


gboolean dw_cli_audio_apply(dw_rip_options *ro, GError **error)
{
    const dw_cli_audio_opts *a = &dw_cli_audio;
    if (a->flac_level < -1 || a->flac_level > 8) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--flac-level: %d is not 0-8", a->flac_level);
        return FALSE;
    }
    ro->accuraterip_db = a->ardb;
    ro->ctdb = a->ctdb;
    ro->drive_offsets = a->drive_offsets;
    ro->online = a->online;
    ro->flac_level = a->flac_level;
    ro->has_flac_level = a->flac_level >= 0;
    ro->metadata = a->metadata;
    ro->deemphasis = a->deemphasis;
    ro->no_test_copy = a->no_test;
    if (a->audio && !dw_rip_parse_audio(a->audio, &ro->audio, error))
        return FALSE;
    if (a->cache_defeat && !dw_rip_parse_cache_defeat(a->cache_defeat, &ro->cache_defeat, error))
        return FALSE;
    return TRUE;
}
