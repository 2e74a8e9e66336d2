/* CSV result files written under a temporary name in their folder and renamed into
 * place when complete: rename(2) within one folder is atomic, so readers see the old
 * file or the whole new one (internal, not public API). */
#ifndef TS_CORE_CSVOUT_H
#define TS_CORE_CSVOUT_H

#include <stdio.h>

#include "tradeshock/status.h"

typedef struct ts_csvfile {
    FILE *f;
    char *tmp, *final;
} ts_csvfile;

/** Create DIR/.NAME.PID.tmp and write @p header and a newline. TS_ERR_IO names DIR/NAME. */
/* Writes s as one CSV field: as is, or quoted (quotes doubled) when it holds a comma,
 * a quote or a line break (RFC 4180). */
void ts_csv_field(FILE *f, const char *s);

ts_status ts_csv_open(ts_csvfile *c, const char *dir, const char *name, const char *header,
                      ts_error *err);

/** Close; if @p st is TS_OK and all was written, rename into place, else remove the
 *  temporary file (the previous file is left untouched). Returns the final status. */
ts_status ts_csv_close(ts_csvfile *c, ts_status st, ts_error *err);

#endif
