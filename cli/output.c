/* output.c: how the CLI speaks.  Human text goes to standard error;
 * with --json, standard output carries one JSON object per line
 * ({"event":"start"|"log"|"result"|"error", ...}) for programs to read. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "cli/cli.h"

static void emit(GString *line)
{
    g_string_append_c(line, '\n');
    fputs(line->str, stdout);
    fflush(stdout);
}

void dw_cli_start(dw_cli *cli, const char *target)
{
    if (!cli->json)
        return;
    GString *s = g_string_new("{\"event\":\"start\",\"command\":");
    dw_json_append_string(s, cli->command);
    g_string_append(s, ",\"target\":");
    dw_json_append_string(s, target);
    g_string_append(s, ",\"version\":\"" PACKAGE_VERSION "\"}");
    emit(s);
    g_string_free(s, TRUE);
}

void dw_cli_result(dw_cli *cli, const char *data_json)
{
    GString *s = g_string_new("{\"event\":\"result\",\"command\":");
    dw_json_append_string(s, cli->command);
    g_string_append(s, ",\"data\":");
    g_string_append(s, data_json);
    g_string_append_c(s, '}');
    emit(s);
    g_string_free(s, TRUE);
}

int dw_cli_fail(dw_cli *cli, const GError *error)
{
    int code = dw_cli_exit_code_for(error);
    const char *msg = error ? error->message : "unknown error";
    fprintf(stderr, "discwright: %s\n", msg);
    if (cli->json) {
        GString *s = g_string_new("{\"event\":\"error\",\"command\":");
        dw_json_append_string(s, cli->command);
        g_string_append_printf(s, ",\"exit_code\":%d,\"message\":", code);
        dw_json_append_string(s, msg);
        g_string_append_c(s, '}');
        emit(s);
        g_string_free(s, TRUE);
    }
    return code;
}

int dw_cli_usage_error(dw_cli *cli, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    GError *e = g_error_new_literal(DW_ERROR, DW_ERROR_USAGE, msg);
    dw_cli_fail(cli, e);
    g_error_free(e);
    if (!cli->json)
        fprintf(stderr, "Try 'discwright --help'.\n");
    return DW_EXIT_USAGE;
}

void dw_cli_log_sink(dw_log_level level, const char *msg, void *user)
{
    dw_cli *cli = user;
    static const char *names[] = { "debug", "info", "warning", "error" };
    const char *name = level <= DW_LOG_ERROR ? names[level] : "info";
    if (cli->json) {
        GString *s = g_string_new("{\"event\":\"log\",\"level\":");
        dw_json_append_string(s, name);
        g_string_append(s, ",\"message\":");
        dw_json_append_string(s, msg);
        g_string_append_c(s, '}');
        emit(s);
        g_string_free(s, TRUE);
        return;
    }
    if (level == DW_LOG_DEBUG && !cli->verbose)
        return;
    if (level == DW_LOG_INFO && (cli->quiet || !cli->verbose))
        return;
    if (level == DW_LOG_WARNING && cli->quiet)
        return;
    fprintf(stderr, "discwright: %s: %s\n", name, msg);
}
