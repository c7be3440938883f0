/* view_author_private.h: what the two files of the Author view share:
 * view_author.c (the project list, capacity, writing the image) and
 * view_author_boot.c (the boot options and the project snapshot that
 * turns the view's controls into dw_author_options).  Not for other
 * files: they use gui.h.
 */
#ifndef DW_GUI_VIEW_AUTHOR_PRIVATE_H
#define DW_GUI_VIEW_AUTHOR_PRIVATE_H

#include "discwright/author.h"
#include "gui/gui.h"

/* The project list's columns. */
enum { PC_TARGET, PC_SOURCE, PC_KIND, PC_BYTES, PC_SIZE_TEXT, PC_N };

struct DwAuthorProject {
    dw_author_options opts;
    GPtrArray *strings;          /* owned copies the options point at */
    dw_author_graft *grafts;
    dw_author_boot boot[2];      /* BIOS, then UEFI */
    dw_author_partition part;    /* the appended ESP */
    guint64 bytes;               /* the sources' size in whole blocks */
};

struct _DwViewAuthor {
    GtkBox parent;
    GtkLabel *notice, *capacity_label;
    GtkWidget *form, *empty_frame;
    GtkStack *files_stack;
    GtkExpander *boot_expander;
    DwJobBar *job_bar;
    GtkWidget *write_button, *burn_button, *add_files_button, *add_folder_button, *remove_button;
    GtkEntry *bios_entry, *efi_entry;
    GtkWidget *bios_choose, *efi_choose;
    GtkComboBox *emul_combo, *efi_combo, *table_combo;
    GtkSpinButton *load_spin;
    GtkToggleButton *info_check, *hybrid_check, *hide_catalog_check;
    GtkFileChooser *mbr_chooser;
    GtkEntry *label_entry, *publisher_entry;
    GtkToggleButton *joliet_check, *rr_check;
    GtkComboBox *udf_combo, *medium_combo;
    GtkLevelBar *capacity_bar;
    GtkTreeView *files_view;
    GtkListStore *project;
    DwWindow *win;               /* not owned: the window owns this view */
    DwGuiJob *job;               /* owned */
    guint64 medium_free;         /* the writable medium offered as a fifth choice, 0 none */
    guint64 total, capacity;     /* the project's estimate and the chosen medium's bytes */
    char *medium_name;           /* "CD (80 min)", … of the chosen medium */
    char *pending_path;          /* the image the info bar asks about */
};

/* view_author_boot.c */
/* Connect the boot controls and set their defaults (from init). */
void dw_author_boot_init(DwViewAuthor *self);
/* A graft moved from old_target to new_target in the image: boot paths
 * under it follow. */
void dw_author_boot_follow(DwViewAuthor *self, const char *old_target, const char *new_target);
/* Whether the boot controls make the image bootable. */
gboolean dw_author_boot_enabled(DwViewAuthor *self);

#endif
