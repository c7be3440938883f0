/* man.c: the manual pages, in troff, generated from the one command
 * table (commands.c) like --help and the bash completion: discwright(1)
 * for the program and its commands in brief, and one page per command,
 * discwright-COMMAND(1), with its options, the common options, the exit
 * status and examples.  `discwright --man` and `--man=COMMAND` print them;
 * the build writes them into doc/ and installs them. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/mkisofs_opts.h"

/* Examples per command: shell lines, one per line.  (The README's tour
 * runs the same kind of commands on the sample discs.) */
static const struct {
    const char *command;
    const char *lines;
} examples[] = {
    { "drives", "discwright drives\n" },
    { "info", "discwright info /dev/sr0\ndiscwright info \"rips/My Disc.cue\"\ndiscwright \\-\\-json info disc.iso\n" },
    { "rip", "discwright rip /dev/sr0 \\-o \"rips/My Disc\"\n"
             "discwright rip /dev/sr0 \\-o rips/dvd \\-\\-format iso\n"
             "discwright rip /dev/sr0 \\-o rips/scratched \\-\\-retries 1 \\-\\-resume\n"
             "discwright rip disc.cue \\-o converted/disc \\-\\-format ccd,toc\n" },
    { "refine", "discwright refine rips/scratched \\-\\-drive /dev/sr1\n" },
    { "verify", "discwright verify \"rips/My Disc.cue\"\ndiscwright verify disc.iso \\-\\-against /dev/sr0\n"
                "discwright verify rips/disc.ccd \\-\\-sectors \\-\\-repair fixed.img\n"
                "discwright verify image.iso \\-\\-fs\n" },
    { "author", "discwright author photos/ \\-o photos.iso \\-\\-volid PHOTOS \\-\\-udf\n"
                "discwright author /music=rips \\-o music.iso \\-\\-udf=2.50\n"
                "discwright author boot/ \\-o boot.iso \\-\\-boot\\-bios /isolinux/isolinux.bin \\-\\-boot\\-load\\-size 4 "
                "\\-\\-boot\\-info\\-table \\-\\-isohybrid\\-mbr /usr/lib/ISOLINUX/isohdpfx.bin\n" },
    { "mkisofs", "discwright mkisofs \\-o cd.iso \\-R \\-J \\-V CDROM dir/\n" },
    { "burn", "discwright burn photos.iso \\-\\-drive /dev/sr0 \\-\\-verify\n"
              "discwright burn photos.iso \\-\\-drive stdio:/tmp/disc.iso \\-\\-verify\n"
              "discwright burn \\-\\-author more/ \\-\\-multi \\-\\-drive /dev/sr0\n" },
    { "media", "discwright media \\-\\-drive /dev/sr0\n" },
    { "blank", "discwright blank \\-\\-drive /dev/sr0 \\-\\-fast\n" },
    { "format", "discwright format \\-\\-drive /dev/sr0\n" },
    { "ls", "discwright ls disc.iso\ndiscwright ls \\-\\-tree udf disc.iso /photos\n" },
    { "extract", "discwright extract disc.iso \\-o out/\ndiscwright extract disc.iso /photos \\-o out/ \\-\\-tree udf\n" },
    { "help", "discwright help rip\n" },
};

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
    if (e->flags & G_OPTION_FLAG_HIDDEN)
        return;
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

static void man_common_options(FILE *out)
{
    for (const GOptionEntry *e = dw_cli_global_options; e->long_name; e++)
        man_option(out, e);
}

static void man_exit_status(FILE *out)
{
    fputs(".SH \"EXIT STATUS\"\n", out);
    for (size_t i = 0; i < dw_cli_n_exit_codes; i++) {
        fprintf(out, ".TP\n.B %d\n", dw_cli_exit_codes[i].code);
        man_text(out, dw_cli_exit_codes[i].meaning);
        fputc('\n', out);
    }
}

static const char *examples_of(const char *command)
{
    for (size_t i = 0; i < G_N_ELEMENTS(examples); i++)
        if (strcmp(examples[i].command, command) == 0)
            return examples[i].lines;
    return NULL;
}

void dw_cli_print_man(FILE *out)
{
    fprintf(out, ".TH DISCWRIGHT 1 \"\" \"discwright %s\" \"User Commands\"\n", PACKAGE_VERSION);
    fputs(".SH NAME\ndiscwright \\- rip, author, burn and verify optical discs\n"
          ".SH SYNOPSIS\n.B discwright\n[\\fIOPTION\\fR...] \\fICOMMAND\\fR [\\fIARGS\\fR...]\n"
          ".SH DESCRIPTION\n.B discwright\n"
          "images CDs and DVDs sector\\-exact, authors ISO 9660/Joliet/Rock Ridge/UDF images, "
          "burns them and verifies the results. Each task is a command, with its own manual page "
          "(\\fBdiscwright\\-rip\\fR(1), ...). Human\\-readable text "
          "goes to standard error; with \\fB\\-\\-json\\fR, standard output carries one JSON "
          "object per line: events \\fBstart\\fR, \\fBlog\\fR, \\fBprogress\\fR, \\fBresult\\fR "
          "and \\fBerror\\fR.\n"
          ".SH OPTIONS\nThese options are accepted before or after the command.\n",
          out);
    man_common_options(out);
    fputs(".TP\n.B \\-h, \\-\\-help\nShow help; \\fBdiscwright help\\fR \\fICOMMAND\\fR shows a command's.\n"
          ".TP\n.B \\-\\-version\nShow the version.\n"
          ".TP\n.B \\-\\-man\\fR[=\\fICOMMAND\\fR]\nPrint this manual page, or a command's.\n"
          ".TP\n.B \\-\\-bash\\-completion\nPrint a bash completion script.\n"
          ".SH COMMANDS\n",
          out);
    for (size_t i = 0; i < dw_cli_n_commands; i++) {
        const dw_cli_command *c = &dw_cli_commands[i];
        fprintf(out, ".TP\n.B %s", c->name);
        if (*c->args) {
            fputs(" \\fI", out);
            man_text(out, c->args);
            fputs("\\fR", out);
        }
        fputc('\n', out);
        man_text(out, c->summary);
        fprintf(out, "; see \\fBdiscwright\\-%s\\fR(1).\n", c->name);
    }
    man_exit_status(out);
    fputs(".SH EXAMPLES\n.nf\ndiscwright drives\ndiscwright info /dev/sr0\n"
          "discwright rip /dev/sr0 \\-o \"rips/My Disc\"\ndiscwright verify \"rips/My Disc.cue\"\n"
          "discwright author photos/ \\-o photos.iso \\-\\-udf\n"
          "discwright burn photos.iso \\-\\-drive /dev/sr0 \\-\\-verify\n.fi\n"
          ".SH \"SEE ALSO\"\n",
          out);
    for (size_t i = 0; i < dw_cli_n_commands; i++)
        fprintf(out, ".BR discwright\\-%s (1),\n", dw_cli_commands[i].name);
    fputs(".BR discwright\\-gtk (1),\n.BR cdrdao (1),\n.BR cdparanoia (1),\n.BR xorriso (1)\n", out);
}

void dw_cli_print_command_man(FILE *out, const dw_cli_command *c)
{
    g_autofree char *upper = g_ascii_strup(c->name, -1);
    fprintf(out, ".TH DISCWRIGHT\\-%s 1 \"\" \"discwright %s\" \"User Commands\"\n", upper, PACKAGE_VERSION);
    fprintf(out, ".SH NAME\ndiscwright\\-%s \\- ", c->name);
    man_text(out, c->summary);
    fprintf(out, "\n.SH SYNOPSIS\n.B discwright %s\n[\\fIOPTION\\fR...]", c->name);
    if (*c->args) {
        fputs(" \\fI", out);
        man_text(out, c->args);
        fputs("\\fR", out);
    }
    fputs("\n.SH DESCRIPTION\n", out);
    man_text(out, c->description);
    fputc('\n', out);
    fputs(".SH OPTIONS\n", out);
    if (c->options)
        for (const GOptionEntry *e = c->options; e->long_name; e++)
            man_option(out, e);
    if (c->run == dw_cmd_mkisofs) {
        /* the emulation's own table; it parses its own arguments, so no
         * common options follow */
        const mk_opt *m;
        for (size_t i = 0; (m = dw_mk_option(i)) != NULL; i++) {
            fputs(".TP\n.B ", out);
            g_auto(GStrv) names = g_strsplit(m->names, "|", -1);
            for (char **n = names; *n; n++) {
                if (n != names)
                    fputs(", ", out);
                man_text(out, *n);
                if (m->args) {
                    fputs(g_str_has_suffix(*n, "=") ? "\\fI" : " \\fI", out);
                    man_text(out, m->args);
                    fputs("\\fB", out);
                }
            }
            fputs("\n", out);
            man_text(out, m->help);
            fputs(".\n", out);
        }
        man_exit_status(out);
        const char *ex = examples_of(c->name);
        if (ex)
            fprintf(out, ".SH EXAMPLES\n.nf\n%s.fi\n", ex);
        fputs(".SH \"SEE ALSO\"\n.BR discwright (1),\n.BR xorriso (1)\n", out);
        return;
    }
    fputs(".SS \"Common options\"\n", out);
    man_common_options(out);
    fputs(".TP\n.B \\-h, \\-\\-help\nShow this command's help.\n", out);
    man_exit_status(out);
    const char *ex = examples_of(c->name);
    if (ex)
        fprintf(out, ".SH EXAMPLES\n.nf\n%s.fi\n", ex);
    fputs(".SH \"SEE ALSO\"\n.BR discwright (1)\n", out);
}
