/* Named sector sets (`sets: {motors: [c13, c14, c15], services: c17-c35}`) for split specs
 * (and scenarios): a name stands for its member sectors wherever a sector code is a key. */
#ifndef TS_MRIO_SETS_H
#define TS_MRIO_SETS_H

#include <stddef.h>

#include "tradeshock/mrio.h"

typedef struct ts_sector_sets {
    size_t n, S;
    char **names;
    unsigned char **members; /* [n][S]: 1 = sector s is in set k */
} ts_sector_sets;

/* Add set @p name from @p items (each a sector code or a range "c17-c35" in table order).
 * Returns 0, or -1 with a message in @p why (unknown code with the nearest one,
 * duplicate name, a name that is also a sector code, empty range). */
int ts_sector_sets_add(ts_sector_sets *ss, const ts_mrio *m, const char *name,
                       const char *const *items, size_t n_items, char *why, size_t whylen);

/* Members of @p name ([S]) or NULL. */
const unsigned char *ts_sector_sets_find(const ts_sector_sets *ss, const char *name);

void ts_sector_sets_free(ts_sector_sets *ss);

#endif
