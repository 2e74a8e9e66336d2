/* Reading the records of an OECD ICIO csv into memory (icio.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "mrio/csvread.h"
#include "mrio/icio.h"
#include "mrio/tabread.h"

static ts_status nomem(ts_error *err)
{
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory reading ICIO csv");
}

static ts_status on_row(void *user, const ts_csv_row *row, ts_error *err)
{
    icio_raw *r = user;
    if (row->index == 0) {
        if (row->nfields < 3)
            return ts_error_set(err, TS_ERR_INPUT, r->path, 1, 0, NULL,
                                "the header has %zu field%s; expected an OECD ICIO csv: a "
                                "corner cell (empty or V1), then <CTRY>_<SECTOR> columns, "
                                "<CTRY>_<CATEGORY> final-demand columns and TOTAL/OUT",
                                row->nfields, row->nfields == 1 ? "" : "s");
        r->nfields = row->nfields;
        if (!(r->head = calloc(row->nfields, sizeof *r->head)))
            return nomem(err);
        for (size_t k = 0; k < row->nfields; k++)
            if (!(r->head[k] = ts_strdup(row->fields[k])))
                return nomem(err);
        if (!(r->seen = ts_strmap_create(4096)))
            return nomem(err);
        return TS_OK;
    }
    if (row->nfields != r->nfields) {
        char what[96];
        snprintf(what, sizeof what, "the row label and %zu values", r->nfields - 1);
        return ts_ragged_error(err, r->path, row->line, row->nfields, r->nfields, what);
    }
    const char *lab = row->fields[0];
    if (!*lab)
        return ts_error_set(err, TS_ERR_INPUT, r->path, row->line, 1, NULL,
                            "empty row label; expected <CTRY>_<SECTOR> or a total/value-added "
                            "row (TAXSUB, TLS, VALU, VA, OUTPUT, OUT)");
    long old = 0;
    int dup = ts_strmap_put(r->seen, lab, row->line, &old);
    if (dup < 0)
        return nomem(err);
    if (dup > 0)
        return ts_error_set(err, TS_ERR_INPUT, r->path, row->line, 1, NULL,
                            "row label '%s' appears twice (lines %ld and %ld); expected each "
                            "row label exactly once",
                            lab, old, row->line);
    size_t w = r->nfields - 1;
    if (r->nrows == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 256;
        char **l = realloc(r->rlab, cap * sizeof *l);
        if (l)
            r->rlab = l;
        long *ln = realloc(r->rline, cap * sizeof *ln);
        if (ln)
            r->rline = ln;
        double *v = realloc(r->val, cap * w * sizeof *v);
        if (v)
            r->val = v;
        if (!l || !ln || !v)
            return nomem(err);
        r->cap = cap;
    }
    double *dst = r->val + r->nrows * w;
    for (size_t k = 1; k < row->nfields; k++) {
        int bad = ts_parse_number(row->fields[k], &dst[k - 1]);
        if (bad)
            return ts_cell_error(err, r->path, row->lines[k], (long)k + 1, lab, r->head[k],
                                 row->fields[k], bad, NULL);
    }
    if (!(r->rlab[r->nrows] = ts_strdup(lab)))
        return nomem(err);
    r->rline[r->nrows] = row->line;
    r->nrows++;
    return TS_OK;
}

ts_status icio_raw_read(icio_raw *r, const char *path, ts_error *err)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    ts_status st = ts_csv_read(path,
                               "an OECD ICIO csv: header (empty or V1), <CTRY>_<SECTOR>..., "
                               "<CTRY>_<CATEGORY>..., TOTAL or OUT; one row per industry, then "
                               "TAXSUB/TLS, VALU/VA and OUTPUT/OUT rows",
                               on_row, r, err);
    if (!st && r->nrows == 0)
        st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                          "no rows after the header; expected one row per industry");
    return st;
}

void icio_raw_free(icio_raw *r)
{
    for (size_t k = 0; r->head && k < r->nfields; k++)
        free(r->head[k]);
    free(r->head);
    for (size_t i = 0; i < r->nrows; i++)
        free(r->rlab[i]);
    free(r->rlab);
    free(r->rline);
    free(r->val);
    ts_strmap_free(r->seen);
    memset(r, 0, sizeof *r);
}
