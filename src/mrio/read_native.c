/* Reader of the native table folder (mrio.h, design.md §4, docs/formats.md).
 *
 * Every file is parsed with libcsv (csvread.c). Rows and columns are mapped by their
 * labels, never by position; every error names the file, the physical line (header =
 * line 1), the 1-based field (label column = 1), the labels concerned and what was
 * expected. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "mrio/csvread.h"
#include "mrio/labels.h"
#include "mrio/native.h"
#include "tradeshock/mrio.h"

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
        return ts_error_set(err, TS_ERR_INPUT, lf->path, row->line, 0, NULL,
                            "%zu fields, expected %zu like the header (line 1)", row->nfields,
                            lf->ncols);
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

static void free_labels(ts_label *l, size_t k)
{
    for (size_t i = 0; l && i < k; i++) {
        free(l[i].code);
        free(l[i].name);
    }
    free(l);
}

/* Read a `code,name` label file into a fresh array. */
static ts_status read_labels(const char *path, const char *what, const char *expect,
                             ts_label **out, size_t *k, ts_error *err)
{
    labfile lf = {.path = path, .what = what};
    lf.seen = ts_strmap_create(64);
    if (!lf.seen)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ts_status st = ts_csv_read(path, expect, labfile_row, &lf, err);
    if (!st && lf.k == 0)
        st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                          "no %s listed; expected %s", what, expect);
    ts_strmap_free(lf.seen);
    if (st) {
        free_labels(lf.items, lf.k);
        return st;
    }
    *out = lf.items;
    *k = lf.k;
    return TS_OK;
}

/* -------------------------------------------------------------- numeric files */

typedef struct matfile {
    const char *path;
    const char *fname;                /* "Z.csv" */
    const ts_mrio *m;                 /* labels, for messages */
    const ts_strmap *rowmap;          /* industry labels */
    const ts_strmap *colmap;          /* column labels (NULL: a one-value file) */
    int col_fd;                       /* columns are final-demand columns (R x F) */
    size_t ncols;                     /* expected value columns */
    const char *const *value_names;   /* one-value file: accepted names of its column */
    double *dest;                     /* [n * ncols] */
    /* state */
    size_t nfields;                   /* fields of the header */
    long *col_of;                     /* [nfields] column index of each field, -1 = none */
    char **head;                      /* [nfields] header texts (copies) */
    long *row_line;                   /* [n] line of each industry's row, 0 = not seen */
} matfile;

/* Label of industry i (col_fd = 0) or final-demand column k (col_fd = 1). */
static void combined_label(const ts_mrio *m, int fd, size_t i, char *buf, size_t len)
{
    if (fd)
        snprintf(buf, len, "%s_%s", m->regions[i / m->F].code, m->fd_cats[i % m->F].code);
    else
        snprintf(buf, len, "%s_%s", m->regions[i / m->S].code, m->sectors[i % m->S].code);
}

/* List the labels whose flag is 0 (at most 12), and the regions that have none at all. */
static void missing_list(const ts_mrio *m, int fd, const char *present, char *buf, size_t len)
{
    size_t per = fd ? m->F : m->S, total = m->R * per, shown = 0, nmiss = 0, off = 0;
    buf[0] = 0;
    for (size_t i = 0; i < total; i++) {
        if (present[i])
            continue;
        nmiss++;
        if (shown < 12 && off < len) {
            char lab[512];
            combined_label(m, fd, i, lab, sizeof lab);
            off += (size_t)snprintf(buf + off, len - off, "%s%s", shown ? ", " : "", lab);
            shown++;
        }
    }
    if (nmiss > shown && off < len)
        off += (size_t)snprintf(buf + off, len - off, ", ... (%zu missing in all)", nmiss);
    for (size_t r = 0; r < m->R && off < len; r++) {
        size_t k = 0;
        while (k < per && !present[r * per + k])
            k++;
        if (k == per)
            off += (size_t)snprintf(buf + off, len - off, "; region %s has no %s at all",
                                    m->regions[r].code, fd ? "column" : "label");
    }
}

/* Parse a finite number; 0 ok, 1 empty, 2 NaN/Inf/out of range, 3 not a number. */
static int parse_number(const char *s, double *out)
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

static ts_status header_row(matfile *mf, const ts_csv_row *row, ts_error *err)
{
    const ts_mrio *m = mf->m;
    mf->nfields = row->nfields;
    mf->col_of = malloc(row->nfields * sizeof *mf->col_of);
    mf->head = calloc(row->nfields, sizeof *mf->head);
    char *present = calloc(mf->ncols, 1);
    if (!mf->col_of || !mf->head || !present)
        goto nomem;
    for (size_t k = 0; k < row->nfields; k++) {
        mf->col_of[k] = -1;
        if (!(mf->head[k] = ts_strdup(row->fields[k])))
            goto nomem;
    }
    if (!mf->colmap) { /* one-value file: find its column by name, ignore the others */
        free(present);
        for (size_t k = 1; k < row->nfields; k++)
            for (const char *const *nm = mf->value_names; *nm; nm++)
                if (strcmp(row->fields[k], *nm) == 0) {
                    mf->col_of[k] = 0;
                    return TS_OK;
                }
        return ts_error_set(err, TS_ERR_INPUT, mf->path, 1, 0, NULL,
                            "no '%s' column in the header (found '%s'%s); expected the header "
                            "row,%s",
                            mf->value_names[0], row->fields[1], row->nfields > 2 ? ", ..." : "",
                            mf->value_names[0]);
    }
    long bad_col = 0, dup_first = 0;
    char why[1024] = "";
    for (size_t k = 1; k < row->nfields; k++) {
        long c = ts_strmap_get(mf->colmap, row->fields[k]);
        if (c < 0) {
            if (!bad_col) {
                bad_col = (long)k + 1;
                if (!row->fields[k][0])
                    snprintf(why, sizeof why, "empty label; expected a %s label (an extra "
                                              "comma at the end of the line?)",
                             mf->col_fd ? "<region>_<category>" : "<region>_<sector>");
                else if (mf->col_fd)
                    ts_explain_label(row->fields[k], m->regions, m->R, m->fd_cats, m->F,
                                     "final-demand category", "regions.csv",
                                     "final_demand_categories.csv", why, sizeof why);
                else
                    ts_explain_label(row->fields[k], m->regions, m->R, m->sectors, m->S,
                                     "sector", "regions.csv", "sectors.csv", why, sizeof why);
            }
            continue;
        }
        if (present[c]) {
            if (!bad_col) {
                bad_col = (long)k + 1;
                for (size_t j = 1; j < k; j++)
                    if (mf->col_of[j] == c)
                        dup_first = (long)j + 1;
            }
            continue;
        }
        present[c] = 1;
        mf->col_of[k] = c;
    }
    char miss[2048];
    missing_list(m, mf->col_fd, present, miss, sizeof miss);
    free(present);
    size_t found = row->nfields - 1;
    const char *unit = mf->col_fd ? "final-demand categories" : "sectors";
    const char *what = mf->col_fd ? "final-demand columns" : "industries";
    size_t per = mf->col_fd ? m->F : m->S;
    if (bad_col && dup_first)
        return ts_error_set(err, TS_ERR_INPUT, mf->path, 1, bad_col, NULL,
                            "column label '%s' appears twice (columns %ld and %ld); expected "
                            "each label exactly once (missing: %s)",
                            row->fields[bad_col - 1], dup_first, bad_col, miss);
    if (bad_col)
        return ts_error_set(err, TS_ERR_INPUT, mf->path, 1, bad_col, NULL,
                            "unknown column label '%s': %s%s%s", row->fields[bad_col - 1], why,
                            miss[0] ? "; missing: " : "", miss);
    if (found != mf->ncols || miss[0])
        return ts_error_set(err, TS_ERR_INPUT, mf->path, 1, 0, NULL,
                            "%zu regions x %zu %s = %zu %s expected (regions.csv x %s), "
                            "%s has %zu columns; missing: %s",
                            m->R, per, unit, mf->ncols, what,
                            mf->col_fd ? "final_demand_categories.csv" : "sectors.csv",
                            mf->fname, found, miss);
    return TS_OK;
nomem:
    free(present);
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

static ts_status matfile_row(void *user, const ts_csv_row *row, ts_error *err)
{
    matfile *mf = user;
    const ts_mrio *m = mf->m;
    if (row->index == 0) {
        if (row->nfields < 2)
            return ts_error_set(err, TS_ERR_INPUT, mf->path, 1, 0, NULL,
                                "the header has %zu field; expected row,<label>,...",
                                row->nfields);
        return header_row(mf, row, err);
    }
    if (row->nfields != mf->nfields)
        return ts_error_set(err, TS_ERR_INPUT, mf->path, row->line, 0, NULL,
                            "line has %zu fields, expected %zu like the header (line 1): the "
                            "row label and %zu values",
                            row->nfields, mf->nfields, mf->nfields - 1);
    const char *lab = row->fields[0];
    long i = ts_strmap_get(mf->rowmap, lab);
    if (i < 0) {
        char why[1024] = "empty label; expected a <region>_<sector> label";
        if (*lab)
            ts_explain_label(lab, m->regions, m->R, m->sectors, m->S, "sector", "regions.csv",
                             "sectors.csv", why, sizeof why);
        return ts_error_set(err, TS_ERR_INPUT, mf->path, row->line, 1, NULL,
                            "unknown row label '%s': %s", lab, why);
    }
    if (mf->row_line[i])
        return ts_error_set(err, TS_ERR_INPUT, mf->path, row->line, 1, NULL,
                            "row label '%s' appears twice (lines %ld and %ld); expected one "
                            "row per industry",
                            lab, mf->row_line[i], row->line);
    mf->row_line[i] = row->line;
    double *dst = mf->dest + (size_t)i * mf->ncols;
    for (size_t k = 1; k < row->nfields; k++) {
        long c = mf->col_of[k];
        if (c < 0)
            continue;
        const char *s = row->fields[k];
        double v = 0;
        int bad = parse_number(s, &v);
        if (!bad) {
            dst[c] = v;
            continue;
        }
        const char *col = mf->head[k];
        long ln = row->lines[k], cn = (long)k + 1;
        if (bad == 1)
            return ts_error_set(err, TS_ERR_INPUT, mf->path, ln, cn, NULL,
                                "row %s, column %s: empty cell; expected a number (write 0 "
                                "for no flow: an empty cell is not read as 0)",
                                lab, col);
        if (bad == 2)
            return ts_error_set(err, TS_ERR_INPUT, mf->path, ln, cn, NULL,
                                "row %s, column %s: '%s' is not a finite number; expected a "
                                "finite value in %s (NaN and Inf are not allowed)",
                                lab, col, s, m->unit ? m->unit : "M USD/year");
        return ts_error_set(err, TS_ERR_INPUT, mf->path, ln, cn, NULL,
                            "row %s, column %s: '%s' is not a number; expected a decimal "
                            "number such as 12, -3.5 or 1.2e-3",
                            lab, col, s);
    }
    return TS_OK;
}

/* Read one numeric file into @p dest ([n * ncols], zero-initialised). */
static ts_status read_matrix(matfile *mf, const char *expect, ts_error *err)
{
    const ts_mrio *m = mf->m;
    ts_status st = TS_OK;
    mf->row_line = calloc(m->n, sizeof *mf->row_line);
    if (!mf->row_line)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    st = ts_csv_read(mf->path, expect, matfile_row, mf, err);
    if (!st) {
        char *present = malloc(m->n);
        size_t found = 0;
        if (!present) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        } else {
            for (size_t i = 0; i < m->n; i++)
                found += (present[i] = mf->row_line[i] != 0);
            if (found != m->n) {
                char miss[2048];
                missing_list(m, 0, present, miss, sizeof miss);
                st = ts_error_set(err, TS_ERR_INPUT, mf->path, 0, 0, NULL,
                                  "%zu regions x %zu sectors = %zu industries expected "
                                  "(regions.csv x sectors.csv), %s has %zu rows; missing: %s",
                                  m->R, m->S, m->n, mf->fname, found, miss);
            }
            free(present);
        }
    }
    free(mf->row_line);
    free(mf->col_of);
    for (size_t k = 0; mf->head && k < mf->nfields; k++)
        free(mf->head[k]);
    free(mf->head);
    return st;
}

/* ---------------------------------------------------------------- the folder */

static const char *const X_NAMES[] = {"gross_output", "x", "indout", NULL};
static const char *const V_NAMES[] = {"value_added", "v", NULL};

ts_status ts_mrio_read_native(const char *dir, const ts_logger *log, ts_mrio **out,
                              ts_error *err)
{
    (void)log;
    *out = NULL;
    ts_native_paths p;
    ts_status st = ts_native_paths_init(&p, dir, err);
    if (st)
        return st;
    ts_mrio *m = NULL;
    ts_label *reg = NULL, *sec = NULL, *fdc = NULL;
    size_t R = 0, S = 0, F = 0;
    ts_strmap *ind = NULL, *fdcols = NULL;
    if ((st = ts_native_require(&p, err)))
        goto fail;
    if ((st = read_labels(p.regions, "region", "regions.csv: header code,name, one row per region",
                          &reg, &R, err)) ||
        (st = read_labels(p.sectors, "sector", "sectors.csv: header code,name, one row per sector",
                          &sec, &S, err)) ||
        (st = read_labels(p.fd, "final-demand category",
                          "final_demand_categories.csv: header code,name, one row per category",
                          &fdc, &F, err)))
        goto fail;
    if ((st = ts_mrio_create(R, S, F, &m, err)))
        goto fail;
    free(m->regions);
    free(m->sectors);
    free(m->fd_cats);
    m->regions = reg;
    m->sectors = sec;
    m->fd_cats = fdc;
    reg = sec = fdc = NULL;
    if ((st = ts_combined_labels(m->regions, R, m->sectors, S, "regions.csv", "sectors.csv",
                                 &ind, err)) ||
        (st = ts_combined_labels(m->regions, R, m->fd_cats, F, "regions.csv",
                                 "final_demand_categories.csv", &fdcols, err)))
        goto fail;
    if (p.has_meta && (st = ts_native_read_meta(m, p.meta, err)))
        goto fail;

    matfile z = {.path = p.Z, .fname = "Z.csv", .m = m, .rowmap = ind, .colmap = ind,
                 .ncols = m->n, .dest = m->Z};
    if ((st = read_matrix(&z, "Z.csv: header row,<REGION>_<SECTOR>,... then one row per "
                              "industry", err)))
        goto fail;
    matfile y = {.path = p.Y, .fname = "Y.csv", .m = m, .rowmap = ind, .colmap = fdcols,
                 .col_fd = 1, .ncols = R * F, .dest = m->Y};
    if ((st = read_matrix(&y, "Y.csv: header row,<REGION>_<CATEGORY>,... then one row per "
                              "industry", err)))
        goto fail;
    matfile x = {.path = p.x, .fname = "x.csv", .m = m, .rowmap = ind, .ncols = 1,
                 .value_names = X_NAMES, .dest = m->x};
    if ((st = read_matrix(&x, "x.csv: header row,gross_output then one row per industry", err)))
        goto fail;
    if (p.has_v) {
        matfile v = {.path = p.v, .fname = "v.csv", .m = m, .rowmap = ind, .ncols = 1,
                     .value_names = V_NAMES, .dest = m->v};
        if ((st = read_matrix(&v, "v.csv: header row,value_added then one row per industry",
                              err)))
            goto fail;
        m->has_v_file = 1;
    } else {
        ts_mrio_colsum_Z(m, m->v);
        for (size_t j = 0; j < m->n; j++)
            m->v[j] = m->x[j] - m->v[j];
    }
    if (!(m->path = ts_strdup(dir))) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    ts_strmap_free(ind);
    ts_strmap_free(fdcols);
    ts_native_paths_free(&p);
    *out = m;
    return TS_OK;
fail:
    free_labels(reg, R);
    free_labels(sec, S);
    free_labels(fdc, F);
    ts_strmap_free(ind);
    ts_strmap_free(fdcols);
    ts_mrio_free(m);
    ts_native_paths_free(&p);
    return st;
}
