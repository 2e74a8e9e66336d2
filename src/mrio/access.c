/* Accessors of a table for bindings that see ts_mrio as opaque (mrio.h; the Python
 * package python/tradeshock uses them through cffi's ABI mode). */
#include <string.h>

#include "tradeshock/mrio.h"

size_t ts_mrio_size(const ts_mrio *m, char what)
{
    return what == 'R' ? m->R : what == 'S' ? m->S : what == 'F' ? m->F : what == 'n' ? m->n : 0;
}

const double *ts_mrio_array(const ts_mrio *m, char which)
{
    return which == 'Z' ? m->Z : which == 'Y' ? m->Y : which == 'x' ? m->x
         : which == 'v' ? m->v : NULL;
}

const char *ts_mrio_label_text(const ts_mrio *m, char what, size_t k, int name)
{
    const ts_label *l = what == 'R' ? m->regions : what == 'S' ? m->sectors
                      : what == 'F' ? m->fd_cats : NULL;
    size_t len = ts_mrio_size(m, what);
    if (!l || k >= len)
        return NULL;
    return name ? (l[k].name ? l[k].name : l[k].code) : l[k].code;
}

const char *ts_mrio_meta_text(const ts_mrio *m, const char *key)
{
    const char *keys[] = {"name", "year", "currency", "unit", "source", "licence", "path"};
    const char *vals[] = {m->name, m->year, m->currency, m->unit, m->source, m->licence, m->path};
    for (int k = 0; k < 7; k++)
        if (!strcmp(key, keys[k]))
            return vals[k];
    return NULL;
}
