/* settings.c: where discwright-gtk keeps its settings.  An installed app
 * finds its GSettings schema (org.discwright.Discwright) in the system's
 * schema directories (or GSETTINGS_SCHEMA_DIR).  Run from the build tree
 * it is not installed: the build compiles the schema into gui/schemas/,
 * which is found next to the program (libtool puts the real binary in
 * gui/.libs/).  When neither has it, the app still runs, with the
 * defaults, and says once that nothing will be remembered; GSettings
 * itself would abort the program for a missing schema.
 */
#include "config.h"

#include <string.h>

#include "gui/gui.h"

static GSettings *settings;
static gboolean looked;

/* The schema in a directory of compiled schemas, or NULL. */
static GSettingsSchema *schema_in(const char *dir, GSettingsSchemaSource *parent)
{
    g_autofree char *compiled = g_build_filename(dir, "gschemas.compiled", NULL);
    if (!g_file_test(compiled, G_FILE_TEST_IS_REGULAR))
        return NULL;
    GSettingsSchemaSource *src = g_settings_schema_source_new_from_directory(dir, parent, FALSE, NULL);
    if (!src)
        return NULL;
    GSettingsSchema *schema = g_settings_schema_source_lookup(src, DW_APP_ID, FALSE);
    g_settings_schema_source_unref(src);
    return schema;
}

/* The build tree's gui/schemas, seen from the running program. */
static GSettingsSchema *build_tree_schema(GSettingsSchemaSource *parent)
{
    g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
    if (!exe)
        return NULL;
    g_autofree char *dir = g_path_get_dirname(exe);
    static const char *const rel[] = { "schemas", "../schemas" };
    for (size_t i = 0; i < G_N_ELEMENTS(rel); i++) {
        g_autofree char *d = g_build_filename(dir, rel[i], NULL);
        GSettingsSchema *s = schema_in(d, parent);
        if (s)
            return s;
    }
    return NULL;
}

GSettings *dw_gui_settings(void)
{
    if (looked)
        return settings;
    looked = TRUE;
    GSettingsSchemaSource *def = g_settings_schema_source_get_default();
    GSettingsSchema *schema = def ? g_settings_schema_source_lookup(def, DW_APP_ID, TRUE) : NULL;
    if (!schema)
        schema = build_tree_schema(def);
    if (!schema) {
        g_message("discwright-gtk: the settings schema %s is not installed; settings will not be remembered "
                  "(install the program, or set GSETTINGS_SCHEMA_DIR)", DW_APP_ID);
        return NULL;
    }
    settings = g_settings_new_full(schema, NULL, NULL);
    g_settings_schema_unref(schema);
    return settings;
}

/* The settings when their schema has key (an installed schema older
 * than the program may lack a new key; GSettings would abort). */
static GSettings *with_key(const char *key)
{
    GSettings *s = dw_gui_settings();
    if (!s)
        return NULL;
    g_autoptr(GSettingsSchema) schema = NULL;
    g_object_get(s, "settings-schema", &schema, NULL);
    return schema && g_settings_schema_has_key(schema, key) ? s : NULL;
}

char *dw_gui_settings_get_string(const char *key, const char *fallback)
{
    GSettings *s = with_key(key);
    return s ? g_settings_get_string(s, key) : g_strdup(fallback ? fallback : "");
}

void dw_gui_settings_set_string(const char *key, const char *value)
{
    GSettings *s = with_key(key);
    if (s)
        g_settings_set_string(s, key, value);
}

int dw_gui_settings_get_int(const char *key, int fallback)
{
    GSettings *s = dw_gui_settings();
    return s ? g_settings_get_int(s, key) : fallback;
}

void dw_gui_settings_set_int(const char *key, int value)
{
    GSettings *s = dw_gui_settings();
    if (s)
        g_settings_set_int(s, key, value);
}

gboolean dw_gui_settings_get_bool(const char *key, gboolean fallback)
{
    GSettings *s = dw_gui_settings();
    return s ? g_settings_get_boolean(s, key) : fallback;
}

void dw_gui_settings_set_bool(const char *key, gboolean value)
{
    GSettings *s = dw_gui_settings();
    if (s)
        g_settings_set_boolean(s, key, value);
}

GStrv dw_gui_settings_get_strv(const char *key)
{
    GSettings *s = dw_gui_settings();
    return s ? g_settings_get_strv(s, key) : g_new0(char *, 1);
}

void dw_gui_settings_set_strv(const char *key, const char *const *value)
{
    GSettings *s = dw_gui_settings();
    if (s)
        g_settings_set_strv(s, key, value);
}

gboolean dw_gui_settings_lookup_int(const char *dict_key, const char *name, int *out)
{
    GSettings *s = dw_gui_settings();
    if (!s || !name || !*name)
        return FALSE;
    g_autoptr(GVariant) d = g_settings_get_value(s, dict_key);
    return g_variant_lookup(d, name, "i", out);
}

/* dict (an a{s?} value) with name set to value (NULL: removed), typed
 * as the key wants: GVariantDict would make it a{sv}, which GSettings
 * refuses for an a{si} or a{ss} key. */
static GVariant *dict_with(GVariant *dict, const char *name, GVariant *value)
{
    GVariantBuilder b;
    g_variant_builder_init(&b, g_variant_get_type(dict));
    GVariantIter it;
    g_variant_iter_init(&it, dict);
    for (GVariant *e; (e = g_variant_iter_next_value(&it));) {
        g_autoptr(GVariant) k = g_variant_get_child_value(e, 0);
        if (!g_str_equal(g_variant_get_string(k, NULL), name))
            g_variant_builder_add_value(&b, e);
        g_variant_unref(e);
    }
    if (value)
        g_variant_builder_add_value(&b, g_variant_new_dict_entry(g_variant_new_string(name), value));
    return g_variant_builder_end(&b);
}

void dw_gui_settings_store_int(const char *dict_key, const char *name, int value)
{
    GSettings *s = dw_gui_settings();
    if (!s || !name || !*name)
        return;
    g_autoptr(GVariant) old = g_settings_get_value(s, dict_key);
    g_settings_set_value(s, dict_key, dict_with(old, name, g_variant_new_int32(value)));
}

char *dw_gui_settings_lookup_string(const char *dict_key, const char *name)
{
    GSettings *s = dw_gui_settings();
    if (!s || !name || !*name)
        return NULL;
    g_autoptr(GVariant) d = g_settings_get_value(s, dict_key);
    char *v = NULL;
    return g_variant_lookup(d, name, "s", &v) ? v : NULL;
}

void dw_gui_settings_store_string(const char *dict_key, const char *name, const char *value)
{
    GSettings *s = dw_gui_settings();
    if (!s || !name || !*name)
        return;
    g_autoptr(GVariant) old = g_settings_get_value(s, dict_key);
    g_settings_set_value(s, dict_key, dict_with(old, name, value && *value ? g_variant_new_string(value) : NULL));
}
