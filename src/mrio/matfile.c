/* Labelled matrices of the native and WIOD layouts (tabread.h): rows and columns are
 * mapped by their `<REGION>_<SECTOR>` labels, never by position; a matrix may be split
 * over several files that hold different rows. Every error names the file, the physical
 * line (header = line 1), the 1-based field (label column = 1), the labels concerned and
 * what was expected. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "mrio/csvread.h"
#include "mrio/tabread.h"

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

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

static ts_status header_row(ts_matfile *mf, const ts_csv_row *row, ts_error *err)
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
                                     "final-demand category", mf->region_file, mf->fd_file,
                                     why, sizeof why);
                else
                    ts_explain_label(row->fields[k], m->regions, m->R, m->sectors, m->S,
                                     "sector", mf->region_file, mf->sector_file, why,
                                     sizeof why);
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
                            "%zu regions x %zu %s = %zu %s expected (%s x %s), %s has %zu "
                            "columns; missing: %s",
                            m->R, per, unit, mf->ncols, what, mf->region_file,
                            mf->col_fd ? mf->fd_file : mf->sector_file, base_name(mf->path),
                            found, miss);
    return TS_OK;
nomem:
    free(present);
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

static ts_status matfile_row(void *user, const ts_csv_row *row, ts_error *err)
{
    ts_matfile *mf = user;
    const ts_mrio *m = mf->m;
    if (row->index == 0) {
        if (row->nfields < 2)
            return ts_error_set(err, TS_ERR_INPUT, mf->path, 1, 0, NULL,
                                "the header has %zu field; expected row,<label>,...",
                                row->nfields);
        return header_row(mf, row, err);
    }
    if (row->nfields != mf->nfields) {
        char what[64];
        snprintf(what, sizeof what, "the row label and %zu values", mf->nfields - 1);
        return ts_ragged_error(err, mf->path, row->line, row->nfields, mf->nfields, what);
    }
    const char *lab = row->fields[0];
    long i = ts_strmap_get(mf->rowmap, lab);
    if (i < 0) {
        char why[1024] = "empty label; expected a <region>_<sector> label";
        if (*lab)
            ts_explain_label(lab, m->regions, m->R, m->sectors, m->S, "sector",
                             mf->region_file, mf->sector_file, why, sizeof why);
        return ts_error_set(err, TS_ERR_INPUT, mf->path, row->line, 1, NULL,
                            "unknown row label '%s': %s", lab, why);
    }
    if (mf->row_line[i]) {
        if (mf->row_part[i] == mf->part)
            return ts_error_set(err, TS_ERR_INPUT, mf->path, row->line, 1, NULL,
                                "row label '%s' appears twice (lines %ld and %ld); expected "
                                "one row per industry",
                                lab, mf->row_line[i], row->line);
        return ts_error_set(err, TS_ERR_INPUT, mf->path, row->line, 1, NULL,
                            "row label '%s' appears twice (line %ld of %s and line %ld here); "
                            "expected one row per industry, in one part only",
                            lab, mf->row_line[i], base_name(mf->paths[mf->row_part[i]]),
                            row->line);
    }
    mf->row_line[i] = row->line;
    mf->row_part[i] = mf->part;
    double *dst = mf->dest + (size_t)i * mf->ncols;
    for (size_t k = 1; k < row->nfields; k++) {
        long c = mf->col_of[k];
        if (c < 0)
            continue;
        double v = 0;
        int bad = ts_parse_number(row->fields[k], &v);
        if (!bad)
            dst[c] = v;
        else
            return ts_cell_error(err, mf->path, row->lines[k], (long)k + 1, lab, mf->head[k],
                                 row->fields[k], bad, m->unit);
    }
    return TS_OK;
}

static void free_header(ts_matfile *mf)
{
    free(mf->col_of);
    for (size_t k = 0; mf->head && k < mf->nfields; k++)
        free(mf->head[k]);
    free(mf->head);
    mf->col_of = NULL;
    mf->head = NULL;
    mf->nfields = 0;
}

ts_status ts_matfile_read(ts_matfile *mf, const char *const *paths, size_t nparts,
                          const char *expect, ts_error *err)
{
    const ts_mrio *m = mf->m;
    ts_status st = TS_OK;
    mf->row_line = calloc(m->n, sizeof *mf->row_line);
    mf->row_part = calloc(m->n, sizeof *mf->row_part);
    if (!mf->row_line || !mf->row_part)
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t p = 0; !st && p < nparts; p++) {
        mf->path = paths[p];
        mf->paths = paths;
        mf->part = p;
        st = ts_csv_read(mf->path, expect, matfile_row, mf, err);
        free_header(mf);
    }
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
                st = ts_error_set(err, TS_ERR_INPUT, nparts == 1 ? paths[0] : mf->fname, 0, 0,
                                  NULL,
                                  "%zu regions x %zu sectors = %zu industries expected "
                                  "(%s x %s), %s %s %zu rows; missing: %s",
                                  m->R, m->S, m->n, mf->region_file, mf->sector_file,
                                  mf->fname, nparts == 1 ? "has" : "(all parts) have", found,
                                  miss);
            }
            free(present);
        }
    }
    free(mf->row_line);
    free(mf->row_part);
    mf->row_line = NULL;
    mf->row_part = NULL;
    return st;
}

/* ------------------------------------------------------------ a native-like folder */

static const char *const X_NAMES[] = {"gross_output", "x", "indout", NULL};
static const char *const V_NAMES[] = {"value_added", "v", NULL};

ts_status ts_read_native_matrices(ts_mrio *m, const ts_native_files *f, ts_error *err)
{
    ts_strmap *ind = NULL, *fdcols = NULL;
    ts_status st;
    char *expect = NULL;
    if ((st = ts_combined_labels(m->regions, m->R, m->sectors, m->S, f->region_file,
                                 f->sector_file, &ind, err)) ||
        (st = ts_combined_labels(m->regions, m->R, m->fd_cats, m->F, f->region_file,
                                 f->fd_file, &fdcols, err)))
        goto done;
    ts_matfile z = {.fname = f->z_name, .m = m, .rowmap = ind, .colmap = ind, .ncols = m->n,
                    .dest = m->Z, .region_file = f->region_file, .sector_file = f->sector_file,
                    .fd_file = f->fd_file};
    expect = ts_asprintf("%s: header row,<REGION>_<SECTOR>,... then one row per industry",
                         f->z_name);
    if (!expect || (st = ts_matfile_read(&z, f->z_paths, f->z_parts, expect, err)))
        goto done;
    free(expect);
    ts_matfile y = z;
    y.fname = f->y_name;
    y.colmap = fdcols;
    y.col_fd = 1;
    y.ncols = m->R * m->F;
    y.dest = m->Y;
    expect = ts_asprintf("%s: header row,<REGION>_<CATEGORY>,... then one row per industry",
                         f->y_name);
    if (!expect || (st = ts_matfile_read(&y, &f->y_path, 1, expect, err)))
        goto done;
    free(expect);
    ts_matfile x = z;
    x.fname = f->x_name;
    x.colmap = NULL;
    x.ncols = 1;
    x.value_names = X_NAMES;
    x.dest = m->x;
    expect = ts_asprintf("%s: header row,gross_output then one row per industry", f->x_name);
    if (!expect || (st = ts_matfile_read(&x, &f->x_path, 1, expect, err)))
        goto done;
    if (f->v_path) {
        ts_matfile v = x;
        v.fname = "v.csv";
        v.value_names = V_NAMES;
        v.dest = m->v;
        if ((st = ts_matfile_read(&v, &f->v_path, 1,
                                  "v.csv: header row,value_added then one row per industry",
                                  err)))
            goto done;
        m->has_v_file = 1;
    } else {
        ts_mrio_colsum_Z(m, m->v);
        for (size_t j = 0; j < m->n; j++)
            m->v[j] = m->x[j] - m->v[j];
    }
done:
    if (!expect && !st)
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    free(expect);
    ts_strmap_free(ind);
    ts_strmap_free(fdcols);
    return st;
}
