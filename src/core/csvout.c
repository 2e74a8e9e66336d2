/* CSV files written under a temporary name and renamed into place (core/csvout.h). */
#define _POSIX_C_SOURCE 200809L
#include "core/csvout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"

/* A CSV file written under a temporary name in its folder, renamed into place when
 * complete: rename(2) within one folder is atomic, so readers see the old file or the
 * whole new one. */
ts_status ts_csv_open(ts_csvfile *c, const char *dir, const char *name, const char *header,
                          ts_error *err)
{
    memset(c, 0, sizeof *c);
    c->final = ts_asprintf("%s/%s", dir, name);
    c->tmp = ts_asprintf("%s/.%s.%ld.tmp", dir, name, (long)getpid());
    if (!c->final || !c->tmp) {
        free(c->final);
        free(c->tmp);
        memset(c, 0, sizeof *c);
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    c->f = fopen(c->tmp, "w");
    if (!c->f) {
        /* the message names the file the user will look for, not the temporary one */
        ts_status st = ts_error_set(err, TS_ERR_IO, c->final, 0, 0, NULL, "cannot create: %s",
                                    strerror(errno));
        free(c->final);
        free(c->tmp);
        memset(c, 0, sizeof *c);
        return st;
    }
    fputs(header, c->f);
    fputc('\n', c->f);
    return TS_OK;
}

/* Close, and rename into place if everything was written; on any failure the
 * temporary file is removed and the previous file (if any) is left untouched. */
ts_status ts_csv_close(ts_csvfile *c, ts_status st, ts_error *err)
{
    if (c->f) {
        int bad = fflush(c->f) != 0 || ferror(c->f);
        int e = errno;
        if (fclose(c->f) != 0 && !bad) {
            bad = 1;
            e = errno;
        }
        if (!st && bad)
            st = ts_error_set(err, TS_ERR_IO, c->final, 0, 0, NULL, "write failed: %s",
                              strerror(e));
        if (!st && rename(c->tmp, c->final) != 0)
            st = ts_error_set(err, TS_ERR_IO, c->final, 0, 0, NULL, "cannot put in place: %s",
                              strerror(errno));
        if (st)
            remove(c->tmp);
    }
    free(c->tmp);
    free(c->final);
    memset(c, 0, sizeof *c);
    return st;
}


void ts_csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}
