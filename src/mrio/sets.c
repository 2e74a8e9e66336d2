/* Named sector sets (mrio/sets.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "mrio/labels.h"
#include "mrio/sets.h"

static int bad(char *why, size_t len, const ts_mrio *m, const char *code, const char *name)
{
    snprintf(why, len, "set '%s': '%s' is not a sector of the table", name, code);
    ts_label_hint(code, m->sectors, m->S, why, len);
    return -1;
}

int ts_sector_sets_add(ts_sector_sets *ss, const ts_mrio *m, const char *name,
                       const char *const *items, size_t n_items, char *why, size_t whylen)
{
    if (ts_mrio_sector_index(m, name) >= 0) {
        snprintf(why, whylen, "set name '%s' is also a sector code; choose another name", name);
        return -1;
    }
    if (ts_sector_sets_find(ss, name)) {
        snprintf(why, whylen, "set '%s' is defined twice", name);
        return -1;
    }
    unsigned char *mem = calloc(m->S > 0 ? m->S : 1, 1);
    if (!mem) {
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    for (size_t k = 0; k < n_items; k++) {
        const char *it = items[k];
        int a = ts_mrio_sector_index(m, it), b = a;
        const char *dash = a < 0 ? strchr(it, '-') : NULL;
        if (dash) {
            char *lo = ts_strdup(it);
            lo[dash - it] = 0;
            a = ts_mrio_sector_index(m, lo);
            b = ts_mrio_sector_index(m, dash + 1);
            int rc = a < 0 ? bad(why, whylen, m, lo, name)
                     : b < 0 ? bad(why, whylen, m, dash + 1, name) : 0;
            free(lo);
            if (rc) {
                free(mem);
                return -1;
            }
            if (b < a) {
                snprintf(why, whylen, "set '%s': range '%s' is empty (the first code comes "
                                      "after the last in the table's order)", name, it);
                free(mem);
                return -1;
            }
        } else if (a < 0) {
            free(mem);
            return bad(why, whylen, m, it, name);
        }
        for (int s = a; s <= b; s++)
            mem[s] = 1;
    }
    char **nn = realloc(ss->names, (ss->n + 1) * sizeof *nn);
    if (nn)
        ss->names = nn;
    unsigned char **nm = nn ? realloc(ss->members, (ss->n + 1) * sizeof *nm) : NULL;
    if (nm)
        ss->members = nm;
    if (!nn || !nm) {
        free(mem);
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    ss->S = m->S;
    ss->names[ss->n] = ts_strdup(name);
    ss->members[ss->n] = mem;
    ss->n++;
    return 0;
}

const unsigned char *ts_sector_sets_find(const ts_sector_sets *ss, const char *name)
{
    for (size_t k = 0; ss && k < ss->n; k++)
        if (!strcmp(ss->names[k], name))
            return ss->members[k];
    return NULL;
}

void ts_sector_sets_free(ts_sector_sets *ss)
{
    for (size_t k = 0; ss && k < ss->n; k++) {
        free(ss->names[k]);
        free(ss->members[k]);
    }
    if (ss) {
        free(ss->names);
        free(ss->members);
        memset(ss, 0, sizeof *ss);
    }
}
