/* Checks of `tradeshock inspect` output against an expected.json (cases/README.md schema),
 * shared by the table-case and format-fixture tests. Header-only (static functions). */
#ifndef TS_TEST_CASE_CHECKS_H
#define TS_TEST_CASE_CHECKS_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/util.h"
#include "testutil.h"
#include "tradeshock/mrio.h"

#define CC_UNUSED __attribute__((unused))

static CC_UNUSED const cJSON *cc_get(const cJSON *o, const char *k)
{
    return o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

/* 1 if @p s contains the number @p v as a whole token. */
static CC_UNUSED int cc_has_number(const char *s, long v)
{
    char num[32];
    snprintf(num, sizeof num, "%ld", v);
    size_t l = strlen(num);
    for (const char *p = strstr(s, num); p; p = strstr(p + 1, num))
        if (!(p > s && isdigit((unsigned char)p[-1])) && !isdigit((unsigned char)p[l]))
            return 1;
    return 0;
}

static CC_UNUSED void cc_contains(const char *hay, const char *needle, const char *what,
                                  const char *id)
{
    if (!strstr(hay, needle))
        fail_msg("%s: %s must mention '%s'; got:\n%s", id, what, needle, hay);
}

/* 1 if one warning line of @p err mentions all (any) of @p must. */
static CC_UNUSED int cc_warning_has(const char *err, const cJSON *must, int any)
{
    const char *line = err;
    while (line && *line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char *l = ts_asprintf("%.*s", (int)len, line);
        int ok = strstr(l, "warning") != NULL;
        if (ok) {
            int hits = 0, total = 0;
            const cJSON *s;
            cJSON_ArrayForEach(s, must)
            {
                total++;
                hits += cJSON_IsString(s) && strstr(l, s->valuestring) != NULL;
            }
            ok = any ? hits > 0 : hits == total;
        }
        free(l);
        if (ok)
            return 1;
        line = end ? end + 1 : NULL;
    }
    return 0;
}

/* `warnings`: "none", or a list of {must_mention / must_mention_any}. */
static CC_UNUSED void cc_check_warnings(const char *id, const cJSON *warnings, const char *err)
{
    if (cJSON_IsString(warnings) && !strcmp(warnings->valuestring, "none")) {
        if (strstr(err, "warning"))
            fail_msg("%s: no warning expected; got:\n%s", id, err);
        return;
    }
    const cJSON *w, *list = cJSON_IsArray(warnings) ? warnings : NULL;
    cJSON_ArrayForEach(w, list)
    {
        const cJSON *all = cc_get(w, "must_mention"), *any = cc_get(w, "must_mention_any");
        if (all && !cc_warning_has(err, all, 0))
            fail_msg("%s: no warning line mentions all of %s; stderr:\n%s", id,
                     cJSON_PrintUnformatted(all), err);
        if (any && !cc_warning_has(err, any, 1))
            fail_msg("%s: no warning line mentions any of %s; stderr:\n%s", id,
                     cJSON_PrintUnformatted(any), err);
    }
}

static CC_UNUSED void cc_check_not_mentioned(const char *id, const cJSON *exp, const char *err)
{
    const char *keys[] = {"warnings_must_not_mention", "must_not_mention"};
    for (int k = 0; k < 2; k++) {
        const cJSON *s;
        cJSON_ArrayForEach(s, cc_get(exp, keys[k]))
        {
            if (cJSON_IsString(s) && strstr(err, s->valuestring))
                fail_msg("%s: stderr must not mention '%s'; got:\n%s", id, s->valuestring, err);
        }
    }
}

/* The error: one line naming the file, line, column and labels of @p e. */
static CC_UNUSED void cc_check_error(const char *id, const cJSON *e, const char *err)
{
    const char *nl = strchr(err, '\n');
    if (strncmp(err, "tradeshock: error: ", 19) != 0 || (nl && nl[1]))
        fail_msg("%s: expected exactly one error line; got:\n%s", id, err);
    const cJSON *file = cc_get(e, "file"), *line = cc_get(e, "line"), *col = cc_get(e, "column");
    if (cJSON_IsString(file)) {
        cc_contains(err, file->valuestring, "the error", id);
        char loc[512];
        if (cJSON_IsNumber(line)) {
            if (cJSON_IsNumber(col))
                snprintf(loc, sizeof loc, "%s:%d:%d", file->valuestring, line->valueint,
                         col->valueint);
            else
                snprintf(loc, sizeof loc, "%s:%d", file->valuestring, line->valueint);
            cc_contains(err, loc, "the error location", id);
        }
    }
    const char *labels[] = {"column_label", "row_label", "value"};
    for (int k = 0; k < 3; k++) {
        const cJSON *s = cc_get(e, labels[k]);
        if (cJSON_IsString(s) && s->valuestring[0])
            cc_contains(err, s->valuestring, labels[k], id);
    }
    const char *nums[] = {"lines", "columns"};
    for (int k = 0; k < 2; k++) {
        const cJSON *s;
        cJSON_ArrayForEach(s, cc_get(e, nums[k]))
        {
            if (!cc_has_number(err, (long)s->valuedouble))
                fail_msg("%s: the error must name %s %ld; got:\n%s", id, nums[k],
                         (long)s->valuedouble, err);
        }
    }
    const char *counts[] = {"fields_found", "fields_expected"};
    for (int k = 0; k < 2; k++) {
        const cJSON *s = cc_get(e, counts[k]);
        if (cJSON_IsNumber(s) && !cc_has_number(err, (long)s->valuedouble))
            fail_msg("%s: the error must give %s = %ld; got:\n%s", id, counts[k],
                     (long)s->valuedouble, err);
    }
    const cJSON *s;
    cJSON_ArrayForEach(s, cc_get(e, "missing_labels"))
        cc_contains(err, s->valuestring, "the error (missing label)", id);
    cJSON_ArrayForEach(s, cc_get(e, "must_mention"))
        cc_contains(err, s->valuestring, "the error", id);
    const cJSON *any = cc_get(e, "must_mention_any");
    if (cJSON_IsArray(any)) {
        int hit = 0;
        cJSON_ArrayForEach(s, any)
            hit |= cJSON_IsString(s) && strstr(err, s->valuestring) != NULL;
        if (!hit)
            fail_msg("%s: the error must mention one of %s; got:\n%s", id,
                     cJSON_PrintUnformatted(any), err);
    }
}

/* Industry index of "<region>_<sector>" in @p m, or -1. */
static CC_UNUSED int cc_find_industry(const ts_mrio *m, const char *lab)
{
    char buf[512];
    for (size_t i = 0; i < m->n; i++) {
        snprintf(buf, sizeof buf, "%s_%s", m->regions[i / m->S].code, m->sectors[i % m->S].code);
        if (!strcmp(buf, lab))
            return (int)i;
    }
    return -1;
}

/* Final-demand column index of "<region>_<category>" in @p m, or -1. */
static CC_UNUSED int cc_find_fd(const ts_mrio *m, const char *lab)
{
    char buf[512];
    for (size_t k = 0; k < m->R * m->F; k++) {
        snprintf(buf, sizeof buf, "%s_%s", m->regions[k / m->F].code, m->fd_cats[k % m->F].code);
        if (!strcmp(buf, lab))
            return (int)k;
    }
    return -1;
}

/* Same dimensions and bit-identical Z, Y, x, v (labels not compared). */
static CC_UNUSED void cc_same_arrays(const char *id, const ts_mrio *a, const ts_mrio *b,
                                     double rel)
{
    if (a->R != b->R || a->S != b->S || a->F != b->F)
        fail_msg("%s: dimensions %zu x %zu x %zu vs %zu x %zu x %zu", id, a->R, a->S, a->F, b->R,
                 b->S, b->F);
    size_t n = a->n, K = a->R * a->F;
    const double *pa[] = {a->Z, a->Y, a->x, a->v}, *pb[] = {b->Z, b->Y, b->x, b->v};
    size_t len[] = {n * n, n * K, n, n};
    const char *nm[] = {"Z", "Y", "x", "v"};
    for (int k = 0; k < 4; k++)
        for (size_t i = 0; i < len[k]; i++)
            if (rel == 0 ? pa[k][i] != pb[k][i] : !ts_close(pa[k][i], pb[k][i], rel, 0))
                fail_msg("%s: %s[%zu] = %.17g, expected %.17g", id, nm[k], i, pa[k][i],
                         pb[k][i]);
}

static CC_UNUSED void cc_same_codes(const char *id, const char *what, const ts_label *a,
                                    const ts_label *b, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (strcmp(a[i].code, b[i].code))
            fail_msg("%s: %s %zu is '%s', expected '%s'", id, what, i, a[i].code, b[i].code);
}

#endif
