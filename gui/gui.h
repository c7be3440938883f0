/* gui.h: the types of discwright-gtk, shared by its files and its tests.
 *
 * The GUI is a second front end on libdiscwright: it calls only the
 * public headers in include/discwright/ and keeps GTK inside gui/.
 * DwApp is the GtkApplication (single instance, id org.discwright.Discwright);
 * DwWindow holds the drive sidebar, the views (disc, rip, author, burn,
 * verify, library; each its own file, each scrolling on its own), the Jobs popover,
 * the log pane and the info bar.  Long work runs as a DwGuiJob: a GTask
 * worker around a dw_job whose progress snapshot the main loop reads at
 * most five times a second; the view that started it shows it in its
 * DwJobBar.  Shared pieces: settings.c (GSettings, or defaults when the
 * schema is not installed), widgets.c (status pages, fact grids),
 * job_bar.c, jobs_list.c.  Widgets returned by the getters below are
 * borrowed from their window.
 */
#ifndef DW_GUI_H
#define DW_GUI_H

#include <gtk/gtk.h>
#include <glib/gi18n.h>

#include "discwright/discwright.h"

G_BEGIN_DECLS

#define DW_APP_ID "org.discwright.Discwright"
#define DW_RESOURCE_BASE "/org/discwright/Discwright"
/* Progress polls per second: the job API asks for a few, the issue for <= 5. */
#define DW_GUI_POLL_MS 200

/* ---- gui_job.c: a library job run in a GTask worker ------------------ */
typedef gboolean (*DwGuiJobFn)(dw_job *job, gpointer data, GError **error);

#define DW_TYPE_GUI_JOB (dw_gui_job_get_type())
G_DECLARE_FINAL_TYPE(DwGuiJob, dw_gui_job, DW, GUI_JOB, GObject)

/* Signals: "progress" (after each poll of the snapshot, main thread),
 * "log" (int level, const char *message; main thread, in order),
 * "finished" (once, after the worker returned).  data is freed with
 * free_data when the job is finalized. */
DwGuiJob *dw_gui_job_new(const char *title, DwGuiJobFn fn, gpointer data, GDestroyNotify free_data);
void dw_gui_job_start(DwGuiJob *job);
const char *dw_gui_job_get_title(DwGuiJob *job);
gpointer dw_gui_job_get_data(DwGuiJob *job);
const dw_progress *dw_gui_job_get_progress(DwGuiJob *job);
void dw_gui_job_cancel(DwGuiJob *job);
gboolean dw_gui_job_is_running(DwGuiJob *job);
/* After "finished": whether the operation succeeded, and its error (borrowed). */
gboolean dw_gui_job_succeeded(DwGuiJob *job);
const GError *dw_gui_job_get_error(DwGuiJob *job);

/* ---- settings.c: the app's GSettings, when its schema can be found ----- */
/* The settings (borrowed), or NULL when the schema is installed nowhere
 * (the build tree's gui/schemas is found too): then the getters give
 * the fallbacks and the setters do nothing. */
GSettings *dw_gui_settings(void);
char *dw_gui_settings_get_string(const char *key, const char *fallback);
void dw_gui_settings_set_string(const char *key, const char *value);
int dw_gui_settings_get_int(const char *key, int fallback);
void dw_gui_settings_set_int(const char *key, int value);
gboolean dw_gui_settings_get_bool(const char *key, gboolean fallback);
void dw_gui_settings_set_bool(const char *key, gboolean value);
GStrv dw_gui_settings_get_strv(const char *key);
void dw_gui_settings_set_strv(const char *key, const char *const *value);
/* An int in an a{si} dictionary key ("drive-offsets") by name. */
gboolean dw_gui_settings_lookup_int(const char *dict_key, const char *name, int *out);
void dw_gui_settings_store_int(const char *dict_key, const char *name, int value);
/* A string in an a{ss} dictionary key by name (g_free; NULL when absent);
 * storing "" or NULL removes the entry. */
char *dw_gui_settings_lookup_string(const char *dict_key, const char *name);
void dw_gui_settings_store_string(const char *dict_key, const char *name, const char *value);

/* ---- widgets.c: shared pieces --------------------------------------- */
/* A centred icon, title and text (and a button for action, when given),
 * for a view or list with nothing to show. */
GtkWidget *dw_status_page_new(const char *icon, const char *title, const char *text, const char *button,
                              const char *action);
void dw_status_page_set(GtkWidget *page, const char *title, const char *text);
/* Name/value rows: values selectable with the mouse, not tab stops. */
GtkWidget *dw_fact_grid_add(GtkGrid *grid, int row, const char *name, const char *value);
void dw_fact_grid_clear(GtkGrid *grid);
/* Show a folder in the file manager (errors go to the window's info bar). */
void dw_gui_open_folder(GtkWidget *from, const char *folder);
/* Play time m:ss (h:mm:ss from an hour) of a number of CD frames (g_free). */
char *dw_gui_play_time(int32_t frames);

/* ---- job_bar.c: a view's progress, status line and Cancel -------------- */
typedef enum { DW_JOB_DONE, DW_JOB_WARNING, DW_JOB_CANCELLED, DW_JOB_FAILED } DwJobOutcome;
#define DW_TYPE_JOB_BAR (dw_job_bar_get_type())
G_DECLARE_FINAL_TYPE(DwJobBar, dw_job_bar, DW, JOB_BAR, GtkBox)
/* Show job's progress in words until it ends (the bar is hidden until then).
 * Signal "cancel": the Cancel button was pressed (the view decides). */
void dw_job_bar_track(DwJobBar *self, DwGuiJob *job);
/* The outcome: an icon and text; only DONE and WARNING keep a full bar. */
void dw_job_bar_finish(DwJobBar *self, DwJobOutcome outcome, const char *text);
/* Hide it (a new attempt clears the last outcome). */
void dw_job_bar_reset(DwJobBar *self);
/* A button offered after a success (cb(data) when pressed), e.g. Open Folder. */
void dw_job_bar_set_action(DwJobBar *self, const char *label, GCallback cb, gpointer data);
void dw_job_bar_set_names(DwJobBar *self, const char *cancel, const char *progress, const char *status);
void dw_job_bar_set_cancel_tooltip(DwJobBar *self, const char *tip);
const char *dw_job_bar_get_status(DwJobBar *self);
/* The bar's fraction as shown (0 when hidden). */
double dw_job_bar_get_fraction(DwJobBar *self);
GtkWidget *dw_job_bar_get_cancel_button(DwJobBar *self);
GtkWidget *dw_job_bar_get_action_button(DwJobBar *self);
/* "Reading track 3 — 42 % · 3.1 MB/s · 0:12 left" (g_free). */
char *dw_gui_progress_text(const dw_progress *p);

/* ---- jobs_list.c: the Jobs popover's list ------------------------------ */
#define DW_TYPE_JOBS_LIST (dw_jobs_list_get_type())
G_DECLARE_FINAL_TYPE(DwJobsList, dw_jobs_list, DW, JOBS_LIST, GtkBox)
GtkWidget *dw_jobs_list_new(void);
/* A row for job (the list keeps a reference). */
void dw_jobs_list_add(DwJobsList *self, DwGuiJob *job);
void dw_jobs_list_clear_finished(DwJobsList *self);
guint dw_jobs_list_count(DwJobsList *self);

/* ---- sector_map.c: the ddrescue-like view of a rip's map -------------- */
#define DW_TYPE_SECTOR_MAP (dw_sector_map_get_type())
G_DECLARE_FINAL_TYPE(DwSectorMap, dw_sector_map, DW, SECTOR_MAP, GtkDrawingArea)
GtkWidget *dw_sector_map_new(void);
/* Show map (copied; NULL clears).  current = block being read, -1 none. */
void dw_sector_map_set_map(DwSectorMap *self, const dw_map *map, int64_t current);
/* Counts shown: good, bad, untried, retried (non-trimmed/non-scraped). */
void dw_sector_map_get_counts(DwSectorMap *self, int64_t counts[4]);

/* ---- drive_list.c: the sidebar of drives and images ------------------- */
#define DW_TYPE_DRIVE_LIST (dw_drive_list_widget_get_type())
G_DECLARE_FINAL_TYPE(DwDriveList, dw_drive_list_widget, DW, DRIVE_LIST, GtkBox)
/* Signal "source-selected" (const char *path): a drive or image picked,
 * or the selected drive's medium changed.  Polls every 2 s. */
void dw_drive_list_refresh(DwDriveList *self);
void dw_drive_list_add_image(DwDriveList *self, const char *path);
gboolean dw_drive_list_select(DwDriveList *self, const char *path);
/* Selected when the list first fills (else the first row). */
void dw_drive_list_set_preferred(DwDriveList *self, const char *path);
const char *dw_drive_list_get_selected(DwDriveList *self);
/* "VENDOR MODEL" of a listed drive, or NULL (borrowed). */
const char *dw_drive_list_get_model(DwDriveList *self, const char *path);
guint dw_drive_list_count(DwDriveList *self);
/* The drives and the stdio: files listed: what the burn view offers (g_strfreev). */
GStrv dw_drive_list_get_burners(DwDriveList *self);
/* Pause the polling (TRUE) while jobs use the drives; F5 still refreshes. */
void dw_drive_list_set_busy(DwDriveList *self, gboolean busy);

/* ---- views ------------------------------------------------------------ */
typedef struct _DwWindow DwWindow;

#define DW_TYPE_VIEW_DISC (dw_view_disc_get_type())
G_DECLARE_FINAL_TYPE(DwViewDisc, dw_view_disc, DW, VIEW_DISC, GtkBox)
/* disc is borrowed while shown; model: the drive's "VENDOR MODEL" or NULL. */
void dw_view_disc_set_disc(DwViewDisc *self, const char *source, const char *model, const dw_disc *disc);
/* Nothing to show: a status page with title and text (NULL: "No Disc", insert or open). */
/* A medium with nothing to read (a blank disc, a file as a medium): its title and the medium section. */
void dw_view_disc_set_medium_only(DwViewDisc *self, const char *title, const char *subtitle);
void dw_view_disc_set_message(DwViewDisc *self, const char *title, const char *text);
/* The heading: the disc's CD-TEXT title or label, or what it is (borrowed; NULL with a message). */
const char *dw_view_disc_get_title(DwViewDisc *self);
/* Track rows: session, track, mode, flags, start, length, pregap, ISRC, title, performer. */
GtkTreeModel *dw_view_disc_get_tracks(DwViewDisc *self);
/* CD-TEXT rows: language, field, track ("disc" or N), text. */
GtkTreeModel *dw_view_disc_get_cdtext(DwViewDisc *self);
/* The writable-medium section (burn.h's media info of a burner or a
 * stdio: file): info NULL hides it, error shows why it is unknown. */
void dw_view_disc_set_media(DwViewDisc *self, const dw_media_info *info, const char *error);
/* What the section shows, by key: "status" (dw_media_status_name, also
 * for a closed disc, whose section is not shown), "profile", "capacity",
 * "free", "sessions", "speeds", "label" (borrowed; NULL when not shown). */
const char *dw_view_disc_get_media_value(DwViewDisc *self, const char *key);
/* Whether the writable-medium section is shown (a medium that can be written). */
gboolean dw_view_disc_media_shown(DwViewDisc *self);
/* "blank", "appendable", … translated. */
const char *dw_gui_media_status_text(dw_media_status status);
/* Blank, appendable, erasable or overwritable: something can be written. */
gboolean dw_gui_media_writable(const dw_media_info *m);

enum { DW_TRACK_COL_SESSION, DW_TRACK_COL_NUMBER, DW_TRACK_COL_MODE, DW_TRACK_COL_FLAGS, DW_TRACK_COL_START,
       DW_TRACK_COL_LENGTH, DW_TRACK_COL_PREGAP, DW_TRACK_COL_ISRC, DW_TRACK_COL_TITLE, DW_TRACK_COL_PERFORMER,
       DW_TRACK_N_COLS };
enum { DW_CDTEXT_COL_LANGUAGE, DW_CDTEXT_COL_FIELD, DW_CDTEXT_COL_TRACK, DW_CDTEXT_COL_TEXT, DW_CDTEXT_N_COLS };

#define DW_TYPE_VIEW_RIP (dw_view_rip_get_type())
G_DECLARE_FINAL_TYPE(DwViewRip, dw_view_rip, DW, VIEW_RIP, GtkBox)
void dw_view_rip_set_source(DwViewRip *self, DwWindow *win, const char *source, const dw_disc *disc,
                            const char *model);
/* Start a rip with the view's settings (resume: continue BASE.map). */
gboolean dw_view_rip_start(DwViewRip *self, gboolean resume);
void dw_view_rip_cancel(DwViewRip *self);
DwJobBar *dw_view_rip_get_job_bar(DwViewRip *self);
/* The running or last rip job (borrowed; NULL before the first). */
DwGuiJob *dw_view_rip_get_job(DwViewRip *self);
/* Output folder and base name, formats ("bincue,ccd"). */
void dw_view_rip_set_output(DwViewRip *self, const char *folder, const char *base);
void dw_view_rip_set_formats(DwViewRip *self, unsigned formats);
DwSectorMap *dw_view_rip_get_sector_map(DwViewRip *self);
/* Per-track rows (DW_RIP_COL_*): track (int; 0 the hidden track), mode,
 * start, length, read status; after a rip of audio what it proved, as
 * shown (AccurateRip, CTDB, test and copy; "" for data tracks) and as
 * numbers (confidences, whether read twice, test and copy CRC-32). */
enum { DW_RIP_COL_TRACK, DW_RIP_COL_MODE, DW_RIP_COL_START, DW_RIP_COL_LENGTH, DW_RIP_COL_STATUS, DW_RIP_COL_AR,
       DW_RIP_COL_CTDB, DW_RIP_COL_TEST_COPY, DW_RIP_COL_TIP, DW_RIP_COL_AR_CONFIDENCE, DW_RIP_COL_AR_TOTAL,
       DW_RIP_COL_CTDB_CONFIDENCE, DW_RIP_COL_CTDB_TOTAL, DW_RIP_COL_TESTED, DW_RIP_COL_TEST_CRC,
       DW_RIP_COL_COPY_CRC, DW_RIP_N_COLS };
GtkTreeModel *dw_view_rip_get_track_status(DwViewRip *self);
GtkTreeView *dw_view_rip_get_tracks_view(DwViewRip *self);
/* Audio track files (FLAC, WAV or NONE) and the FLAC level (0..8). */
void dw_view_rip_set_audio(DwViewRip *self, dw_rip_audio_format audio, int flac_level);
/* Database answers and album information (NULL or "": none); online:
 * fetch what is not given. */
void dw_view_rip_set_databases(DwViewRip *self, const char *accuraterip, const char *ctdb, const char *drive_offsets,
                               const char *metadata, gboolean online);
GtkExpander *dw_view_rip_get_db_expander(DwViewRip *self);
/* What the last finished rip reported (borrowed; NULL before one ended). */
const dw_rip_result *dw_view_rip_get_result(DwViewRip *self);
/* What the view shows under the tracks after a rip of audio, by key:
 * "offset", "cache", "accuraterip", "ctdb", "files" (borrowed; NULL when
 * not shown). */
const char *dw_view_rip_get_proof(DwViewRip *self, const char *key);
/* Error rows: LBA (int), message. */
GtkTreeModel *dw_view_rip_get_errors(DwViewRip *self);

#define DW_TYPE_VIEW_AUTHOR (dw_view_author_get_type())
G_DECLARE_FINAL_TYPE(DwViewAuthor, dw_view_author, DW, VIEW_AUTHOR, GtkBox)
void dw_view_author_setup(DwViewAuthor *self, DwWindow *win);
/* Graft source (file or folder) at target in the image (NULL: "/" + its name). */
void dw_view_author_add(DwViewAuthor *self, const char *source, const char *target);
void dw_view_author_remove_selected(DwViewAuthor *self);
/* Volume label and UDF choice (0 none, 1 1.02, 2 2.01, 3 2.50). */
void dw_view_author_set_options(DwViewAuthor *self, const char *label, int udf_index);
/* Where the EFI boot image comes from (the EFI combo's rows). */
typedef enum { DW_AUTHOR_EFI_NONE, DW_AUTHOR_EFI_TREE, DW_AUTHOR_EFI_APPENDED } DwAuthorEfi;
/* The MBR code the hybrid choice starts with, when it exists. */
#define DW_AUTHOR_DEFAULT_MBR "/usr/lib/ISOLINUX/isohdpfx.bin"
/* Boot controls: bios = path in the image ("" or NULL: none; no
 * emulation, load size 4, boot-info table), the EFI image (a path in the
 * image for TREE, a file on disk appended as partition 2 for APPENDED),
 * mbr = isohybrid MBR file (NULL: not hybrid; "": hybrid with none
 * chosen), GPT or MBR partitions,
 * hidden catalog. */
void dw_view_author_set_boot(DwViewAuthor *self, const char *bios, DwAuthorEfi efi_mode, const char *efi,
                             const char *mbr, gboolean gpt, gboolean hide_catalog);
/* The hybrid MBR code file chosen (g_free; NULL: none). */
char *dw_view_author_get_mbr(DwViewAuthor *self);
/* The path in the image of a file on disk (what Select… fills in): under
 * the target of the graft whose source is it or holds it; NULL (g_free)
 * when no graft does. */
char *dw_view_author_image_path(DwViewAuthor *self, const char *file);
/* Write the project to path as a job.  An existing path is not touched:
 * the info bar offers Replace and Choose Another Name (FALSE). */
gboolean dw_view_author_write(DwViewAuthor *self, const char *path);
void dw_view_author_cancel(DwViewAuthor *self);
DwJobBar *dw_view_author_get_job_bar(DwViewAuthor *self);
/* "1.3 GB of 737.3 MB: 562.7 MB too much for a CD (80 min). …" (borrowed). */
const char *dw_view_author_get_capacity_text(DwViewAuthor *self);
/* Whether the project's estimate fits the chosen medium. */
gboolean dw_view_author_fits(DwViewAuthor *self);
GtkTreeView *dw_view_author_get_files_view(DwViewAuthor *self);
GtkExpander *dw_view_author_get_boot_expander(DwViewAuthor *self);
void dw_view_author_ask_add(DwViewAuthor *self, gboolean folders);
void dw_view_author_ask_write(DwViewAuthor *self);
DwGuiJob *dw_view_author_get_job(DwViewAuthor *self);
/* Rows: in the image, source, kind, bytes (guint64), size text. */
GtkTreeModel *dw_view_author_get_project(DwViewAuthor *self);
/* A snapshot of the project: author options with their own copies of
 * every string (owned; dw_author_project_free).  NULL, and the info bar
 * says why, when the project is empty. */
typedef struct DwAuthorProject DwAuthorProject;
DwAuthorProject *dw_view_author_snapshot(DwViewAuthor *self);
const dw_author_options *dw_author_project_get_options(const DwAuthorProject *p);
/* The sources' size in whole blocks (the capacity bar's estimate). */
guint64 dw_author_project_get_bytes(const DwAuthorProject *p);
void dw_author_project_free(DwAuthorProject *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DwAuthorProject, dw_author_project_free)
/* The writable medium in the selected drive (NULL: none): offered as a
 * fifth capacity choice, "The medium in NAME (X free)", while it can be
 * written. */
void dw_view_author_set_medium(DwViewAuthor *self, const char *drive, const dw_media_info *m);
GtkComboBox *dw_view_author_get_medium_combo(DwViewAuthor *self);
/* "Author project “LABEL”: 2 items, about 12 kB[, bootable]" (g_free). */
char *dw_view_author_describe(DwViewAuthor *self);
#define DW_TYPE_VIEW_BURN (dw_view_burn_get_type())
G_DECLARE_FINAL_TYPE(DwViewBurn, dw_view_burn, DW, VIEW_BURN, GtkBox)
/* drive: the selected drive, chosen (NULL: keep the choice); the list
 * offers it and every drive and stdio: file of the sidebar. */
void dw_view_burn_setup(DwViewBurn *self, DwWindow *win, const char *drive);
/* Image file, drive address (a device or stdio:PATH), verify after burning. */
void dw_view_burn_set_target(DwViewBurn *self, const char *image, const char *drive, gboolean verify);
/* What to burn: an image file, or the author project streamed straight to
 * the drive (no temporary image; on an appendable CD-R/DVD±R it becomes
 * the disc's next session, continuing its ISO tree). */
typedef enum { DW_BURN_FROM_IMAGE, DW_BURN_FROM_PROJECT } DwBurnFrom;
void dw_view_burn_set_from(DwViewBurn *self, DwBurnFrom from);
DwBurnFrom dw_view_burn_get_from(DwViewBurn *self);
void dw_view_burn_set_simulate(DwViewBurn *self, gboolean simulate);
/* "Leave open": the medium stays appendable (multisession); off closes the disc. */
void dw_view_burn_set_multi(DwViewBurn *self, gboolean multi);
/* The medium line under the drive (borrowed). */
const char *dw_view_burn_get_medium_text(DwViewBurn *self);
/* The medium in drive (from the disc view's read; NULL: not known): a
 * summary under the drive while that drive is chosen (kind, status, free
 * space; read again after every burn), and its write
 * speeds in the speed list (else Maximum, 4x, 8x, 16x of the medium's 1x). */
void dw_view_burn_set_medium(DwViewBurn *self, const char *drive, const dw_media_info *m);
/* The kB/s the chosen speed asks for on a medium of this MMC profile (0 = fastest). */
int dw_view_burn_get_speed_kbs(DwViewBurn *self, int profile);
GtkComboBox *dw_view_burn_get_speed_combo(DwViewBurn *self);
GtkComboBox *dw_view_burn_get_drive_combo(DwViewBurn *self);
/* After a successful burn: what the library reported (borrowed; NULL before). */
const dw_burn_result *dw_view_burn_get_result(DwViewBurn *self);
gboolean dw_view_burn_start(DwViewBurn *self);
/* Blank (fast) the rewritable disc in the chosen drive, without asking
 * (the Blank Disc… button asks first); FALSE when nothing was started
 * (a job runs, or the medium is not a rewritable disc holding data).
 * The medium is read again when it is done. */
gboolean dw_view_burn_blank(DwViewBurn *self);
/* Asks first (a dialog) unless simulating. */
void dw_view_burn_cancel(DwViewBurn *self);
DwJobBar *dw_view_burn_get_job_bar(DwViewBurn *self);
void dw_view_burn_ask_image(DwViewBurn *self);
DwGuiJob *dw_view_burn_get_job(DwViewBurn *self);
#define DW_TYPE_VIEW_VERIFY (dw_view_verify_get_type())
G_DECLARE_FINAL_TYPE(DwViewVerify, dw_view_verify, DW, VIEW_VERIFY, GtkBox)
/* What to check the image against (the "Against" choices, in order). */
enum { DW_VERIFY_OWN, DW_VERIFY_LIST, DW_VERIFY_IMAGE, DW_VERIFY_DRIVE };
/* drive: the selected drive (for "the disc in the drive"), may be NULL. */
void dw_view_verify_setup(DwViewVerify *self, DwWindow *win, const char *drive);
void dw_view_verify_set_target(DwViewVerify *self, const char *image, int against, const char *reference);
gboolean dw_view_verify_start(DwViewVerify *self);
void dw_view_verify_cancel(DwViewVerify *self);
DwJobBar *dw_view_verify_get_job_bar(DwViewVerify *self);
/* "Not checked: sectors: an ISO image holds no raw sectors…" ("" when all applied). */
const char *dw_view_verify_get_notes(DwViewVerify *self);
/* The summary for these counts of findings (g_free). */
char *dw_gui_verify_summary(size_t errors, size_t unreadable, size_t good);
DwGuiJob *dw_view_verify_get_job(DwViewVerify *self);
/* Rows: result (severity), check, file, track, sectors, details, icon name. */
GtkTreeModel *dw_view_verify_get_results(DwViewVerify *self);

/* ---- archive_panel.c: a batch of discs archived from the Library view --- */
#define DW_TYPE_ARCHIVE_PANEL (dw_archive_panel_get_type())
G_DECLARE_FINAL_TYPE(DwArchivePanel, dw_archive_panel, DW, ARCHIVE_PANEL, GtkBox)
/* catalog: where the batch records (the Library view's location). */
void dw_archive_panel_setup(DwArchivePanel *self, DwWindow *win, const char *catalog);
/* drives: "all" or "DEV,DEV"; folder: the library folder. */
void dw_archive_panel_set_target(DwArchivePanel *self, const char *drives, const char *folder);
/* Start the batch as a job (runs until stopped); Stop = the CLI's Ctrl-C.
 * Signal "recorded": discs were recorded (main thread). */
gboolean dw_archive_panel_start(DwArchivePanel *self);
void dw_archive_panel_stop(DwArchivePanel *self);
gboolean dw_archive_panel_running(DwArchivePanel *self);
DwGuiJob *dw_archive_panel_get_job(DwArchivePanel *self);
/* Rows per drive, polled twice a second; the summary line (borrowed). */
GtkTreeModel *dw_archive_panel_get_drives(DwArchivePanel *self);
const char *dw_archive_panel_get_summary(DwArchivePanel *self);
enum { DW_ARCHIVE_COL_DRIVE, DW_ARCHIVE_COL_STATE, DW_ARCHIVE_COL_DISC, DW_ARCHIVE_COL_PROGRESS, DW_ARCHIVE_COL_GOOD,
       DW_ARCHIVE_COL_INCOMPLETE, DW_ARCHIVE_COL_FAILED, DW_ARCHIVE_COL_ERROR, DW_ARCHIVE_N_COLS };

#define DW_TYPE_VIEW_LIBRARY (dw_view_library_get_type())
G_DECLARE_FINAL_TYPE(DwViewLibrary, dw_view_library, DW, VIEW_LIBRARY, GtkBox)
void dw_view_library_setup(DwViewLibrary *self, DwWindow *win);
/* Open the catalog at location (NULL or "": the "catalog" setting, else
 * the CLI's default) and list it; a file that does not exist is not
 * created (the view says so; FALSE).  The view opens it by itself when
 * first shown. */
gboolean dw_view_library_open(DwViewLibrary *self, const char *location);
const char *dw_view_library_get_location(DwViewLibrary *self);
/* Search (as `catalog search`; "" lists every disc) and list again now. */
void dw_view_library_set_search(DwViewLibrary *self, const char *text);
void dw_view_library_refresh(DwViewLibrary *self);
/* Select the listed discs with these ids (n == 0: every disc listed);
 * TRUE when all of them were listed. */
gboolean dw_view_library_select(DwViewLibrary *self, const int64_t *ids, int n);
/* Re-verify the selected discs as a job (FALSE when none or one runs). */
gboolean dw_view_library_reverify(DwViewLibrary *self);
void dw_view_library_cancel(DwViewLibrary *self);
DwGuiJob *dw_view_library_get_job(DwViewLibrary *self);
DwJobBar *dw_view_library_get_job_bar(DwViewLibrary *self);
GtkWidget *dw_view_library_get_verify_button(DwViewLibrary *self);
GtkEntry *dw_view_library_get_search_entry(DwViewLibrary *self);
/* The batch panel (in the "Archive discs" expander). */
DwArchivePanel *dw_view_library_get_archive_panel(DwViewLibrary *self);
GtkExpander *dw_view_library_get_archive_expander(DwViewLibrary *self);
/* Rows: the discs listed; the shown disc's files; its history (newest first). */
GtkTreeModel *dw_view_library_get_discs(DwViewLibrary *self);
GtkTreeModel *dw_view_library_get_files(DwViewLibrary *self);
GtkTreeModel *dw_view_library_get_history(DwViewLibrary *self);
enum { DW_LIB_COL_ID, DW_LIB_COL_NAME, DW_LIB_COL_KIND, DW_LIB_COL_IDS, DW_LIB_COL_DATE, DW_LIB_COL_STATUS,
       DW_LIB_COL_ACCURATERIP, DW_LIB_COL_FIXITY, DW_LIB_COL_BASE, DW_LIB_N_COLS };
enum { DW_LIB_FILE_STATUS, DW_LIB_FILE_CHECKED, DW_LIB_FILE_SIZE, DW_LIB_FILE_NAME, DW_LIB_FILE_N_COLS };
enum { DW_LIB_EVENT_WHEN, DW_LIB_EVENT_WHAT, DW_LIB_EVENT_FILE, DW_LIB_EVENT_STATUS, DW_LIB_EVENT_DETAIL,
       DW_LIB_EVENT_N_COLS };

/* ---- window.c ---------------------------------------------------------- */
#define DW_TYPE_WINDOW (dw_window_get_type())
G_DECLARE_FINAL_TYPE(DwWindow, dw_window, DW, WINDOW, GtkApplicationWindow)
DwWindow *dw_window_new(GtkApplication *app);
/* Adds job to the Jobs popover and the log, starts it; the window keeps a ref. */
void dw_window_run_job(DwWindow *self, DwGuiJob *job);
gboolean dw_window_has_running_jobs(DwWindow *self);
void dw_window_show_jobs(DwWindow *self);
DwJobsList *dw_window_get_jobs_list(DwWindow *self);
void dw_window_show_error(DwWindow *self, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* The info bar with a message of type and buttons (labels with
 * mnemonics, NULL-terminated; may be NULL): the button i answers cb(win,
 * i, data); destroy(data) when the bar closes or shows another message. */
typedef void (*DwInfoCallback)(DwWindow *win, int action, gpointer data);
void dw_window_show_message(DwWindow *self, GtkMessageType type, const char *text, const char *const *actions,
                            DwInfoCallback cb, gpointer data, GDestroyNotify destroy);
void dw_window_hide_message(DwWindow *self);
void dw_window_log(DwWindow *self, dw_log_level level, const char *message);
/* Every log line, debug included (g_free); save writes them to path. */
char *dw_window_get_log_text(DwWindow *self);
/* What the log pane shows: info and above (g_free). */
char *dw_window_get_log_pane_text(DwWindow *self);
GtkExpander *dw_window_get_log_expander(DwWindow *self);
GtkTextView *dw_window_get_log_view(DwWindow *self);
gboolean dw_window_save_log(DwWindow *self, const char *path, GError **error);
/* Show a view: "disc", "rip", "author", "burn", "verify", "library"; "jobs" opens the Jobs popover. */
void dw_window_show_view(DwWindow *self, const char *name);
const char *dw_window_get_view_name(DwWindow *self);
/* Read the selected source again (F5). */
void dw_window_reread(DwWindow *self);
/* Cancel (Ctrl+.): enabled while the shown view's job runs; stops it. */
void dw_window_update_cancel(DwWindow *self);
void dw_window_cancel_visible(DwWindow *self);
void dw_window_set_action_enabled(DwWindow *self, const char *name, gboolean enabled);
/* Add "stdio:PATH" (a new or existing file as a writable medium) to the
 * sidebar and select it: the disc view shows its media info. */
void dw_window_open_medium_file(DwWindow *self, const char *path);
DwDriveList *dw_window_get_drive_list(DwWindow *self);
DwViewDisc *dw_window_get_view_disc(DwWindow *self);
DwViewRip *dw_window_get_view_rip(DwWindow *self);
DwViewVerify *dw_window_get_view_verify(DwWindow *self);
DwViewAuthor *dw_window_get_view_author(DwWindow *self);
DwViewBurn *dw_window_get_view_burn(DwWindow *self);
DwViewLibrary *dw_window_get_view_library(DwWindow *self);
/* The disc shown (borrowed; NULL while none) and the probe job, if any. */
const dw_disc *dw_window_get_disc(DwWindow *self);
DwGuiJob *dw_window_get_probe_job(DwWindow *self);
GtkInfoBar *dw_window_get_info_bar(DwWindow *self);
GtkHeaderBar *dw_window_get_header_bar(DwWindow *self);
GtkStack *dw_window_get_stack(DwWindow *self);

/* ---- window_actions.c -------------------------------------------------- */
void dw_window_add_actions(DwWindow *self);

/* ---- resources.c (generated by glib-compile-resources) ---------------- */
void dw_gui_register_resource(void);

/* ---- app.c -------------------------------------------------------------- */
#define DW_TYPE_APP (dw_app_get_type())
G_DECLARE_FINAL_TYPE(DwApp, dw_app, DW, APP, GtkApplication)
DwApp *dw_app_new(void);
/* The window, created on first activation (borrowed). */
DwWindow *dw_app_get_window(DwApp *self);

G_END_DECLS

#endif
