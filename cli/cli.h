/* cli.h: the parts of the discwright command line front end that its
 * files share: global options, the subcommand table, the exit-code
 * table, and output helpers (human text on stderr, or with --json one
 * JSON event per line on stdout).  Only public library headers are used. */
#ifndef DW_CLI_H
#define DW_CLI_H

#include <discwright/discwright.h>
#include <glib.h>
#include <stdio.h>

typedef struct {
    gboolean json;
    gboolean quiet;
    gboolean verbose;
    const char *command;         /* the running subcommand's name */
} dw_cli;

typedef struct {
    const char *name;
    const char *args;            /* synopsis of the positional arguments */
    const char *summary;         /* one line */
    const char *description;     /* a paragraph for --help and the man page */
    const GOptionEntry *options; /* command options, NULL-terminated; may be NULL */
    int min_args, max_args;      /* positional arguments accepted */
    int (*run)(dw_cli *cli, int argc, char **argv);
} dw_cli_command;

extern const dw_cli_command dw_cli_commands[];
extern const size_t dw_cli_n_commands;
extern const GOptionEntry dw_cli_global_options[];
/* The global options write here (one process, one command line). */
extern dw_cli dw_cli_state;

typedef struct {
    int code;
    const char *name;
    const char *meaning;
} dw_cli_exit_code;

extern const dw_cli_exit_code dw_cli_exit_codes[];
extern const size_t dw_cli_n_exit_codes;

enum {
    DW_EXIT_OK = 0,
    DW_EXIT_FAILURE = 1,
    DW_EXIT_USAGE = 2,
    DW_EXIT_NO_MEDIUM = 3,
    DW_EXIT_NO_DEVICE = 4,
    DW_EXIT_UNREADABLE = 5,
    DW_EXIT_MISMATCH = 6,
    DW_EXIT_EXISTS = 7,
    DW_EXIT_FIXITY = 8,
    DW_EXIT_NOT_WRITABLE = 20,
    DW_EXIT_NO_SPACE = 21,
    DW_EXIT_NOT_APPENDABLE = 22,
    DW_EXIT_BUSY = 23,
    DW_EXIT_PERMISSION = 24,
    DW_EXIT_WRITE = 25,
    DW_EXIT_CANCELLED = 130
};

/* Map a GError to an exit code (the one place that does). */
int dw_cli_exit_code_for(const GError *error);
/* Report an error (stderr, and an "error" event with --json); returns its exit code. */
int dw_cli_fail(dw_cli *cli, const GError *error);
/* A usage error: message on stderr (and an event), returns DW_EXIT_USAGE. */
int dw_cli_usage_error(dw_cli *cli, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Emit {"event":"result","command":...,"data":DATA} (data is JSON text). */
void dw_cli_result(dw_cli *cli, const char *data_json);
/* Emit a start event. */
void dw_cli_start(dw_cli *cli, const char *target);
/* A log sink for jobs: JSON "log" events, or stderr text by verbosity. */
void dw_cli_log_sink(dw_log_level level, const char *msg, void *user);

/* progress.c: run fn(job, data) on a worker thread while drawing the
 * job's progress; SIGINT/SIGTERM cancel the job.  Returns fn's result. */
typedef gboolean (*dw_cli_job_fn)(dw_job *job, void *data, GError **error);
gboolean dw_cli_run_job(dw_cli *cli, dw_job *job, dw_cli_job_fn fn, void *data, GError **error);
/* The same with the drawing done by draw(cli, data, json_due, final)
 * about four times a second (json_due once a second) and once at the end. */
typedef void (*dw_cli_draw_fn)(dw_cli *cli, void *data, gboolean json_due, gboolean final);
gboolean dw_cli_run_job_drawn(dw_cli *cli, dw_job *job, dw_cli_job_fn fn, void *data, dw_cli_draw_fn draw,
                              void *draw_data, GError **error);
/* The one-line text of a progress snapshot (owned by the caller): percent
 * and done/total when the total is known, else a spinner and the count. */
char *dw_cli_progress_line(const dw_progress *p);

/* help.c */
void dw_cli_print_usage(FILE *out);
void dw_cli_print_command_help(FILE *out, const dw_cli_command *cmd);
void dw_cli_print_bash_completion(FILE *out);
const dw_cli_command *dw_cli_find_command(const char *name);
/* man.c: discwright(1), and discwright-COMMAND(1) for one command. */
void dw_cli_print_man(FILE *out);
void dw_cli_print_command_man(FILE *out, const dw_cli_command *cmd);

/* commands */
int dw_cmd_drives(dw_cli *cli, int argc, char **argv);
int dw_cmd_info(dw_cli *cli, int argc, char **argv);
int dw_cmd_help(dw_cli *cli, int argc, char **argv);
int dw_cmd_rip(dw_cli *cli, int argc, char **argv);
extern const GOptionEntry dw_cli_rip_options[];
extern const GOptionEntry dw_cli_refine_options[];
int dw_cmd_refine(dw_cli *cli, int argc, char **argv);
int dw_cmd_verify(dw_cli *cli, int argc, char **argv);
extern const GOptionEntry dw_cli_verify_options[];
int dw_cmd_author(dw_cli *cli, int argc, char **argv);
int dw_cmd_mkisofs(dw_cli *cli, int argc, char **argv);
extern const GOptionEntry dw_cli_author_option_entries[];
int dw_cmd_burn(dw_cli *cli, int argc, char **argv);
int dw_cmd_media(dw_cli *cli, int argc, char **argv);
int dw_cmd_blank(dw_cli *cli, int argc, char **argv);
int dw_cmd_format(dw_cli *cli, int argc, char **argv);
int dw_cmd_ls(dw_cli *cli, int argc, char **argv);
int dw_cmd_catalog(dw_cli *cli, int argc, char **argv);
extern const GOptionEntry dw_cli_catalog_options[];
int dw_cmd_archive(dw_cli *cli, int argc, char **argv);
extern const GOptionEntry dw_cli_archive_options[];
int dw_cmd_extract(dw_cli *cli, int argc, char **argv);
extern const GOptionEntry dw_cli_extract_options[];
extern const GOptionEntry dw_cli_burn_options[], dw_cli_media_options[], dw_cli_blank_options[],
    dw_cli_format_options[], dw_cli_ls_options[];
/* burn_progress.c: a progress line (or JSON events) drawn from a job by a thread. */
typedef struct dw_cli_progress dw_cli_progress;
dw_cli_progress *dw_cli_progress_start(dw_cli *cli, dw_job *job);
void dw_cli_progress_stop(dw_cli_progress *p);

#endif
