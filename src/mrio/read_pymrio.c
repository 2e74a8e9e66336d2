/* Reader of a pymrio / EXIOBASE text folder (mrio.h, docs/formats.md "pymrio").
 *
 * file_parameters.json (cJSON) lists the files of the IO system with their numbers of
 * index columns and header rows; the tab-separated matrices are read by pymrio_tsv.c.
 * Extension (satellite-account) sub-folders are not read. A folder with coefficients only
 * (A and Y) gets x = (I - A)^-1 y (LAPACKE_dgesv) and Z = A diag(x). */
#include <cjson/cJSON.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "mrio/csvread.h"
#include "mrio/native.h"
#include "mrio/pymrio.h"
#include "tradeshock/mrio.h"

#define AGREE_REL 1e-6   /* A.txt vs Z/x: relative tolerance */
#define AGREE_ABS 1e-9

typedef struct pm_entry {
    int listed;
    char *path;
    const char *name;   /* file name as listed */
    long nidx, nhead;
} pm_entry;

enum { F_Z, F_Y, F_X, F_A, F_UNIT, F_COUNT };
static const char *const KEYS[F_COUNT] = {"Z", "Y", "x", "A", "unit"};

static ts_status nomem(ts_error *err)
{
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

/* A positive count given as a string ("2", as pymrio writes it) or a number. */
static int count_of(const cJSON *it, long *out)
{
    if (cJSON_IsNumber(it) && it->valuedouble == floor(it->valuedouble) && it->valuedouble >= 0) {
        *out = (long)it->valuedouble;
        return 0;
    }
    if (!cJSON_IsString(it))
        return -1;
    char *end;
    long v = strtol(it->valuestring, &end, 10);
    if (end == it->valuestring || *end || v < 0)
        return -1;
    *out = v;
    return 0;
}

static ts_status read_params(const char *dir, const char *fp, pm_entry *e, ts_error *err)
{
    cJSON *root = NULL;
    ts_status st = ts_json_read_file(fp, &root, err);
    if (st) {
        if (err && !err->line && st == TS_ERR_INPUT)
            return ts_error_set(err, TS_ERR_INPUT, fp, 0, 0, NULL,
                                "file not found; a pymrio text folder needs file_parameters.json "
                                "(written by pymrio's save()/save_all()) listing Z.txt or A.txt, "
                                "Y.txt and x.txt");
        return st;
    }
    const cJSON *sys = cJSON_GetObjectItemCaseSensitive(root, "systemtype");
    if (cJSON_IsString(sys) && strcmp(sys->valuestring, "IOSystem") != 0) {
        st = ts_error_set(err, TS_ERR_INPUT, fp, 0, 0, "systemtype",
                          "'%s': this is the folder of a pymrio %s, not of an IO system; give "
                          "the folder of the IO system (with Z.txt, Y.txt, x.txt), not its "
                          "extension sub-folder",
                          sys->valuestring, sys->valuestring);
        goto done;
    }
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(root, "files");
    if (!cJSON_IsObject(files)) {
        st = ts_error_set(err, TS_ERR_INPUT, fp, 0, 0, "files",
                          "missing or not an object; expected \"files\": {\"Z\": {\"name\": "
                          "\"Z.txt\", \"nr_index_col\": \"2\", \"nr_header\": \"2\"}, ...}");
        goto done;
    }
    for (int k = 0; k < F_COUNT; k++) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(files, KEYS[k]);
        if (!f)
            continue;
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(f, "name");
        char key[64];
        snprintf(key, sizeof key, "files.%s.name", KEYS[k]);
        if (!cJSON_IsString(nm) || !nm->valuestring[0]) {
            st = ts_error_set(err, TS_ERR_INPUT, fp, 0, 0, key, "expected a file name");
            goto done;
        }
        const char *cnt[2] = {"nr_index_col", "nr_header"};
        long *dst[2] = {&e[k].nidx, &e[k].nhead};
        for (int c = 0; c < 2; c++) {
            snprintf(key, sizeof key, "files.%s.%s", KEYS[k], cnt[c]);
            const cJSON *it = cJSON_GetObjectItemCaseSensitive(f, cnt[c]);
            if (count_of(it, dst[c])) {
                st = ts_error_set(err, TS_ERR_INPUT, fp, 0, 0, key,
                                  "expected a count such as \"2\"");
                goto done;
            }
        }
        e[k].listed = 1;
        e[k].path = ts_asprintf("%s/%s", dir, nm->valuestring);
        if (!e[k].path) {
            st = nomem(err);
            goto done;
        }
        e[k].name = strrchr(e[k].path, '/') + 1;
    }
done:
    cJSON_Delete(root);
    return st;
}

/* The layout every IO-system matrix must have: 2 index columns, nhead header rows. */
static ts_status want_layout(const char *fp, const pm_entry *e, int k, long nhead, ts_error *err)
{
    if (e[k].nidx == 2 && (e[k].nhead == nhead || (k == F_X && e[k].nhead >= 1)))
        return TS_OK;
    char key[64];
    snprintf(key, sizeof key, "files.%s", KEYS[k]);
    return ts_error_set(err, TS_ERR_INPUT, fp, 0, 0, key,
                        "%s has nr_index_col %ld and nr_header %ld; expected 2 index columns "
                        "(region, sector) and %ld header row%s",
                        e[k].name, e[k].nidx, e[k].nhead, nhead, nhead == 1 ? "" : "s");
}

/* Short codes for the EXIOBASE final-demand categories (docs/formats.md); other labels are
 * their own code. */
static void derive_fd_codes(ts_codeset *cat)
{
    static const char *const map[][2] = {
        {"Final consumption expenditure by households", "HH"},
        {"Final consumption expenditure by non-profit", "NPISH"},
        {"Final consumption expenditure by government", "GOV"},
        {"Gross fixed capital formation", "GFCF"},
        {"Changes in inventories", "INV"},
        {"Changes in valuables", "VAL"},
        {"Export", "EXP"},
    };
    const size_t nm = sizeof map / sizeof map[0];
    const char **code = calloc(cat->k ? cat->k : 1, sizeof *code);
    if (!code)
        return;
    for (size_t i = 0; i < cat->k; i++)
        for (size_t j = 0; j < nm && !code[i]; j++)
            if (!strncasecmp(cat->l[i].code, map[j][0], strlen(map[j][0])))
                code[i] = map[j][1];
    for (size_t i = 0; i < cat->k; i++) /* only when every derived code is unique */
        for (size_t j = i + 1; j < cat->k; j++)
            if (code[i] && code[j] && !strcmp(code[i], code[j]))
                code[i] = code[j] = NULL;
    for (size_t i = 0; i < cat->k; i++) {
        char *c = code[i] ? ts_strdup(code[i]) : NULL;
        for (size_t j = 0; c && j < cat->k; j++)
            if (j != i && !code[j] && !strcmp(cat->l[j].code, c)) {
                free(c); /* would clash with a label kept as its own code */
                c = NULL;
            }
        if (c) {
            free(cat->l[i].code);
            cat->l[i].code = c;
        }
    }
    free(code);
}

/* A.txt and Z/x disagree: one warning naming the worst cell. */
static void compare_A(const ts_mrio *m, const double *A, const char *aname, const ts_logger *log)
{
    size_t n = m->n, bad = 0, wi = 0, wj = 0;
    double worst = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double a = m->x[j] != 0 ? m->Z[i * n + j] / m->x[j] : 0, b = A[i * n + j];
            double d = fabs(a - b);
            if (d > AGREE_ABS && d > AGREE_REL * fmax(fabs(a), fabs(b))) {
                if (d > worst) {
                    worst = d;
                    wi = i;
                    wj = j;
                }
                bad++;
            }
        }
    if (!bad)
        return;
    ts_log(log, TS_LOG_WARN,
           "%s disagrees with Z / x in %zu of %zu cells; worst A[%s_%s, %s_%s]: %s %.10g vs "
           "Z / x = %.10g. Z and x are used; A.txt is ignored",
           aname, bad, n * n, m->regions[wi / m->S].code, m->sectors[wi % m->S].code,
           m->regions[wj / m->S].code, m->sectors[wj % m->S].code, aname, A[wi * n + wj],
           m->Z[wi * n + wj] / m->x[wj]);
}

/* x = (I - A)^-1 y with y the row sums of Y. */
static ts_status solve_x(ts_mrio *m, const double *A, const char *apath, ts_error *err)
{
    size_t n = m->n, K = m->R * m->F;
    double *M = malloc(n * n * sizeof *M);
    lapack_int *piv = malloc(n * sizeof *piv);
    if (!M || !piv) {
        free(M);
        free(piv);
        return nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++)
            M[i * n + j] = (i == j) - A[i * n + j];
        double y = 0;
        for (size_t k = 0; k < K; k++)
            y += m->Y[i * K + k];
        m->x[i] = y;
    }
    lapack_int info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)n, 1, M, (lapack_int)n, piv,
                                    m->x, 1);
    free(M);
    free(piv);
    int finite = 1;
    for (size_t i = 0; i < n; i++)
        finite &= isfinite(m->x[i]);
    if (info > 0 || !finite)
        return ts_error_set(err, TS_ERR_INPUT, apath, 0, 0, NULL,
                            "the folder has coefficients (A) but no Z / x, and (I - A) is "
                            "singular (LAPACK dgesv: U(%d,%d) = 0), so x = (I - A)^-1 y cannot "
                            "be computed; expected Z.txt and x.txt, or an A whose Leontief "
                            "inverse exists",
                            (int)info, (int)info);
    if (info < 0)
        return ts_error_set(err, TS_ERR_INTERNAL, apath, 0, 0, NULL, "dgesv argument %d",
                            (int)-info);
    return TS_OK;
}

/* unit.txt: one unit per (region, sector) row, after the header rows; they must agree. */
typedef struct unit_ctx {
    const pm_entry *e;
    char *first;
    long first_line;
} unit_ctx;

static ts_status unit_row(void *user, const ts_csv_row *row, ts_error *err)
{
    unit_ctx *u = user;
    if ((long)row->index < u->e->nhead)
        return TS_OK;
    size_t k = (size_t)u->e->nidx;
    if (row->nfields <= k || !row->fields[k][0])
        return ts_error_set(err, TS_ERR_INPUT, u->e->path, row->line, (long)k + 1, NULL,
                            "no unit after the %zu index columns", k);
    const char *v = row->fields[k];
    if (!u->first) {
        u->first_line = row->line;
        return (u->first = ts_strdup(v)) ? TS_OK : nomem(err);
    }
    if (strcmp(u->first, v))
        return ts_error_set(err, TS_ERR_INPUT, u->e->path, row->line, (long)k + 1, NULL,
                            "unit '%s' differs from '%s' on line %ld; tradeshock needs one "
                            "monetary unit for the whole table",
                            v, u->first, u->first_line);
    return TS_OK;
}

static ts_status read_unit(ts_mrio *m, const pm_entry *e, ts_error *err)
{
    unit_ctx u = {e, NULL, 0};
    ts_status st = ts_csv_read_delim(e->path, '\t', "unit.txt (region, sector, unit)",
                                     unit_row, &u, err);
    if (!st && u.first) {
        m->unit = u.first;
        u.first = NULL;
        if (!(m->unit_from = ts_strdup(e->path)))
            st = nomem(err);
    }
    free(u.first);
    return st;
}


/* Names from metadata.json's "tradeshock" labels ([{code, name}], matched by code). */
static void read_names(ts_label *l, size_t k, const cJSON *arr)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(it, "code");
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(it, "name");
        if (!cJSON_IsString(c) || !cJSON_IsString(nm))
            continue;
        for (size_t i = 0; i < k; i++)
            if (!strcmp(l[i].code, c->valuestring)) {
                char *d = ts_strdup(nm->valuestring);
                if (d) {
                    free(l[i].name);
                    l[i].name = d;
                }
            }
    }
}

/* metadata.json: pymrio's name and description; the "tradeshock" object that
 * ts_mrio_write_pymrio adds (names, table metadata). Returns 1 when that object is there
 * (the category labels are then tradeshock's codes, kept as they are). */
static int read_metadata(ts_mrio *m, const char *dir)
{
    char *p = ts_asprintf("%s/metadata.json", dir);
    cJSON *root = NULL;
    int ours = 0;
    if (p && ts_path_exists(p) && !ts_json_read_file(p, &root, NULL)) {
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(root, "name");
        const cJSON *ds = cJSON_GetObjectItemCaseSensitive(root, "description");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "tradeshock");
        if (cJSON_IsObject(t)) {
            ours = 1;
            const char *keys[] = {"name", "year", "currency", "unit", "source", "licence"};
            char **slots[] = {&m->name, &m->year, &m->currency, &m->unit, &m->source,
                              &m->licence};
            for (int k = 0; k < 6; k++) {
                const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, keys[k]);
                if (cJSON_IsString(v) && !*slots[k])
                    *slots[k] = ts_strdup(v->valuestring);
            }
            read_names(m->regions, m->R, cJSON_GetObjectItemCaseSensitive(t, "regions"));
            read_names(m->sectors, m->S, cJSON_GetObjectItemCaseSensitive(t, "sectors"));
            read_names(m->fd_cats, m->F,
                       cJSON_GetObjectItemCaseSensitive(t, "final_demand_categories"));
        }
        if (!m->name && cJSON_IsString(nm) && nm->valuestring[0])
            m->name = ts_strdup(nm->valuestring);
        if (!m->source && cJSON_IsString(ds) && ds->valuestring[0])
            m->source = ts_asprintf("pymrio text folder: %s", ds->valuestring);
    }
    if (!m->source)
        m->source = ts_strdup("pymrio text folder");
    cJSON_Delete(root);
    free(p);
    return ours;
}

ts_status ts_mrio_read_pymrio(const char *dir, const ts_logger *log, ts_mrio **out,
                              ts_error *err)
{
    *out = NULL;
    pm_entry e[F_COUNT] = {{0}};
    pm_grid g = {0};
    double *Zb = NULL, *Yb = NULL, *xb = NULL, *Ab = NULL;
    ts_mrio *m = NULL;
    char *fp = ts_asprintf("%s/file_parameters.json", dir);
    ts_status st = fp ? read_params(dir, fp, e, err) : nomem(err);
    if (st)
        goto done;
    if (!e[F_Y].listed || (!e[F_Z].listed && !e[F_A].listed)) {
        st = ts_error_set(err, TS_ERR_INPUT, fp, 0, 0, "files",
                          "lists %s%s%s; a pymrio IO system needs Y.txt and either Z.txt (with "
                          "x.txt) or the coefficients A.txt",
                          e[F_Y].listed ? "" : "no Y",
                          !e[F_Y].listed && !e[F_Z].listed && !e[F_A].listed ? " and " : "",
                          e[F_Z].listed || e[F_A].listed ? "" : "neither Z nor A");
        goto done;
    }
    int core = e[F_Z].listed ? F_Z : F_A;
    if ((st = want_layout(fp, e, core, 2, err)) || (st = want_layout(fp, e, F_Y, 2, err)) ||
        (e[F_X].listed && (st = want_layout(fp, e, F_X, 1, err))) ||
        (core == F_Z && e[F_A].listed && (st = want_layout(fp, e, F_A, 2, err))))
        goto done;
    if ((st = pm_read_matrix(&g, e[core].path, e[core].name, 2, 2, PM_IND,
                             core == F_Z ? &Zb : &Ab, err)) ||
        (st = pm_read_matrix(&g, e[F_Y].path, e[F_Y].name, 2, 2, PM_FD, &Yb, err)) ||
        (e[F_X].listed && (st = pm_read_matrix(&g, e[F_X].path, e[F_X].name, 2,
                                               (size_t)e[F_X].nhead, PM_VEC, &xb, err))) ||
        (core == F_Z && e[F_A].listed &&
         (st = pm_read_matrix(&g, e[F_A].path, e[F_A].name, 2, 2, PM_IND, &Ab, err))))
        goto done;
    if ((st = ts_mrio_create(g.R, g.S, g.cat.k, &m, err)))
        goto done;
    ts_label **dst[3] = {&m->regions, &m->sectors, &m->fd_cats};
    ts_codeset *src[3] = {&g.reg, &g.sec, &g.cat};
    for (int k = 0; k < 3; k++) {
        free(*dst[k]);
        *dst[k] = src[k]->l; /* ownership moves to m */
        src[k]->l = NULL;
        src[k]->k = 0;
    }
    size_t n = m->n, K = m->R * m->F;
    free(m->Y);
    m->Y = Yb;
    Yb = NULL;
    if (xb) {
        free(m->x);
        m->x = xb;
        xb = NULL;
    }
    if (Zb) {
        free(m->Z);
        m->Z = Zb;
        Zb = NULL;
        if (!e[F_X].listed) { /* pymrio's calc_x: x = rowsum(Z) + rowsum(Y) */
            for (size_t i = 0; i < n; i++) {
                double r = 0;
                for (size_t j = 0; j < n; j++)
                    r += m->Z[i * n + j];
                for (size_t k = 0; k < K; k++)
                    r += m->Y[i * K + k];
                m->x[i] = r;
            }
            ts_log(log, TS_LOG_INFO,
                   "%s: no x.txt listed; gross output computed as x = row sums of Z and Y",
                   dir);
        }
        if (Ab)
            compare_A(m, Ab, e[F_A].name, log);
    } else {
        if (!e[F_X].listed && (st = solve_x(m, Ab, e[F_A].path, err)))
            goto done;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                m->Z[i * n + j] = Ab[i * n + j] * m->x[j];
        ts_log(log, TS_LOG_INFO,
               "%s has coefficients only (A, no Z): %sZ = A diag(x) computed", dir,
               e[F_X].listed ? "x from x.txt, " : "x = (I - A)^-1 y (LAPACK dgesv) and ");
    }
    ts_mrio_colsum_Z(m, m->v);
    for (size_t j = 0; j < n; j++)
        m->v[j] = m->x[j] - m->v[j];
    if (e[F_UNIT].listed && (st = read_unit(m, &e[F_UNIT], err)))
        goto done;
    if (!read_metadata(m, dir)) { /* EXIOBASE category labels -> short codes */
        ts_codeset cats = {.l = m->fd_cats, .k = m->F};
        derive_fd_codes(&cats);
    }
    if (!(m->path = ts_strdup(dir)))
        st = nomem(err);
done:
    if (st) {
        ts_mrio_free(m);
        m = NULL;
    }
    *out = m;
    for (int k = 0; k < F_COUNT; k++)
        free(e[k].path);
    pm_grid_free(&g);
    free(Zb);
    free(Yb);
    free(xb);
    free(Ab);
    free(fp);
    return st;
}
