/* cmd_media.c: `discwright media --drive DEVICE`, the medium in a burner
 * (like `cdrskin -minfo`), and the small helpers the burn commands share. */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"
#include "cli/burn_common.h"

static char *opt_drive;

const GOptionEntry dw_cli_media_options[] = {
    { "drive", 'd', 0, G_OPTION_ARG_STRING, &opt_drive, "Burner or stdio:PATH (required)", "DEVICE" },
    G_OPTION_ENTRY_NULL
};

int dw_cli_fail_free(dw_cli *cli, GError *error)
{
    int rc = dw_cli_fail(cli, error);
    g_clear_error(&error);
    return rc;
}

int dw_cli_open_burn_drive(dw_cli *cli, const char *address, dw_burn_drive **out)
{
    *out = NULL;
    if (!address)
        return dw_cli_usage_error(cli, "%s needs --drive DEVICE (a burner such as /dev/sr0, or stdio:PATH)",
                                  cli->command);
    GError *error = NULL;
    *out = dw_burn_drive_open(address, &error);
    return *out ? DW_EXIT_OK : dw_cli_fail_free(cli, error);
}

static char *media_json(const char *drive, const dw_media_info *m)
{
    GString *s = g_string_new("{\"drive\":");
    dw_json_append_string(s, drive);
    g_string_append_printf(s, ",\"profile\":%d,\"profile_name\":", m->profile);
    dw_json_append_string(s, m->profile_name);
    g_string_append(s, ",\"status\":");
    dw_json_append_string(s, dw_media_status_name(m->status));
    g_string_append_printf(s, ",\"overwritable\":%s,\"erasable\":%s,\"appendable\":%s,\"free_bytes\":%" G_GUINT64_FORMAT
                           ",\"capacity_blocks\":%" G_GINT64_FORMAT ",\"msc1\":%d,\"nwa\":%d,\"sessions\":%d,"
                           "\"iso_blocks\":%u,\"unformatted\":%s,\"damaged\":%s,\"iso_label\":",
                           m->overwritable ? "true" : "false", m->erasable ? "true" : "false",
                           m->appendable ? "true" : "false", m->free_bytes, m->capacity_blocks, m->msc1, m->nwa,
                           m->sessions, m->iso_blocks, m->unformatted ? "true" : "false",
                           m->damaged ? "true" : "false");
    dw_json_append_string(s, m->iso_blocks ? m->iso_label : NULL);
    g_string_append(s, ",\"tracks\":[");
    for (size_t i = 0; i < m->n_tracks; i++)
        g_string_append_printf(s, "%s{\"session\":%d,\"number\":%d,\"start\":%d,\"blocks\":%d,\"audio\":%s}",
                               i ? "," : "", m->tracks[i].session, m->tracks[i].number, m->tracks[i].start,
                               m->tracks[i].blocks, m->tracks[i].audio ? "true" : "false");
    g_string_append(s, "],\"write_speeds_kbs\":[");
    for (size_t i = 0; i < m->n_write_speeds; i++)
        g_string_append_printf(s, "%s%d", i ? "," : "", m->write_speeds[i]);
    g_string_append(s, "]}");
    return g_string_free(s, FALSE);
}

int dw_cmd_media(dw_cli *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    dw_burn_drive *drive = NULL;
    int rc = dw_cli_open_burn_drive(cli, opt_drive, &drive);
    if (rc != DW_EXIT_OK)
        return rc;
    dw_cli_start(cli, opt_drive);
    dw_media_info m;
    GError *error = NULL;
    if (!dw_burn_media_info(drive, &m, &error)) {
        dw_burn_drive_close(drive, FALSE);
        return dw_cli_fail_free(cli, error);
    }
    if (cli->json) {
        g_autofree char *j = media_json(opt_drive, &m);
        dw_cli_result(cli, j);
    } else {
        printf("Drive:        %s\n", opt_drive);
        printf("Profile:      0x%04x %s\n", m.profile, m.profile_name);
        printf("Status:       %s%s%s%s\n", dw_media_status_name(m.status), m.overwritable ? ", overwritable" : "",
               m.erasable ? ", erasable" : "", m.unformatted ? ", unformatted" : "");
        if (m.damaged)
            printf("Damaged:      a write failed in the last session: its last track is incomplete and nothing more can "
                   "be added%s\n", m.erasable ? " (blank it to use it again)" : "");
        if (m.status != DW_MEDIA_NONE) {
            if (m.capacity_blocks >= 0)
                printf("Capacity:     %" G_GINT64_FORMAT " blocks (%.1f MiB)\n", m.capacity_blocks,
                       m.capacity_blocks / 512.0);
            printf("Free:         %" G_GUINT64_FORMAT " bytes (%.1f MiB)\n", m.free_bytes, m.free_bytes / 1048576.0);
            printf("Sessions:     %d\n", m.sessions);
            for (size_t i = 0; i < m.n_tracks; i++)
                printf("  session %d track %2d: %-5s start %d, %d blocks\n", m.tracks[i].session, m.tracks[i].number,
                       m.tracks[i].audio ? "audio" : "data", m.tracks[i].start, m.tracks[i].blocks);
            if (m.iso_blocks)
                printf("ISO 9660:     %u blocks, label '%s'\n", m.iso_blocks, m.iso_label);
            if (m.appendable)
                printf("Next session: -C %d,%d\n", m.msc1, m.nwa);
            printf("Write speeds:");
            for (size_t i = 0; i < m.n_write_speeds; i++)
                printf(" %d", m.write_speeds[i]);
            printf(m.n_write_speeds ? " kB/s\n" : " (none reported)\n");
        }
    }
    dw_media_info_clear(&m);
    dw_burn_drive_close(drive, FALSE);
    return DW_EXIT_OK;
}
