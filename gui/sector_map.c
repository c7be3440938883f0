/* sector_map.c: DwSectorMap, a grid of cells drawn with cairo, each cell
 * standing for an equal share of the disc's sectors and coloured by the
 * worst state among them, as ddrescueview shows a mapfile: good (green),
 * retried — non-trimmed or non-scraped — (yellow), bad (red), not tried
 * (grey); the block being read is outlined.  It keeps its own copy of
 * the runs, so the map it was given may change or go away.
 */
#include "config.h"

#include <string.h>

#include "gui/gui.h"

#define CELL 8
#define GAP 1

enum { C_GOOD, C_BAD, C_UNTRIED, C_RETRIED };

struct _DwSectorMap {
    GtkDrawingArea parent;
    dw_map_run *runs;
    size_t n_runs;
    int64_t blocks;
    int64_t current;
    int64_t counts[4];
};

G_DEFINE_FINAL_TYPE(DwSectorMap, dw_sector_map, GTK_TYPE_DRAWING_AREA)

static int klass_of(dw_map_status s)
{
    switch (s) {
    case DW_MAP_FINISHED: return C_GOOD;
    case DW_MAP_BAD: return C_BAD;
    case DW_MAP_NONTRIED: return C_UNTRIED;
    default: return C_RETRIED;
    }
}

/* Worse first: bad, retried, untried, good. */
static int severity(int k)
{
    static const int sev[] = { [C_GOOD] = 0, [C_UNTRIED] = 1, [C_RETRIED] = 2, [C_BAD] = 3 };
    return sev[k];
}

static void set_color(cairo_t *cr, int k)
{
    static const double rgb[4][3] = {
        [C_GOOD] = { 0.22, 0.63, 0.34 },
        [C_BAD] = { 0.80, 0.15, 0.15 },
        [C_UNTRIED] = { 0.72, 0.74, 0.78 },
        [C_RETRIED] = { 0.93, 0.76, 0.18 },
    };
    cairo_set_source_rgb(cr, rgb[k][0], rgb[k][1], rgb[k][2]);
}

static gboolean draw(GtkWidget *w, cairo_t *cr)
{
    DwSectorMap *self = DW_SECTOR_MAP(w);
    int width = gtk_widget_get_allocated_width(w);
    int height = gtk_widget_get_allocated_height(w);
    int cols = MAX(1, width / (CELL + GAP));
    int rows = MAX(1, height / (CELL + GAP));
    int64_t cells = (int64_t)cols * rows;
    if (self->blocks <= 0) {
        set_color(cr, C_UNTRIED);
        for (int64_t c = 0; c < cells; c++) {
            cairo_rectangle(cr, (double)(c % cols) * (CELL + GAP), (double)(c / cols) * (CELL + GAP), CELL, CELL);
        }
        cairo_fill(cr);
        return FALSE;
    }
    if (cells > self->blocks)
        cells = self->blocks;
    size_t r = 0;
    for (int64_t c = 0; c < cells; c++) {
        int64_t first = self->blocks * c / cells, end = self->blocks * (c + 1) / cells;
        int worst = C_GOOD;
        while (r < self->n_runs && self->runs[r].pos + self->runs[r].size <= first)
            r++;
        for (size_t k = r; k < self->n_runs && self->runs[k].pos < end; k++) {
            int cls = klass_of(self->runs[k].status);
            if (severity(cls) > severity(worst))
                worst = cls;
        }
        set_color(cr, worst);
        double x = (double)(c % cols) * (CELL + GAP), y = (double)(c / cols) * (CELL + GAP);
        cairo_rectangle(cr, x, y, CELL, CELL);
        cairo_fill(cr);
        if (self->current >= first && self->current < end) {
            cairo_set_source_rgb(cr, 0.1, 0.3, 0.9);
            cairo_set_line_width(cr, 2);
            cairo_rectangle(cr, x + 1, y + 1, CELL - 2, CELL - 2);
            cairo_stroke(cr);
        }
    }
    return FALSE;
}

static void update_description(DwSectorMap *self)
{
    AtkObject *a = gtk_widget_get_accessible(GTK_WIDGET(self));
    g_autofree char *d = g_strdup_printf(_("%" G_GINT64_FORMAT " good, %" G_GINT64_FORMAT " bad, %" G_GINT64_FORMAT
                                           " not tried, %" G_GINT64_FORMAT " retried sectors"),
                                         self->counts[C_GOOD], self->counts[C_BAD], self->counts[C_UNTRIED],
                                         self->counts[C_RETRIED]);
    atk_object_set_description(a, d);
    gtk_widget_set_tooltip_text(GTK_WIDGET(self), d);
}

void dw_sector_map_set_map(DwSectorMap *self, const dw_map *map, int64_t current)
{
    g_clear_pointer(&self->runs, g_free);
    self->n_runs = 0;
    self->blocks = 0;
    memset(self->counts, 0, sizeof self->counts);
    self->current = current;
    if (map) {
        size_t n = 0;
        const dw_map_run *runs = dw_map_runs(map, &n);
        self->runs = g_memdup2(runs, n * sizeof *runs);
        self->n_runs = n;
        self->blocks = dw_map_blocks(map);
        for (size_t i = 0; i < n; i++)
            self->counts[klass_of(runs[i].status)] += runs[i].size;
    }
    update_description(self);
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

void dw_sector_map_get_counts(DwSectorMap *self, int64_t counts[4])
{
    memcpy(counts, self->counts, sizeof self->counts);
}

GtkWidget *dw_sector_map_new(void)
{
    return g_object_new(DW_TYPE_SECTOR_MAP, NULL);
}

static void finalize(GObject *obj)
{
    g_free(DW_SECTOR_MAP(obj)->runs);
    G_OBJECT_CLASS(dw_sector_map_parent_class)->finalize(obj);
}

static void dw_sector_map_init(DwSectorMap *self)
{
    self->current = -1;
    gtk_widget_set_size_request(GTK_WIDGET(self), 200, 120);
    atk_object_set_name(gtk_widget_get_accessible(GTK_WIDGET(self)), _("Sector map"));
    update_description(self);
}

static void dw_sector_map_class_init(DwSectorMapClass *klass)
{
    G_OBJECT_CLASS(klass)->finalize = finalize;
    GTK_WIDGET_CLASS(klass)->draw = draw;
}
