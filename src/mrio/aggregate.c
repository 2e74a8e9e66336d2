/* Aggregation of regions and sectors by concordance maps (ts_mrio_aggregate, mrio.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "mrio/csvread.h"
#include "mrio/tabread.h"
#include "tradeshock/mrio.h"

/* One map file being read against the codes of one dimension of the table. */
typedef struct mapfile {
    const char *path;
    const char *what;         /* "region" or "sector" */
    const ts_label *codes;    /* the table's codes */
    size_t k;
    long code_col, group_col, name_col;
    size_t nfields;
    long *group_of;           /* [k] group index, -1 = unmapped */
    long *line_of;            /* [k] line that mapped it */
    ts_codeset groups;
    ts_strmap *index;         /* code -> index in codes */
} mapfile;

static long find_col(const ts_csv_row *row, const char *name, long skip)
{
    for (size_t k = 0; k < row->nfields; k++)
        if ((long)k != skip && !strcmp(row->fields[k], name))
            return (long)k;
    return -1;
}

static ts_status map_header(mapfile *mf, const ts_csv_row *row, ts_error *err)
{
    mf->nfields = row->nfields;
    const char *codes[] = {"code", "country", "sector", "region"};
    const char *groups[] = {"group", "to", "aggregate", "region"};
    mf->code_col = mf->group_col = mf->name_col = -1;
    for (size_t k = 0; k < 4 && mf->code_col < 0; k++)
        if (k < 3 || find_col(row, "group", -1) >= 0)
            mf->code_col = find_col(row, codes[k], -1);
    for (size_t k = 0; k < 4 && mf->group_col < 0; k++)
        mf->group_col = find_col(row, groups[k], mf->code_col);
    mf->name_col = find_col(row, "group_name", -1);
    if (mf->name_col < 0 && mf->code_col >= 0 && mf->group_col >= 0 &&
        !strcmp(row->fields[mf->code_col], "code") && !strcmp(row->fields[mf->group_col], "group"))
        mf->name_col = find_col(row, "name", -1);
    if (mf->code_col < 0 || mf->group_col < 0)
        return ts_error_set(err, TS_ERR_INPUT, mf->path, 1, 0, NULL,
                            "the header (first field '%s') has no %s column; expected the "
                            "header code,group[,name]: one line per %s code of the table, "
                            "with the group it belongs to",
                            row->fields[0], mf->code_col < 0 ? "code" : "group", mf->what);
    return TS_OK;
}

static ts_status map_row(void *user, const ts_csv_row *row, ts_error *err)
{
    mapfile *mf = user;
    if (row->index == 0)
        return map_header(mf, row, err);
    if (row->nfields != mf->nfields)
        return ts_ragged_error(err, mf->path, row->line, row->nfields, mf->nfields, NULL);
    const char *code = row->fields[mf->code_col], *group = row->fields[mf->group_col];
    if (!*code || !*group)
        return ts_error_set(err, TS_ERR_INPUT, mf->path, row->line,
                            (*code ? mf->group_col : mf->code_col) + 1, NULL,
                            "empty %s; expected a %s code and its group", *code ? "group" : "code",
                            mf->what);
    long i = ts_strmap_get(mf->index, code);
    if (i < 0) {
        char known[512];
        ts_list_codes(mf->codes, mf->k, 12, known, sizeof known);
        return ts_error_set(err, TS_ERR_INPUT, mf->path, row->line, mf->code_col + 1, NULL,
                            "%s '%s' is not in the table (%ss: %s); expected the table's %s "
                            "codes exactly",
                            mf->what, code, mf->what, known, mf->what);
    }
    if (mf->line_of[i])
        return ts_error_set(err, TS_ERR_INPUT, mf->path, row->line, mf->code_col + 1, NULL,
                            "%s '%s' is mapped twice (lines %ld and %ld); expected each code "
                            "exactly once",
                            mf->what, code, mf->line_of[i], row->line);
    const char *name = mf->name_col >= 0 && row->fields[mf->name_col][0]
                           ? row->fields[mf->name_col] : NULL;
    long g = ts_codeset_find(&mf->groups, group);
    if (g < 0)
        g = ts_codeset_add(&mf->groups, group, name);
    else if (name && !strcmp(mf->groups.l[g].name, group)) { /* first name given wins */
        char *nm = ts_strdup(name);
        if (nm) {
            free(mf->groups.l[g].name);
            mf->groups.l[g].name = nm;
        }
    }
    if (g < 0)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    mf->group_of[i] = g;
    mf->line_of[i] = row->line;
    return TS_OK;
}

/* Read @p path into mf->group_of; NULL path: the identity (every code its own group). */
static ts_status read_map(mapfile *mf, ts_error *err)
{
    mf->group_of = malloc((mf->k ? mf->k : 1) * sizeof *mf->group_of);
    mf->line_of = calloc(mf->k ? mf->k : 1, sizeof *mf->line_of);
    mf->index = ts_strmap_create(mf->k);
    if (!mf->group_of || !mf->line_of || !mf->index)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < mf->k; i++) {
        mf->group_of[i] = -1;
        if (ts_strmap_put(mf->index, mf->codes[i].code, (long)i, NULL) < 0)
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    if (!mf->path) {
        for (size_t i = 0; i < mf->k; i++)
            if ((mf->group_of[i] = ts_codeset_add(&mf->groups, mf->codes[i].code,
                                                  mf->codes[i].name)) < 0)
                return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        return TS_OK;
    }
    char expect[128];
    snprintf(expect, sizeof expect, "a %s map: header code,group[,name], one line per %s",
             mf->what, mf->what);
    ts_status st = ts_csv_read(mf->path, expect, map_row, mf, err);
    if (st)
        return st;
    char miss[1024] = "";
    size_t off = 0, nm = 0;
    for (size_t i = 0; i < mf->k; i++)
        if (mf->group_of[i] < 0 && nm++ < 20 && off < sizeof miss)
            off += (size_t)snprintf(miss + off, sizeof miss - off, "%s%s", off ? ", " : "",
                                    mf->codes[i].code);
    if (nm)
        return ts_error_set(err, TS_ERR_INPUT, mf->path, 0, 0, NULL,
                            "%zu %s%s of the table not mapped: %s%s; expected a line "
                            "<code>,<group> for every %s code",
                            nm, mf->what, nm == 1 ? "" : "s", miss, nm > 20 ? ", ..." : "",
                            mf->what);
    return TS_OK;
}

static void map_free(mapfile *mf)
{
    free(mf->group_of);
    free(mf->line_of);
    ts_strmap_free(mf->index);
    ts_codeset_free(&mf->groups);
}

ts_status ts_mrio_aggregate(const ts_mrio *m, const char *region_map, const char *sector_map,
                            ts_mrio **out, ts_error *err)
{
    *out = NULL;
    mapfile rm = {.path = region_map, .what = "region", .codes = m->regions, .k = m->R};
    mapfile sm = {.path = sector_map, .what = "sector", .codes = m->sectors, .k = m->S};
    ts_mrio *a = NULL;
    ts_status st;
    if ((st = read_map(&rm, err)) || (st = read_map(&sm, err)))
        goto done;
    if ((st = ts_mrio_create(rm.groups.k, sm.groups.k, m->F, &a, err)))
        goto done;
    size_t n = m->n, K = m->R * m->F, an = a->n, aK = a->R * a->F, F = m->F;
    size_t *to = malloc((n ? n : 1) * sizeof *to), *tk = malloc((K ? K : 1) * sizeof *tk);
    if (!to || !tk) {
        free(to);
        free(tk);
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        to[i] = (size_t)rm.group_of[i / m->S] * a->S + (size_t)sm.group_of[i % m->S];
    for (size_t k = 0; k < K; k++)
        tk[k] = (size_t)rm.group_of[k / F] * F + k % F;
    for (size_t i = 0; i < n; i++) {
        double *zr = a->Z + to[i] * an, *yr = a->Y + to[i] * aK;
        for (size_t j = 0; j < n; j++)
            zr[to[j]] += m->Z[i * n + j];
        for (size_t k = 0; k < K; k++)
            yr[tk[k]] += m->Y[i * K + k];
        a->x[to[i]] += m->x[i];
        a->v[to[i]] += m->v[i];
    }
    free(to);
    free(tk);
    ts_label **dst[2] = {&a->regions, &a->sectors};
    mapfile *src[2] = {&rm, &sm};
    for (int d = 0; d < 2; d++) {
        free(*dst[d]);
        *dst[d] = src[d]->groups.l;
        src[d]->groups.l = NULL;
        src[d]->groups.k = 0;
    }
    for (size_t f = 0; f < F; f++) {
        a->fd_cats[f].code = ts_strdup(m->fd_cats[f].code);
        a->fd_cats[f].name = ts_strdup(m->fd_cats[f].name);
        if (!a->fd_cats[f].code || (m->fd_cats[f].name && !a->fd_cats[f].name))
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    a->has_v_file = m->has_v_file;
    const char *ms[] = {m->name, m->year, m->currency, m->unit, m->source, m->licence, m->path};
    char **as[] = {&a->name, &a->year, &a->currency, &a->unit, &a->source, &a->licence, &a->path};
    for (int k = 0; k < 7; k++)
        if (ms[k] && !(*as[k] = ts_strdup(ms[k])))
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
done:
    map_free(&rm);
    map_free(&sm);
    if (st) {
        ts_mrio_free(a);
        return st;
    }
    *out = a;
    return TS_OK;
}
