/* help.c: everything that describes the command line, generated from
 * the one subcommand table: --help, `help COMMAND`, the man page (troff)
 * and the bash completion script. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void print_option(FILE *out, const GOptionEntry *e)
{
    char name[64];
    if (e->short_name)
        g_snprintf(name, sizeof name, "-%c, --%s%s%s", e->short_name, e->long_name,
                   e->arg_description ? "=" : "", e->arg_description ? e->arg_description : "");
    else
        g_snprintf(name, sizeof name, "    --%s%s%s", e->long_name, e->arg_description ? "=" : "",
                   e->arg_description ? e->arg_description : "");
    fprintf(out, "  %-24s %s\n", name, e->description);
}

void dw_cli_print_usage(FILE *out)
{
    fprintf(out, "Usage: discwright [OPTION...] COMMAND [ARGS...]\n\n"
                 "Rip, author, burn and verify optical discs.\n\nCommands:\n");
    for (size_t i = 0; i < dw_cli_n_commands; i++)
        fprintf(out, "  %-10s %s\n", dw_cli_commands[i].name, dw_cli_commands[i].summary);
    fprintf(out, "\nOptions (before or after the command):\n");
    for (const GOptionEntry *e = dw_cli_global_options; e->long_name; e++)
        print_option(out, e);
    fprintf(out, "  %-24s %s\n", "-h, --help", "Show this help (or: discwright help COMMAND)");
    fprintf(out, "  %-24s %s\n", "    --version", "Show the version");
    fprintf(out, "  %-24s %s\n", "    --man", "Print the manual page (troff)");
    fprintf(out, "  %-24s %s\n", "    --bash-completion", "Print the bash completion script");
    fprintf(out, "\nExit codes:\n");
    for (size_t i = 0; i < dw_cli_n_exit_codes; i++)
        fprintf(out, "  %3d  %s\n", dw_cli_exit_codes[i].code, dw_cli_exit_codes[i].meaning);
}

void dw_cli_print_command_help(FILE *out, const dw_cli_command *cmd)
{
    fprintf(out, "Usage: discwright %s [OPTION...]%s%s\n\n%s.\n\n", cmd->name, *cmd->args ? " " : "",
            cmd->args, cmd->summary);
    /* Wrap the description at about 76 columns. */
    int col = 0;
    g_auto(GStrv) words = g_strsplit(cmd->description, " ", -1);
    for (char **w = words; *w; w++) {
        int len = (int)strlen(*w);
        if (col > 0 && col + 1 + len > 76) {
            fputc('\n', out);
            col = 0;
        } else if (col > 0) {
            fputc(' ', out);
            col++;
        }
        fputs(*w, out);
        col += len;
    }
    fprintf(out, "\n\nOptions:\n");
    if (cmd->options)
        for (const GOptionEntry *e = cmd->options; e->long_name; e++)
            print_option(out, e);
    for (const GOptionEntry *e = dw_cli_global_options; e->long_name; e++)
        print_option(out, e);
    fprintf(out, "  %-24s %s\n", "-h, --help", "Show this help");
}

/* troff-escape text: backslashes, hyphens, and leading dots/quotes. */
static void man_text(FILE *out, const char *s)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", out);
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else
            fputc(*s, out);
    }
}

static void man_option(FILE *out, const GOptionEntry *e)
{
    fputs(".TP\n.B ", out);
    if (e->short_name)
        fprintf(out, "\\-%c, ", e->short_name);
    fputs("\\-\\-", out);
    man_text(out, e->long_name);
    if (e->arg_description) {
        fputs("=\\fI", out);
        man_text(out, e->arg_description);
        fputs("\\fR", out);
    }
    fputc('\n', out);
    man_text(out, e->description);
    fputs(".\n", out);
}

void dw_cli_print_man(FILE *out)
{
    fprintf(out, ".TH DISCWRIGHT 1 \"\" \"discwright %s\" \"User Commands\"\n", PACKAGE_VERSION);
    fputs(".SH NAME\ndiscwright \\- rip, author, burn and verify optical discs\n"
          ".SH SYNOPSIS\n.B discwright\n[\\fIOPTION\\fR...] \\fICOMMAND\\fR [\\fIARGS\\fR...]\n"
          ".SH DESCRIPTION\n.B discwright\n"
          "images CDs and DVDs sector\\-exact, authors ISO 9660/Joliet/Rock Ridge/UDF images, "
          "burns them and verifies the results. Each task is a command. Human\\-readable text "
          "goes to standard error; with \\fB\\-\\-json\\fR, standard output carries one JSON "
          "object per line: events \\fBstart\\fR, \\fBlog\\fR, \\fBprogress\\fR, \\fBresult\\fR "
          "and \\fBerror\\fR.\n"
          ".SH OPTIONS\nThese options are accepted before or after the command.\n",
          out);
    for (const GOptionEntry *e = dw_cli_global_options; e->long_name; e++)
        man_option(out, e);
    fputs(".TP\n.B \\-h, \\-\\-help\nShow help; \\fBdiscwright help\\fR \\fICOMMAND\\fR shows a command's.\n"
          ".TP\n.B \\-\\-version\nShow the version.\n"
          ".TP\n.B \\-\\-man\nPrint this manual page.\n"
          ".TP\n.B \\-\\-bash\\-completion\nPrint a bash completion script.\n"
          ".SH COMMANDS\n",
          out);
    for (size_t i = 0; i < dw_cli_n_commands; i++) {
        const dw_cli_command *c = &dw_cli_commands[i];
        fprintf(out, ".SS \"%s%s", c->name, *c->args ? " " : "");
        man_text(out, c->args);
        fputs("\"\n", out);
        man_text(out, c->description);
        fputc('\n', out);
        if (c->options)
            for (const GOptionEntry *e = c->options; e->long_name; e++)
                man_option(out, e);
    }
    fputs(".SH \"EXIT STATUS\"\n", out);
    for (size_t i = 0; i < dw_cli_n_exit_codes; i++) {
        fprintf(out, ".TP\n.B %d\n", dw_cli_exit_codes[i].code);
        man_text(out, dw_cli_exit_codes[i].meaning);
        fputc('\n', out);
    }
    fputs(".SH EXAMPLES\n.nf\ndiscwright drives\ndiscwright info /dev/sr0\n"
          "discwright info \\-\\-json image.cue\n.fi\n"
          ".SH \"SEE ALSO\"\n.BR cdrdao (1),\n.BR cdparanoia (1),\n.BR xorriso (1)\n",
          out);
}

void dw_cli_print_bash_completion(FILE *out)
{
    GString *cmds = g_string_new(NULL);
    for (size_t i = 0; i < dw_cli_n_commands; i++)
        g_string_append_printf(cmds, "%s%s", i ? " " : "", dw_cli_commands[i].name);
    GString *globals = g_string_new("--help --version --man --bash-completion");
    for (const GOptionEntry *e = dw_cli_global_options; e->long_name; e++)
        g_string_append_printf(globals, " --%s", e->long_name);

    fputs("# bash completion for discwright (generated by discwright --bash-completion)\n"
          "_discwright()\n{\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} cmd= i\n"
          "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
          "        case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac\n"
          "    done\n",
          out);
    fprintf(out, "    if [[ -z $cmd ]]; then\n"
                 "        COMPREPLY=($(compgen -W \"%s %s\" -- \"$cur\"))\n"
                 "        return\n    fi\n    case $cmd in\n",
            cmds->str, globals->str);
    for (size_t i = 0; i < dw_cli_n_commands; i++) {
        const dw_cli_command *c = &dw_cli_commands[i];
        GString *opts = g_string_new("--help");
        if (c->options)
            for (const GOptionEntry *e = c->options; e->long_name; e++)
                g_string_append_printf(opts, " --%s", e->long_name);
        for (const GOptionEntry *e = dw_cli_global_options; e->long_name; e++)
            g_string_append_printf(opts, " --%s", e->long_name);
        fprintf(out, "    %s)\n        if [[ $cur == -* ]]; then\n"
                     "            COMPREPLY=($(compgen -W \"%s\" -- \"$cur\"))\n",
                c->name, opts->str);
        if (strcmp(c->name, "help") == 0)
            fprintf(out, "        else\n            COMPREPLY=($(compgen -W \"%s\" -- \"$cur\"))\n", cmds->str);
        else if (c->max_args > 0)
            fputs("        else\n            COMPREPLY=($(compgen -f -- \"$cur\"))\n", out);
        fputs("        fi\n        ;;\n", out);
        g_string_free(opts, TRUE);
    }
    fputs("    esac\n}\ncomplete -o filenames -F _discwright discwright\n", out);
    g_string_free(cmds, TRUE);
    g_string_free(globals, TRUE);
}
