/* main.c: discwright's entry point.  Finds the subcommand, parses its
 * options together with the global ones (which may come before or after
 * it), and runs it; top-level --help, --version, --man[=COMMAND] and
 * --bash-completion work without a command.  SIGINT/SIGTERM cancel the
 * running job so that nothing is left half-written.  `discwright -as
 * mkisofs ...` and a discwright called xorriso, xorrisofs or mkisofs go
 * to the mkisofs emulation (xorriso's calling conventions). */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static gboolean want_help;

static const GOptionEntry help_entry[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &want_help, "Show help", NULL },
    G_OPTION_ENTRY_NULL
};

static int top_level(dw_cli *cli, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--version") == 0) {
            printf("discwright %s\n", PACKAGE_VERSION);
            return DW_EXIT_OK;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            dw_cli_print_usage(stdout);
            return DW_EXIT_OK;
        }
        if (strcmp(a, "--man") == 0) {
            dw_cli_print_man(stdout);
            return DW_EXIT_OK;
        }
        if (g_str_has_prefix(a, "--man=")) {
            const dw_cli_command *c = dw_cli_find_command(a + 6);
            if (!c)
                return dw_cli_usage_error(cli, "--man: unknown command '%s'", a + 6);
            dw_cli_print_command_man(stdout, c);
            return DW_EXIT_OK;
        }
        if (strcmp(a, "--bash-completion") == 0) {
            dw_cli_print_bash_completion(stdout);
            return DW_EXIT_OK;
        }
    }
    if (argc > 1)
        return dw_cli_usage_error(cli, "no command given (options alone: %s)", argv[1]);
    dw_cli_print_usage(stderr);
    return DW_EXIT_USAGE;
}

int dw_cmd_help(dw_cli *cli, int argc, char **argv)
{
    if (argc == 0) {
        dw_cli_print_usage(stdout);
        return DW_EXIT_OK;
    }
    const dw_cli_command *c = dw_cli_find_command(argv[0]);
    if (!c)
        return dw_cli_usage_error(cli, "unknown command '%s'", argv[0]);
    dw_cli_print_command_help(stdout, c);
    return DW_EXIT_OK;
}

/* xorriso's calling conventions: `discwright -as mkisofs ARGS...`
 * (after the native settings build scripts put first: -no_rc,
 * -report_about LEVEL), and the program linked as xorriso, xorrisofs or
 * mkisofs.  Returns -1 when argv is not such a call. */
static int as_mkisofs(dw_cli *cli, int argc, char **argv)
{
    g_autofree char *base = g_path_get_basename(argv[0]);
    if (strcmp(base, "xorrisofs") == 0 || strcmp(base, "mkisofs") == 0) {
        cli->command = "mkisofs";
        return dw_cmd_mkisofs(cli, argc - 1, argv + 1);
    }
    gboolean as_xorriso = strcmp(base, "xorriso") == 0;
    int i = 1;
    while (i < argc) {
        const char *a = argv[i];
        if (strcmp(a, "-no_rc") == 0 || strcmp(a, "--no_rc") == 0) {
            i++; /* discwright reads no startup files */
        } else if (strcmp(a, "-report_about") == 0 && i + 1 < argc) {
            const char *lv = argv[i + 1];
            if (!g_ascii_strcasecmp(lv, "SORRY") || !g_ascii_strcasecmp(lv, "FAILURE") ||
                !g_ascii_strcasecmp(lv, "FATAL") || !g_ascii_strcasecmp(lv, "ABORT"))
                cli->quiet = TRUE;
            else if (!g_ascii_strcasecmp(lv, "NOTE") || !g_ascii_strcasecmp(lv, "UPDATE") ||
                     !g_ascii_strcasecmp(lv, "DEBUG") || !g_ascii_strcasecmp(lv, "ALL"))
                cli->verbose = TRUE;
            i += 2;
        } else {
            break;
        }
    }
    if (i + 1 < argc && strcmp(argv[i], "-as") == 0) {
        if (strcmp(argv[i + 1], "mkisofs") && strcmp(argv[i + 1], "xorrisofs") && strcmp(argv[i + 1], "genisoimage"))
            return dw_cli_usage_error(cli, "-as %s: discwright emulates only -as mkisofs", argv[i + 1]);
        cli->command = "mkisofs";
        return dw_cmd_mkisofs(cli, argc - i - 2, argv + i + 2);
    }
    if (as_xorriso || i > 1)
        return dw_cli_usage_error(cli, "%s: discwright answers xorriso's calling convention only as "
                                  "`-as mkisofs ARGS...` (found '%s')", base, i < argc ? argv[i] : "nothing");
    return -1;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    /* GLib writes debug and info messages to standard output by default;
     * that is where --json events go. */
#if GLIB_CHECK_VERSION(2, 68, 0)
    g_log_writer_default_set_use_stderr(TRUE);
#endif
    dw_cli *cli = &dw_cli_state;
    if (argc > 0) {
        int rc = as_mkisofs(cli, argc, argv);
        if (rc >= 0)
            return rc;
    }

    int ci = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (argv[i][0] != '-') {
            ci = i;
            break;
        }
    }
    if (ci == 0)
        return top_level(cli, argc, argv);
    const dw_cli_command *cmd = dw_cli_find_command(argv[ci]);
    if (!cmd)
        return dw_cli_usage_error(cli, "unknown command '%s'", argv[ci]);
    cli->command = cmd->name;
    if (cmd->run == dw_cmd_mkisofs) /* mkisofs-style options: parsed by the command */
        return cmd->run(cli, argc - ci - 1, argv + ci + 1);

    /* argv without the command name, for GOption. */
    g_autofree char **args = g_new0(char *, (size_t)argc + 1);
    int n = 0;
    for (int i = 0; i < argc; i++)
        if (i != ci)
            args[n++] = argv[i];
    g_autofree char *title = g_strdup_printf("%s %s", cmd->name, cmd->args);
    GOptionContext *ctx = g_option_context_new(title);
    g_option_context_set_help_enabled(ctx, FALSE);
    if (cmd->options)
        g_option_context_add_main_entries(ctx, cmd->options, NULL);
    g_option_context_add_main_entries(ctx, dw_cli_global_options, NULL);
    g_option_context_add_main_entries(ctx, help_entry, NULL);
    GError *error = NULL;
    char **parse_argv = args;
    gboolean ok = g_option_context_parse(ctx, &n, &parse_argv, &error);
    g_option_context_free(ctx);
    if (!ok) {
        int rc = dw_cli_usage_error(cli, "%s: %s", cmd->name, error->message);
        g_error_free(error);
        return rc;
    }
    if (want_help) {
        dw_cli_print_command_help(stdout, cmd);
        return DW_EXIT_OK;
    }
    if (cli->quiet && cli->verbose)
        return dw_cli_usage_error(cli, "--quiet and --verbose exclude each other");
    /* The library's messages that belong to no job (libcdio's among
     * them) are GLib debug messages: --verbose shows them too. */
#if GLIB_CHECK_VERSION(2, 72, 0)
    if (cli->verbose)
        g_log_set_debug_enabled(TRUE);
#endif
    /* parse_argv[0] is the program; the rest are positional. */
    int npos = n - 1;
    char **pos = parse_argv + 1;
    if (npos > 0 && strcmp(pos[0], "--") == 0) {
        pos++;
        npos--;
    }
    if (npos < cmd->min_args || npos > cmd->max_args) {
        if (cmd->max_args == 0)
            return dw_cli_usage_error(cli, "%s takes no arguments", cmd->name);
        return dw_cli_usage_error(cli, "%s expects %s", cmd->name, cmd->args);
    }
    return cmd->run(cli, npos, pos);
}
