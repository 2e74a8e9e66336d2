/* Table cases (tests/fixtures/cases/<case>/): every case whose inputs include a native
 * table folder is inspected with the CLI (`tradeshock inspect`), and the exit code, the
 * error message (file, line, column, labels, must_mention) and the warnings
 * (must_mention, must_mention_any, must-not-mention) are compared with the case's
 * expected.json. For cases that load, Z, Y, x and value added are read through the
 * library and compared with `values` (A too, computed with 0/0 := 0 from the checked
 * table). Golden values come only from expected.json. pymrio/OECD formats and
 * scenario-only cases are skipped (their own tests cover them). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/util.h"
#include "tradeshock/mrio.h"

typedef struct tcase {
    char id[512];
    char table[2048];   /* the native folder to inspect */
    cJSON *exp;
} tcase;

static const cJSON *get(const cJSON *o, const char *k)
{
    return o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

/* 1 if @p s contains the number @p v as a whole token. */
static int has_number(const char *s, long v)
{
    char num[32];
    snprintf(num, sizeof num, "%ld", v);
    size_t l = strlen(num);
    for (const char *p = strstr(s, num); p; p = strstr(p + 1, num))
        if (!(p > s && isdigit((unsigned char)p[-1])) && !isdigit((unsigned char)p[l]))
            return 1;
    return 0;
}

static void check_contains(const char *hay, const char *needle, const char *what, const char *id)
{
    if (!strstr(hay, needle))
        fail_msg("%s: %s must mention '%s'; got:\n%s", id, what, needle, hay);
}

/* Every warning line ("tradeshock: warning: ...") of stderr, NUL-separated copy. */
static int warning_has_all(const char *err, const cJSON *must, int any)
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

static void check_warnings(const tcase *c, const cJSON *warnings, const char *err)
{
    if (cJSON_IsString(warnings) && !strcmp(warnings->valuestring, "none")) {
        if (strstr(err, "warning"))
            fail_msg("%s: no warning expected; got:\n%s", c->id, err);
        return;
    }
    const cJSON *w, *list = cJSON_IsArray(warnings) ? warnings : NULL;
    cJSON_ArrayForEach(w, list)
    {
        const cJSON *all = get(w, "must_mention"), *any = get(w, "must_mention_any");
        if (all && !warning_has_all(err, all, 0))
            fail_msg("%s: no warning line mentions all of %s; stderr:\n%s", c->id,
                     cJSON_PrintUnformatted(all), err);
        if (any && !warning_has_all(err, any, 1))
            fail_msg("%s: no warning line mentions any of %s; stderr:\n%s", c->id,
                     cJSON_PrintUnformatted(any), err);
    }
}

static void check_not_mentioned(const tcase *c, const char *err)
{
    const char *keys[] = {"warnings_must_not_mention", "must_not_mention"};
    for (int k = 0; k < 2; k++) {
        const cJSON *s;
        cJSON_ArrayForEach(s, get(c->exp, keys[k]))
        {
            if (cJSON_IsString(s) && strstr(err, s->valuestring))
                fail_msg("%s: stderr must not mention '%s'; got:\n%s", c->id, s->valuestring,
                         err);
        }
    }
}

/* The error line: one line, naming the file, line, column and labels of expected.json. */
static void check_error(const tcase *c, const cJSON *e, const char *err)
{
    const char *nl = strchr(err, '\n');
    if (strncmp(err, "tradeshock: error: ", 19) != 0 || (nl && nl[1]))
        fail_msg("%s: expected exactly one error line; got:\n%s", c->id, err);
    const cJSON *file = get(e, "file"), *line = get(e, "line"), *col = get(e, "column");
    if (cJSON_IsString(file)) {
        check_contains(err, file->valuestring, "the error", c->id);
        char loc[512];
        if (cJSON_IsNumber(line)) {
            if (cJSON_IsNumber(col))
                snprintf(loc, sizeof loc, "%s:%d:%d", file->valuestring, line->valueint,
                         col->valueint);
            else
                snprintf(loc, sizeof loc, "%s:%d", file->valuestring, line->valueint);
            check_contains(err, loc, "the error location", c->id);
        }
    }
    const char *labels[] = {"column_label", "row_label", "value"};
    for (int k = 0; k < 3; k++) {
        const cJSON *s = get(e, labels[k]);
        if (cJSON_IsString(s) && s->valuestring[0])
            check_contains(err, s->valuestring, labels[k], c->id);
    }
    const char *nums[] = {"lines", "columns"};
    for (int k = 0; k < 2; k++) {
        const cJSON *s;
        cJSON_ArrayForEach(s, get(e, nums[k]))
        {
            if (!has_number(err, (long)s->valuedouble))
                fail_msg("%s: the error must name %s %ld; got:\n%s", c->id, nums[k],
                         (long)s->valuedouble, err);
        }
    }
    const char *counts[] = {"fields_found", "fields_expected"};
    for (int k = 0; k < 2; k++) {
        const cJSON *s = get(e, counts[k]);
        if (cJSON_IsNumber(s) && !has_number(err, (long)s->valuedouble))
            fail_msg("%s: the error must give %s = %ld; got:\n%s", c->id, counts[k],
                     (long)s->valuedouble, err);
    }
    const cJSON *s;
    cJSON_ArrayForEach(s, get(e, "missing_labels"))
        check_contains(err, s->valuestring, "the error (missing label)", c->id);
    cJSON_ArrayForEach(s, get(e, "must_mention"))
        check_contains(err, s->valuestring, "the error", c->id);
}

static int find_industry(const ts_mrio *m, const char *lab)
{
    char buf[512];
    for (size_t i = 0; i < m->n; i++) {
        snprintf(buf, sizeof buf, "%s_%s", m->regions[i / m->S].code, m->sectors[i % m->S].code);
        if (!strcmp(buf, lab))
            return (int)i;
    }
    return -1;
}

static int find_fd(const ts_mrio *m, const char *lab)
{
    char buf[512];
    for (size_t k = 0; k < m->R * m->F; k++) {
        snprintf(buf, sizeof buf, "%s_%s", m->regions[k / m->F].code, m->fd_cats[k % m->F].code);
        if (!strcmp(buf, lab))
            return (int)k;
    }
    return -1;
}

static double num_at(const cJSON *a, int i, int j)
{
    const cJSON *v = cJSON_GetArrayItem(a, i);
    if (j >= 0)
        v = cJSON_GetArrayItem(v, j);
    if (!cJSON_IsNumber(v))
        fail_msg("expected.json: no number at [%d][%d]", i, j);
    return v->valuedouble;
}

static void expect_close(const tcase *c, const char *what, const char *ri, const char *cj,
                         double got, double want, double rel, double abs)
{
    if (!ts_close(got, want, rel, abs))
        fail_msg("%s: %s[%s%s%s] = %.17g, expected %.17g", c->id, what, ri, cj ? ", " : "",
                 cj ? cj : "", got, want);
}

/* Compare the table as read (raw) and as checked with `values`. */
static void check_values(const tcase *c, const cJSON *vals)
{
    const cJSON *tol = get(c->exp, "tolerance");
    double rel = cJSON_IsNumber(get(tol, "rel")) ? get(tol, "rel")->valuedouble : 1e-12;
    double abs = cJSON_IsNumber(get(tol, "abs")) ? get(tol, "abs")->valuedouble : 0;
    ts_error err;
    ts_mrio *raw = NULL, *m = NULL;
    if (ts_mrio_read_native(c->table, NULL, &raw, &err) || ts_mrio_read(c->table, NULL, &m, &err))
        fail_msg("%s: library read failed: %s", c->id, err.msg);
    const cJSON *inds = get(vals, "industries"), *fds = get(vals, "fd_columns");
    int n = cJSON_GetArraySize(inds), K = cJSON_GetArraySize(fds);
    assert_int_equal((size_t)n, raw->n);
    assert_int_equal((size_t)K, raw->R * raw->F);
    int *ix = calloc((size_t)n, sizeof *ix), *kx = calloc((size_t)K, sizeof *kx);
    for (int i = 0; i < n; i++)
        if ((ix[i] = find_industry(raw, cJSON_GetArrayItem(inds, i)->valuestring)) < 0)
            fail_msg("%s: industry %s not in the table", c->id,
                     cJSON_GetArrayItem(inds, i)->valuestring);
    for (int k = 0; k < K; k++)
        if ((kx[k] = find_fd(raw, cJSON_GetArrayItem(fds, k)->valuestring)) < 0)
            fail_msg("%s: final-demand column %s not in the table", c->id,
                     cJSON_GetArrayItem(fds, k)->valuestring);
    size_t nn = raw->n, KK = raw->R * raw->F;
    const cJSON *Z = get(vals, "Z"), *Y = get(vals, "Y"), *x = get(vals, "x"),
                *va = get(vals, "value_added"), *A = get(vals, "A");
    for (int i = 0; i < n; i++) {
        const char *li = cJSON_GetArrayItem(inds, i)->valuestring;
        if (x)
            expect_close(c, "x", li, NULL, raw->x[ix[i]], num_at(x, i, -1), rel, abs);
        if (va)
            expect_close(c, "value_added", li, NULL, raw->v[ix[i]], num_at(va, i, -1), rel,
                         abs);
        for (int j = 0; Z && j < n; j++)
            expect_close(c, "Z", li, cJSON_GetArrayItem(inds, j)->valuestring,
                         raw->Z[(size_t)ix[i] * nn + (size_t)ix[j]], num_at(Z, i, j), rel, abs);
        for (int k = 0; Y && k < K; k++)
            expect_close(c, "Y", li, cJSON_GetArrayItem(fds, k)->valuestring,
                         raw->Y[(size_t)ix[i] * KK + (size_t)kx[k]], num_at(Y, i, k), rel, abs);
        for (int j = 0; A && j < n; j++) {
            double xj = m->x[ix[j]], z = m->Z[(size_t)ix[i] * nn + (size_t)ix[j]];
            expect_close(c, "A", li, cJSON_GetArrayItem(inds, j)->valuestring,
                         xj != 0 ? z / xj : 0, num_at(A, i, j), rel, abs);
        }
    }
    /* 07e: the silent positional reading must not happen. */
    const cJSON *bad = get(get(c->exp, "must_not"), "A_row_AAA_S1");
    if (bad) {
        int i = find_industry(m, "AAA_S1"), same = 1;
        for (int j = 0; j < n; j++)
            same &= ts_close(m->Z[(size_t)i * nn + (size_t)ix[j]] / m->x[ix[j]],
                             num_at(bad, j, -1), 1e-12, 0);
        if (same)
            fail_msg("%s: rows were read by position, not by label", c->id);
    }
    const char *names[] = {"region_names", "sector_names"};
    for (int t = 0; t < 2; t++) {
        const cJSON *nm = get(c->exp, names[t]);
        const ts_label *l = t ? raw->sectors : raw->regions;
        for (int k = 0; k < cJSON_GetArraySize(nm); k++)
            assert_string_equal(l[k].name, cJSON_GetArrayItem(nm, k)->valuestring);
    }
    free(ix);
    free(kx);
    ts_mrio_free(raw);
    ts_mrio_free(m);
}

/* if_ok.A_column_zeroed: after the checks, that industry has x = 0 and no inputs. */
static void check_zeroed(const tcase *c, const char *lab)
{
    ts_error err;
    ts_mrio *m = NULL;
    if (ts_mrio_read(c->table, NULL, &m, &err))
        fail_msg("%s: library read failed: %s", c->id, err.msg);
    int j = find_industry(m, lab);
    assert_true(j >= 0);
    if (m->x[j] != 0 || signbit(m->x[j]))
        fail_msg("%s: %s must be zero-output after the checks, x = %g", c->id, lab, m->x[j]);
    for (size_t i = 0; i < m->n; i++)
        if (m->Z[i * m->n + (size_t)j] != 0)
            fail_msg("%s: A column %s must be 0", c->id, lab);
    ts_mrio_free(m);
}

static void run_case(void **state)
{
    const tcase *c = *state;
    const cJSON *exp = c->exp, *insp = get(exp, "inspect");
    const char *expect = cJSON_GetStringValue(get(exp, "expect"));
    char *args = ts_asprintf("inspect '%s'", c->table);
    ts_cmd_result r = ts_run_cli(args);
    free(args);
    const cJSON *code = get(insp ? insp : exp, "exit_code");
    if (cJSON_IsNumber(code)) {
        if (r.exit_code != code->valueint)
            fail_msg("%s: exit code %d, expected %d; stderr:\n%s", c->id, r.exit_code,
                     code->valueint, r.err);
    } else if (r.exit_code != 0 && r.exit_code != 2) {
        fail_msg("%s: exit code %d, expected 0 or 2; stderr:\n%s", c->id, r.exit_code, r.err);
    }
    int must_warn = expect && !strncmp(expect, "warning", 7);
    if (must_warn || r.exit_code == 0)
        check_warnings(c, get(insp ? insp : exp, "warnings"), r.err);
    check_not_mentioned(c, r.err);
    if (r.exit_code == 2) {
        if (get(exp, "if_error"))
            check_error(c, get(exp, "if_error"), r.err);
        else
            check_error(c, get(exp, "error"), r.err);
        if (r.out[0])
            fail_msg("%s: nothing expected on stdout after an error; got:\n%s", c->id, r.out);
    } else {
        if (!strstr(r.out, "industries"))
            fail_msg("%s: inspect printed no report:\n%s", c->id, r.out);
        const cJSON *vals = get(exp, "values");
        if (!vals)
            vals = get(get(exp, "if_ok"), "values");
        if (cJSON_IsObject(vals) && get(vals, "industries"))
            check_values(c, vals);
        const cJSON *z = get(get(exp, "if_ok"), "A_column_zeroed");
        if (cJSON_IsString(z))
            check_zeroed(c, z->valuestring);
    }
    ts_cmd_result_free(&r);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const tcase *)a)->id, ((const tcase *)b)->id);
}

int main(void)
{
    char root[1024];
    snprintf(root, sizeof root, "%s/cases", TS_FIXTURES);
    DIR *d = opendir(root);
    if (!d) {
        fprintf(stderr, "cannot open %s\n", root);
        return 1;
    }
    tcase *cases = calloc(128, sizeof *cases);
    size_t k = 0;
    struct dirent *e;
    while ((e = readdir(d)) && k < 128) {
        if (e->d_name[0] == '.')
            continue;
        char *p = ts_asprintf("%s/%s/expected.json", root, e->d_name);
        char *text = ts_read_file(p);
        free(p);
        cJSON *exp = text ? cJSON_Parse(text) : NULL;
        free(text);
        const char *fmt = cJSON_GetStringValue(get(exp, "format"));
        if (!fmt || (strcmp(fmt, "native") && strcmp(fmt, "native+scenario"))) {
            cJSON_Delete(exp); /* pymrio-txt, oecd-icio, scenario: other readers */
            continue;
        }
        tcase *c = &cases[k];
        const cJSON *in;
        cJSON_ArrayForEach(in, get(exp, "inputs"))
        {
            snprintf(c->table, sizeof c->table, "%s/%s/%s", root, e->d_name, in->valuestring);
            if (ts_is_dir(c->table))
                break;
            c->table[0] = 0;
        }
        if (!c->table[0]) { /* only a scenario file: covered by the scenario tests */
            cJSON_Delete(exp);
            continue;
        }
        snprintf(c->id, sizeof c->id, "%s", e->d_name);
        c->exp = exp;
        k++;
    }
    closedir(d);
    qsort(cases, k, sizeof *cases, by_name);
    if (k < 25) {
        fprintf(stderr, "only %zu native table cases found under %s\n", k, root);
        return 1;
    }
    struct CMUnitTest *tests = calloc(k, sizeof *tests);
    for (size_t t = 0; t < k; t++) {
        tests[t].name = cases[t].id;
        tests[t].test_func = run_case;
        tests[t].initial_state = &cases[t];
    }
    int rc = _cmocka_run_group_tests("table_cases", tests, k, NULL, NULL);
    for (size_t t = 0; t < k; t++)
        cJSON_Delete(cases[t].exp);
    free(tests);
    free(cases);
    return rc;
}
