/* mapfile.h: the per-sector state map of a rip, kept in GNU ddrescue's
 * mapfile syntax so ddrescuelog and friends can read it.
 *
 * Positions in the text are bytes (0x-prefixed hex); the map itself works
 * in blocks of block_size bytes (2352 for raw CD, 2048 for cooked).
 * Status characters: '?' non-tried, '*' non-trimmed, '/' non-scraped,
 * '-' bad, '+' finished.  dw_map is an owned object (dw_map_free).
 */
#ifndef DISCWRIGHT_MAPFILE_H
#define DISCWRIGHT_MAPFILE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef enum {
    DW_MAP_NONTRIED = '?',
    DW_MAP_NONTRIMMED = '*',
    DW_MAP_NONSCRAPED = '/',
    DW_MAP_BAD = '-',
    DW_MAP_FINISHED = '+'
} dw_map_status;

typedef struct dw_map dw_map;

typedef struct {
    int64_t pos;                 /* first block */
    int64_t size;                /* blocks */
    dw_map_status status;
} dw_map_run;

/* A map of `blocks` blocks, all non-tried. */
dw_map *dw_map_new(int64_t blocks, uint32_t block_size);
void dw_map_free(dw_map *map);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_map, dw_map_free)

int64_t dw_map_blocks(const dw_map *map);
uint32_t dw_map_block_size(const dw_map *map);
/* Mark [pos, pos+count) with status; adjacent equal runs merge.
 * Out-of-range parts are clipped. */
void dw_map_set(dw_map *map, int64_t pos, int64_t count, dw_map_status status);
dw_map_status dw_map_get(const dw_map *map, int64_t pos);
/* Total blocks with the given status. */
int64_t dw_map_count(const dw_map *map, dw_map_status status);
/* Runs in order (borrowed; valid until the next change). */
const dw_map_run *dw_map_runs(const dw_map *map, size_t *n_runs);
/* First run at or after pos whose status is in `statuses` (a string of
 * status characters); returns false when none. */
bool dw_map_find(const dw_map *map, int64_t pos, const char *statuses, dw_map_run *out);

/* The current position/status/pass line of ddrescue. */
void dw_map_set_current(dw_map *map, int64_t pos, char status, int pass);

/* Parse ddrescue mapfile text.  Byte positions must be multiples of
 * block_size; gaps and overlaps are errors ("NAME:LINE:COL: ..."). When
 * the text covers less than `blocks`, the rest is non-tried; blocks < 0
 * takes the size from the text. */
dw_map *dw_map_parse(const char *text, size_t len, const char *name,
                     int64_t blocks, uint32_t block_size, GError **error);
dw_map *dw_map_read_file(const char *path, int64_t blocks, uint32_t block_size, GError **error);
/* Text in ddrescue syntax (g_free). */
char *dw_map_write(const dw_map *map);
/* Write atomically (temporary file + rename). */
gboolean dw_map_write_file(const dw_map *map, const char *path, GError **error);
/* The same; with sync false the file is not flushed to the disk before the
 * rename (it survives the process being killed, not a power cut): for
 * maps rewritten after every block, with a synced write now and then. */
gboolean dw_map_write_file_full(const dw_map *map, const char *path, bool sync, GError **error);

G_END_DECLS

#endif
