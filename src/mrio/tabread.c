/* Shared pieces of the table readers: numbers, cell errors, label files, code sets
 * (tabread.h). */
#include "mrio/tabread.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "mrio/csvread.h"

int ts_parse_number(const char *s, double *out)
{
    if (!*s)
        return 1;
    for (const char *p = s; *p; p++)
        if (!strchr("0123456789+-.eE", *p)) {
            char low[16];
            size_t k = 0;
            for (const char *q = s; *q && k < sizeof low - 1; q++)
                low[k++] = (char)(*q | 0x20);
            low[k] = 0;
            const char *t = low + (low[0] == '-' || low[0] == '+');
            if (!strcmp(t, "nan") || !strcmp(t, "inf") || !strcmp(t, "infinity"))
                return 2;
            return 3;
        }
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end)
        return 3;
    if (!isfinite(v))
        return 2;
    *out = v;
    return 0;
}

ts_status ts_cell_error(ts_error *err, const char *path, long line, long col, const char *row,
                        const char *column, const char *raw, int code, const char *unit)
{
    char text[128]; /* the cell as shown: control characters as '?', long text cut */
    size_t k = 0;
    for (; raw[k] && k < sizeof text - 4; k++)
        text[k] = (unsigned char)raw[k] < 0x20 ? '?' : raw[k];
    if (raw[k])
        memcpy(text + k, "...", 3), k += 3;
    text[k] = 0;
    if (code == 1)
        return ts_error_set(err, TS_ERR_INPUT, path, line, col, NULL,
                            "row %s, column %s: empty cell; expected a number (write 0 for no "
                            "flow: an empty cell is not read as 0)",
                            row, column);
    if (code == 2)
        return ts_error_set(err, TS_ERR_INPUT, path, line, col, NULL,
                            "row %s, column %s: '%s' is not a finite number; expected a finite "
                            "value in %s (NaN and Inf are not allowed)",
                            row, column, text, unit ? unit : "M USD/year");
    return ts_error_set(err, TS_ERR_INPUT, path, line, col, NULL,
                        "row %s, column %s: '%s' is not a number; expected a decimal number "
                        "such as 12, -3.5 or 1.2e-3",
                        row, column, text);
}

ts_status ts_ragged_error(ts_error *err, const char *path, long line, size_t found,
                          size_t expected, const char *what)
{
    long col = (long)(found < expected ? found + 1 : expected + 1);
    return ts_error_set(err, TS_ERR_INPUT, path, line, col, NULL,
                        "line has %zu fields, expected %zu like the header (line 1)%s%s; %s "
                        "field %ld",
                        found, expected, what ? ": " : "", what ? what : "",
                        found < expected ? "the first missing one is" : "extra text from",
                        col);
}

void ts_labels_free(ts_label *l, size_t k)
{
    for (size_t i = 0; l && i < k; i++) {
        free(l[i].code);
        free(l[i].name);
    }
    free(l);
}

/* ---------------------------------------------------------------- label files */

typedef struct labfile {
    const char *path;
    const char *what;      /* "region", "sector", "final-demand category" */
    long code_col, name_col;
    size_t ncols;
    ts_label *items;
    size_t k, cap;
    ts_strmap *seen;       /* code -> line */
} labfile;

static ts_status labfile_row(void *user, const ts_csv_row *row, ts_error *err)
{
    labfile *lf = user;
    if (row->index == 0) {
        lf->code_col = lf->name_col = -1;
        lf->ncols = row->nfields;
        for (size_t k = 0; k < row->nfields; k++) {
            if (strcmp(row->fields[k], "code") == 0 && lf->code_col < 0)
                lf->code_col = (long)k;
            else if (strcmp(row->fields[k], "name") == 0 && lf->name_col < 0)
                lf->name_col = (long)k;
        }
        if (lf->code_col < 0)
            return ts_error_set(err, TS_ERR_INPUT, lf->path, 1, 0, NULL,
                                "header has no 'code' column (found '%s'); expected the "
                                "header code,name",
                                row->fields[0]);
        return TS_OK;
    }
    if (row->nfields != lf->ncols)
        return ts_ragged_error(err, lf->path, row->line, row->nfields, lf->ncols, NULL);
    const char *code = row->fields[lf->code_col];
    if (!*code)
        return ts_error_set(err, TS_ERR_INPUT, lf->path, row->line, lf->code_col + 1, NULL,
                            "empty %s code; expected a code such as the ones on the lines "
                            "above",
                            lf->what);
    long old = 0;
    int r = ts_strmap_put(lf->seen, code, row->line, &old);
    if (r < 0)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (r > 0)
        return ts_error_set(err, TS_ERR_INPUT, lf->path, row->line, lf->code_col + 1, NULL,
                            "%s code '%s' is listed twice (lines %ld and %ld); expected each "
                            "code exactly once",
                            lf->what, code, old, row->line);
    if (lf->k == lf->cap) {
        size_t cap = lf->cap ? 2 * lf->cap : 16;
        ts_label *p = realloc(lf->items, cap * sizeof *p);
        if (!p)
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        lf->items = p;
        lf->cap = cap;
    }
    ts_label *l = &lf->items[lf->k];
    l->code = ts_strdup(code);
    l->name = ts_strdup(lf->name_col >= 0 ? row->fields[lf->name_col] : code);
    lf->k++;
    if (!l->code || !l->name)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    return TS_OK;
}

ts_status ts_read_label_file(const char *path, const char *what, const char *expect,
                             ts_label **out, size_t *k, ts_error *err)
{
    labfile lf = {.path = path, .what = what};
    lf.seen = ts_strmap_create(64);
    if (!lf.seen)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ts_status st = ts_csv_read(path, expect, labfile_row, &lf, err);
    if (!st && lf.k == 0)
        st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL, "no %s listed; expected %s",
                          what, expect);
    ts_strmap_free(lf.seen);
    if (st) {
        ts_labels_free(lf.items, lf.k);
        return st;
    }
    *out = lf.items;
    *k = lf.k;
    return TS_OK;
}

/* ------------------------------------------------------------------ code sets */

long ts_codeset_find(const ts_codeset *c, const char *code)
{
    return c->map ? ts_strmap_get(c->map, code) : -1;
}

long ts_codeset_add(ts_codeset *c, const char *code, const char *name)
{
    if (!c->map && !(c->map = ts_strmap_create(64)))
        return -1;
    long i = ts_strmap_get(c->map, code);
    if (i >= 0)
        return i;
    if (c->k == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        ts_label *p = realloc(c->l, cap * sizeof *p);
        if (!p)
            return -1;
        c->l = p;
        c->cap = cap;
    }
    ts_label *l = &c->l[c->k];
    l->code = ts_strdup(code);
    l->name = ts_strdup(name ? name : code);
    if (!l->code || !l->name) {
        free(l->code);
        free(l->name);
        return -1;
    }
    if (ts_strmap_put(c->map, code, (long)c->k, NULL) < 0) {
        free(l->code);
        free(l->name);
        return -1;
    }
    return (long)c->k++;
}

void ts_codeset_free(ts_codeset *c)
{
    ts_labels_free(c->l, c->k);
    ts_strmap_free(c->map);
    memset(c, 0, sizeof *c);
}
