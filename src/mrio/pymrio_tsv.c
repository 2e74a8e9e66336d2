/* Tab-separated matrices of a pymrio text folder (pymrio.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "mrio/csvread.h"
#include "mrio/pymrio.h"

typedef struct pm_file {
    pm_grid *g;
    const char *path, *fname;
    size_t nidx, nhead;
    int kind;
    size_t nfields;   /* fields of the header rows */
    char **lab;       /* [nhead * nfields] header texts */
    long *col_of;     /* [nfields] destination column, -1 = none */
    double *dest;
    size_t ncols;
    long *row_line;   /* [n] line of each industry's row, 0 = not seen */
    ts_strmap *ind;   /* "<region>\x1f<sector>" -> industry */
} pm_file;

void pm_grid_free(pm_grid *g)
{
    ts_codeset_free(&g->reg);
    ts_codeset_free(&g->sec);
    ts_codeset_free(&g->cat);
}

static ts_status nomem(ts_error *err)
{
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

static const char *H(const pm_file *f, size_t level, size_t k)
{
    return f->lab[level * f->nfields + k];
}

/* Industry map of the fixed grid. */
static ts_status build_ind(pm_file *f, ts_error *err)
{
    pm_grid *g = f->g;
    if (!(f->ind = ts_strmap_create(g->n)))
        return nomem(err);
    for (size_t r = 0; r < g->R; r++)
        for (size_t s = 0; s < g->S; s++) {
            char *key = ts_asprintf("%s\x1f%s", g->reg.l[r].code, g->sec.l[s].code);
            if (!key || ts_strmap_put(f->ind, key, (long)(r * g->S + s), NULL) < 0) {
                free(key);
                return nomem(err);
            }
            free(key);
        }
    return TS_OK;
}

/* "AAA_S1, BBB_S2, ..." for the unset entries of @p seen ([R * per]). */
static void missing(const pm_grid *g, const ts_codeset *b, const long *seen, char *buf,
                    size_t len)
{
    size_t per = b->k, off = 0, shown = 0, nmiss = 0;
    buf[0] = 0;
    for (size_t i = 0; i < g->R * per; i++) {
        if (seen[i])
            continue;
        if (shown < 12 && off < len)
            off += (size_t)snprintf(buf + off, len - off, "%s%s_%s", shown++ ? ", " : "",
                                    g->reg.l[i / per].code, b->l[i % per].code);
        nmiss++;
    }
    if (nmiss > shown && off < len)
        snprintf(buf + off, len - off, ", ... (%zu missing in all)", nmiss);
}

static ts_status unknown_code(const pm_file *f, long line, long col, const char *what,
                              const char *code, const ts_codeset *known, ts_error *err)
{
    char list[512];
    ts_list_codes(known->l, known->k, 12, list, sizeof list);
    return ts_error_set(err, TS_ERR_INPUT, f->path, line, col, NULL,
                        "unknown %s '%s'; expected one of the %ss of %s (%s)", what, code,
                        what, f->g->ind_file, list);
}

/* Columns of an industry-by-industry or final-demand matrix (nhead = 2). */
static ts_status matrix_header(pm_file *f, ts_error *err)
{
    pm_grid *g = f->g;
    size_t nf = f->nfields, lr = 0, ls = f->nhead - 1; /* region row, sector/category row */
    for (size_t k = f->nidx; k < nf; k++)
        for (size_t lv = 0; lv < f->nhead; lv++)
            if (!H(f, lv, k)[0])
                return ts_error_set(err, TS_ERR_INPUT, f->path, (long)lv + 1, (long)k + 1, NULL,
                                    "empty %s label in header line %zu; expected a %s label "
                                    "for every column",
                                    lv == lr ? "region" : "column", lv + 1,
                                    lv == lr ? "region" : (f->kind == PM_FD ? "category" : "sector"));
    if (f->kind == PM_IND && !g->n) { /* the first matrix fixes the industries */
        for (size_t k = f->nidx; k < nf; k++)
            if (ts_codeset_add(&g->reg, H(f, lr, k), NULL) < 0 ||
                ts_codeset_add(&g->sec, H(f, ls, k), NULL) < 0)
                return nomem(err);
        g->R = g->reg.k;
        g->S = g->sec.k;
        g->n = g->R * g->S;
        g->ind_file = f->fname;
    }
    if (f->kind == PM_FD)
        for (size_t k = f->nidx; k < nf; k++)
            if (ts_codeset_add(&g->cat, H(f, ls, k), NULL) < 0)
                return nomem(err);
    ts_status st = build_ind(f, err);
    if (st)
        return st;
    const ts_codeset *b = f->kind == PM_FD ? &g->cat : &g->sec;
    size_t total = g->R * b->k;
    long *seen = calloc(total ? total : 1, sizeof *seen);
    if (!seen)
        return nomem(err);
    for (size_t k = f->nidx; k < nf && !st; k++) {
        long r = ts_codeset_find(&g->reg, H(f, lr, k)), c = ts_codeset_find(b, H(f, ls, k));
        if (r < 0)
            st = unknown_code(f, (long)lr + 1, (long)k + 1, "region", H(f, lr, k), &g->reg, err);
        else if (c < 0)
            st = unknown_code(f, (long)ls + 1, (long)k + 1, "sector", H(f, ls, k), &g->sec, err);
        else if (seen[r * (long)b->k + c])
            st = ts_error_set(err, TS_ERR_INPUT, f->path, (long)ls + 1, (long)k + 1, NULL,
                              "column label %s_%s (header lines %zu-%zu) appears twice "
                              "(columns %ld and %zu); expected each column exactly once",
                              H(f, lr, k), H(f, ls, k), lr + 1, ls + 1,
                              seen[r * (long)b->k + c], k + 1);
        else {
            seen[r * (long)b->k + c] = (long)k + 1;
            f->col_of[k] = r * (long)b->k + c;
        }
    }
    size_t found = nf - f->nidx;
    if (!st && found != total) {
        char miss[2048];
        missing(g, b, seen, miss, sizeof miss);
        st = ts_error_set(err, TS_ERR_INPUT, f->path, (long)ls + 1, 0, NULL,
                          "%zu regions x %zu %s = %zu columns expected, %s has %zu; missing: %s",
                          g->R, b->k, f->kind == PM_FD ? "categories" : "sectors", total,
                          f->fname, found, miss);
    }
    free(seen);
    if (st)
        return st;
    f->ncols = total;
    if (!(f->dest = calloc(g->n * total + 1, sizeof *f->dest)))
        return nomem(err);
    return TS_OK;
}

/* The value column of x.txt: `indout` (or x, gross_output), else the only one. */
static ts_status vector_header(pm_file *f, ts_error *err)
{
    static const char *const names[] = {"indout", "x", "gross_output", NULL};
    long col = -1;
    size_t ls = f->nhead - 1;
    for (size_t k = f->nidx; k < f->nfields && col < 0; k++)
        for (const char *const *nm = names; *nm; nm++)
            if (!strcmp(H(f, ls, k), *nm))
                col = (long)k;
    if (col < 0 && f->nfields == f->nidx + 1)
        col = (long)f->nidx;
    if (col < 0)
        return ts_error_set(err, TS_ERR_INPUT, f->path, (long)ls + 1, 0, NULL,
                            "no 'indout' column; expected the header region<TAB>sector<TAB>"
                            "indout");
    if (!f->g->n)
        return ts_error_set(err, TS_ERR_INTERNAL, f->path, 0, 0, NULL,
                            "x read before the industries were known");
    f->col_of[col] = 0;
    f->ncols = 1;
    ts_status st = build_ind(f, err);
    if (!st && !(f->dest = calloc(f->g->n, sizeof *f->dest)))
        st = nomem(err);
    return st;
}

static ts_status header_line(pm_file *f, const ts_csv_row *row, ts_error *err)
{
    if (row->index == 0) {
        if (row->nfields <= f->nidx)
            return ts_error_set(err, TS_ERR_INPUT, f->path, row->line, 0, NULL,
                                "the header has %zu field%s; expected %zu index columns and "
                                "the column labels (is the file tab-separated?)",
                                row->nfields, row->nfields == 1 ? "" : "s", f->nidx);
        f->nfields = row->nfields;
        f->lab = calloc(f->nhead * f->nfields, sizeof *f->lab);
        f->col_of = malloc(f->nfields * sizeof *f->col_of);
        if (!f->lab || !f->col_of)
            return nomem(err);
        for (size_t k = 0; k < f->nfields; k++)
            f->col_of[k] = -1;
    } else if (row->nfields != f->nfields) {
        return ts_ragged_error(err, f->path, row->line, row->nfields, f->nfields,
                               "every header row has one field per column");
    }
    for (size_t k = 0; k < f->nfields; k++)
        if (!(f->lab[row->index * f->nfields + k] = ts_strdup(row->fields[k])))
            return nomem(err);
    if (row->index + 1 < f->nhead)
        return TS_OK;
    ts_status st = f->kind == PM_VEC ? vector_header(f, err) : matrix_header(f, err);
    if (!st && !(f->row_line = calloc(f->g->n ? f->g->n : 1, sizeof *f->row_line)))
        st = nomem(err);
    return st;
}

static ts_status data_row(void *user, const ts_csv_row *row, ts_error *err)
{
    pm_file *f = user;
    pm_grid *g = f->g;
    if (row->index < f->nhead)
        return header_line(f, row, err);
    if (row->index == f->nhead && f->nhead >= 2 && row->nfields <= f->nfields) {
        size_t k = f->nidx; /* the row naming the index columns: no values */
        while (k < row->nfields && !row->fields[k][0])
            k++;
        if (k == row->nfields)
            return TS_OK;
    }
    if (row->nfields != f->nfields) {
        char what[96];
        snprintf(what, sizeof what, "%zu labels and %zu values", f->nidx, f->nfields - f->nidx);
        return ts_ragged_error(err, f->path, row->line, row->nfields, f->nfields, what);
    }
    const char *rc = row->fields[0], *sc = row->fields[f->nidx - 1];
    if (ts_codeset_find(&g->reg, rc) < 0)
        return unknown_code(f, row->line, 1, "region", rc, &g->reg, err);
    if (ts_codeset_find(&g->sec, sc) < 0)
        return unknown_code(f, row->line, (long)f->nidx, "sector", sc, &g->sec, err);
    char *key = ts_asprintf("%s\x1f%s", rc, sc);
    if (!key)
        return nomem(err);
    long i = ts_strmap_get(f->ind, key);
    free(key);
    if (i < 0)
        return ts_error_set(err, TS_ERR_INTERNAL, f->path, row->line, 1, NULL, "label map");
    if (f->row_line[i])
        return ts_error_set(err, TS_ERR_INPUT, f->path, row->line, 1, NULL,
                            "row label %s_%s appears twice (lines %ld and %ld); expected one "
                            "row per industry",
                            rc, sc, f->row_line[i], row->line);
    f->row_line[i] = row->line;
    double *dst = f->dest + (size_t)i * f->ncols;
    for (size_t k = f->nidx; k < row->nfields; k++) {
        if (f->col_of[k] < 0)
            continue;
        double v = 0;
        int bad = ts_parse_number(row->fields[k], &v);
        if (bad) {
            char rl[512], cl[512];
            snprintf(rl, sizeof rl, "%s_%s", rc, sc);
            if (f->nhead >= 2)
                snprintf(cl, sizeof cl, "%s_%s", H(f, 0, k), H(f, f->nhead - 1, k));
            else
                snprintf(cl, sizeof cl, "%s", H(f, 0, k));
            return ts_cell_error(err, f->path, row->lines[k], (long)k + 1, rl, cl,
                                 row->fields[k], bad, g->unit);
        }
        dst[f->col_of[k]] = v;
    }
    return TS_OK;
}

ts_status pm_read_matrix(pm_grid *g, const char *path, const char *fname, size_t nidx,
                         size_t nhead, int kind, double **dest, ts_error *err)
{
    *dest = NULL;
    pm_file f = {.g = g, .path = path, .fname = fname, .nidx = nidx, .nhead = nhead,
                 .kind = kind};
    char *expect = ts_asprintf("%s: tab-separated, %zu header row%s and %zu index columns "
                               "(as listed in file_parameters.json)",
                               fname, nhead, nhead == 1 ? "" : "s", nidx);
    if (!expect)
        return nomem(err);
    ts_status st = ts_csv_read_delim(path, '\t', expect, data_row, &f, err);
    free(expect);
    if (!st && !f.row_line)
        st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                          "the file ends inside its %zu header rows; expected the header rows "
                          "and one row per industry",
                          nhead);
    if (!st) {
        size_t found = 0;
        for (size_t i = 0; i < g->n; i++)
            found += f.row_line[i] != 0;
        if (found != g->n) {
            char miss[2048];
            missing(g, &g->sec, f.row_line, miss, sizeof miss);
            st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                              "%zu regions x %zu sectors = %zu industries expected (as in %s), "
                              "%s has %zu rows; missing: %s",
                              g->R, g->S, g->n, g->ind_file, fname, found, miss);
        }
    }
    for (size_t k = 0; f.lab && k < nhead * f.nfields; k++)
        free(f.lab[k]);
    free(f.lab);
    free(f.col_of);
    free(f.row_line);
    ts_strmap_free(f.ind);
    if (st) {
        free(f.dest);
        return st;
    }
    *dest = f.dest;
    return TS_OK;
}
