/* view_rip_private.h: what the two files of the Rip view share:
 * view_rip.c (the form, the running rip, its map, per-track read status
 * and errors, existing rips) and view_rip_audio.c (the audio choices —
 * track file format, FLAC level, the database answers, the drive offset
 * list, the MusicBrainz release, looking up online — and what a finished
 * rip proved: per-track AccurateRip, CTDB and test-and-copy columns, the
 * offset, the drive cache).  Not for other files: they use gui.h.
 */
#ifndef DW_GUI_VIEW_RIP_PRIVATE_H
#define DW_GUI_VIEW_RIP_PRIVATE_H

#include "gui/gui.h"

/* One rip: its options and the strings they point at (owned). */
typedef struct {
    dw_rip_options ro;
    char *source, *base;
    char *accuraterip_db, *ctdb, *drive_offsets, *metadata;
    dw_rip_result res;
} DwRipCall;

struct _DwViewRip {
    GtkBox parent;
    GtkLabel *source_label, *legend, *formats_note;
    GtkWidget *form;
    DwJobBar *job_bar;
    GtkScrolledWindow *page;
    GtkWidget *results;
    GtkStack *lists;
    GtkWidget *errors_page;
    GtkToggleButton *fmt_iso, *fmt_bincue, *fmt_ccd, *fmt_toc, *offset_check, *resume_check, *force_check;
    GtkEntry *folder_entry, *base_entry;
    GtkButton *folder_button;
    GtkSpinButton *offset_spin, *retries_spin;
    DwSectorMap *sector_map;
    GtkTreeView *tracks_view, *errors_view;
    GtkListStore *track_status, *errors;
    /* audio (view_rip_audio.c) */
    GtkWidget *audio_label, *audio_box, *flac_level_label;
    GtkComboBox *audio_combo;
    GtkSpinButton *flac_level_spin;
    GtkExpander *db_expander;
    GtkLabel *db_summary;
    GtkEntry *ar_entry, *ctdb_entry, *offsets_entry, *meta_entry;
    GtkWidget *ar_file_button, *ar_folder_button, *ctdb_button, *offsets_button, *meta_button;
    GtkToggleButton *online_check;
    GtkGrid *proof_grid;
    GtkTreeViewColumn *proof_columns[3];   /* AccurateRip, CTDB, test and copy */

    DwWindow *win;               /* not owned: the window owns this view */
    char *source, *model;
    dw_disc *disc;               /* a copy of what the window shows, owned */
    char *disc_id;               /* AccurateRip id of its audio ("" none): per-disc memory */
    DwGuiJob *job;               /* owned */
    char *map_path;
    gint64 map_mtime;
    goffset map_size;
    int exists_actions[3];       /* what the info bar's buttons do (EXISTS_*) */
    guint scroll_tick;           /* tick callback bringing the results in sight, 0 none */
    int scroll_frames;
    /* what the last finished rip proved (NULL before, or while one runs) */
    dw_rip_result *result;
    gboolean result_ar_asked, result_ctdb_asked, result_image;
};

/* view_rip_audio.c */
/* Bind the audio widgets, add the proof columns, load the settings (from init). */
void dw_rip_audio_init(DwViewRip *self);
void dw_rip_audio_class_init(GtkWidgetClass *w);
/* The disc changed: audio choices shown only for audio, its remembered
 * per-disc files restored. */
void dw_rip_audio_set_disc(DwViewRip *self, const dw_disc *disc);
/* The chosen files exist (else the info bar says which, FALSE). */
gboolean dw_rip_audio_check(DwViewRip *self);
/* Fill c's audio options from the controls (copies into c). */
void dw_rip_audio_options(DwViewRip *self, DwRipCall *c);
void dw_rip_audio_save(DwViewRip *self);
/* The proof columns of a track row (number 0: the hidden track). */
void dw_rip_audio_fill_row(DwViewRip *self, GtkTreeIter *it, int number);
/* A rip ended (res valid) or a new one starts / the source changed (NULL). */
void dw_rip_audio_show_result(DwViewRip *self, const DwRipCall *c);
/* ", all 5 tracks accurate" and the like for the job bar ("" without audio; g_free). */
char *dw_rip_audio_outcome(const dw_rip_result *r);

#endif
