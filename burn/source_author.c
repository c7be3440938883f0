/* source_author.c: the author engine's pull stream as a burn source, so
 * a directory tree goes straight to the burner with no temporary image
 * (`discwright burn --author`, the GUI's "Burn…" of an author project).
 * The source owns the plan and the stream it reads from. */
#include "config.h"

#include "discwright/author.h"
#include "discwright/burn.h"

typedef struct {
    dw_author_plan *plan;
    dw_author_stream *stream;
} author_feed;

static gssize author_read(void *user, void *buf, gsize len, GError **error)
{
    author_feed *f = user;
    return dw_author_stream_read(f->stream, buf, len, error);
}

static void author_feed_free(void *user)
{
    author_feed *f = user;
    if (f->stream)
        dw_author_stream_free(f->stream);
    if (f->plan)
        dw_author_plan_free(f->plan);
    g_free(f);
}

dw_burn_source *dw_burn_source_new_author(const dw_author_options *opts, const char *name, dw_job *job,
                                          GError **error)
{
    author_feed *f = g_new0(author_feed, 1);
    if (!(f->plan = dw_author_plan_new(opts, job, error)) || !(f->stream = dw_author_stream_new(f->plan, error))) {
        author_feed_free(f);
        return NULL;
    }
    return dw_burn_source_new_callback(dw_author_plan_blocks(f->plan), author_read, f, author_feed_free,
                                       name ? name : "author stream");
}
