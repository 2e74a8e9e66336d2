/* The ts_mrio type: allocation, copy, label look-up (mrio.h). */
#define _DEFAULT_SOURCE
#include "tradeshock/mrio.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/util.h"
#include "mrio/native.h"

/* Z of a large table on 2 MB pages where the system offers them (transparent huge pages
 * on request: madvise): the daily pass reads a block of columns row by row, one page per
 * row with 4 KB pages, so TLB misses would dominate (bench/README.md). Zeroed. */
#define HUGE_PAGE (2u << 20)
static double *alloc_z(size_t count)
{
    size_t bytes = count * sizeof(double);
    if (bytes < 16 * (size_t)HUGE_PAGE)
        return calloc(count ? count : 1, sizeof(double));
    size_t round = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    double *z = aligned_alloc(HUGE_PAGE, round);
    if (!z)
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(z, round, MADV_HUGEPAGE);
#endif
    memset(z, 0, bytes);
    return z;
}

ts_status ts_mrio_create(size_t R, size_t S, size_t F, ts_mrio **out, ts_error *err)
{
    *out = NULL;
    if (R == 0 || S == 0)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "a table needs at least one region and one sector (got %zu x %zu)", R, S);
    ts_mrio *m = calloc(1, sizeof *m);
    if (!m)
        goto nomem;
    m->R = R;
    m->S = S;
    m->F = F;
    m->n = R * S;
    size_t n = m->n, K = R * F;
    m->regions = calloc(R, sizeof *m->regions);
    m->sectors = calloc(S, sizeof *m->sectors);
    m->fd_cats = calloc(F ? F : 1, sizeof *m->fd_cats);
    m->Z = alloc_z(n * n);
    m->Y = calloc(K ? n * K : 1, sizeof *m->Y);
    m->x = calloc(n, sizeof *m->x);
    m->v = calloc(n, sizeof *m->v);
    if (!m->regions || !m->sectors || !m->fd_cats || !m->Z || !m->Y || !m->x || !m->v)
        goto nomem;
    *out = m;
    return TS_OK;
nomem:
    ts_mrio_free(m);
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL,
                        "out of memory for a %zu x %zu table", R, S);
}

static void free_labels(ts_label *l, size_t k)
{
    if (!l)
        return;
    for (size_t i = 0; i < k; i++) {
        free(l[i].code);
        free(l[i].name);
    }
    free(l);
}

void ts_mrio_free(ts_mrio *m)
{
    if (!m)
        return;
    free_labels(m->regions, m->R);
    free_labels(m->sectors, m->S);
    free_labels(m->fd_cats, m->F);
    free(m->Z);
    free(m->Y);
    free(m->x);
    free(m->v);
    free(m->name);
    free(m->year);
    free(m->currency);
    free(m->unit);
    free(m->unit_from);
    free(m->source);
    free(m->licence);
    free(m->path);
    free(m);
}

static int copy_labels(ts_label *dst, const ts_label *src, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        dst[i].code = ts_strdup(src[i].code);
        dst[i].name = ts_strdup(src[i].name);
        if ((src[i].code && !dst[i].code) || (src[i].name && !dst[i].name))
            return -1;
    }
    return 0;
}

ts_status ts_mrio_copy(const ts_mrio *m, ts_mrio **out, ts_error *err)
{
    ts_mrio *c = NULL;
    ts_status st = ts_mrio_create(m->R, m->S, m->F, &c, err);
    if (st)
        return st;
    size_t n = m->n, K = m->R * m->F;
    memcpy(c->Z, m->Z, n * n * sizeof *c->Z);
    if (K)
        memcpy(c->Y, m->Y, n * K * sizeof *c->Y);
    memcpy(c->x, m->x, n * sizeof *c->x);
    memcpy(c->v, m->v, n * sizeof *c->v);
    c->has_v_file = m->has_v_file;
    if (copy_labels(c->regions, m->regions, m->R) || copy_labels(c->sectors, m->sectors, m->S) ||
        copy_labels(c->fd_cats, m->fd_cats, m->F))
        goto nomem;
    c->name = ts_strdup(m->name);
    c->year = ts_strdup(m->year);
    c->currency = ts_strdup(m->currency);
    c->unit = ts_strdup(m->unit);
    c->source = ts_strdup(m->source);
    c->licence = ts_strdup(m->licence);
    c->path = ts_strdup(m->path);
    *out = c;
    return TS_OK;
nomem:
    ts_mrio_free(c);
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory copying a table");
}

static int find_label(const ts_label *l, size_t k, const char *code)
{
    if (!code)
        return -1;
    for (size_t i = 0; i < k; i++)
        if (l[i].code && strcmp(l[i].code, code) == 0)
            return (int)i;
    return -1;
}

int ts_mrio_region_index(const ts_mrio *m, const char *code) { return find_label(m->regions, m->R, code); }
int ts_mrio_sector_index(const ts_mrio *m, const char *code) { return find_label(m->sectors, m->S, code); }
int ts_mrio_fd_index(const ts_mrio *m, const char *code) { return find_label(m->fd_cats, m->F, code); }

void ts_mrio_colsum_Z(const ts_mrio *m, double *out)
{
    size_t n = m->n;
    memset(out, 0, n * sizeof *out);
    for (size_t i = 0; i < n; i++) {
        const double *row = m->Z + i * n;
        for (size_t j = 0; j < n; j++)
            out[j] += row[j];
    }
}

ts_status ts_mrio_create_labelled(ts_label **reg, size_t R, ts_label **sec, size_t S,
                                  ts_label **fdc, size_t F, ts_mrio **out, ts_error *err)
{
    ts_status st = ts_mrio_create(R, S, F, out, err);
    if (st)
        return st;
    ts_mrio *m = *out;
    free(m->regions);
    free(m->sectors);
    free(m->fd_cats);
    m->regions = *reg;
    m->sectors = *sec;
    m->fd_cats = *fdc;
    *reg = *sec = *fdc = NULL;
    return TS_OK;
}
