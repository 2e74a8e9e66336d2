/* Table cases (tests/fixtures/cases/<case>/): every case whose inputs include a table (a
 * native, pymrio or WIOD folder, or an OECD ICIO .csv) is inspected with the CLI
 * (`tradeshock inspect`), once per table input, and the exit code, the error message (file,
 * line, column, labels, must_mention) and the warnings (must_mention, must_mention_any,
 * must-not-mention) are compared with the case's expected.json. For cases that load, Z, Y, x
 * and value added are read through the library (the format's reader without checks) and
 * compared with `values` (A too, computed with 0/0 := 0 from the checked table); industries
 * not listed in `values` are regions x sectors of expected.json (per input file when
 * `sectors` is keyed by file name). Golden values come only from expected.json.
 * Scenario-only cases are skipped (their own tests cover them). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "case_checks.h"

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
    char table[2048];   /* the table to inspect (folder or .csv) */
    cJSON *exp;
} tcase;

#define get cc_get

/* Read @p path with its format's reader, without the checks. */
static ts_status read_raw(const char *path, ts_mrio **m, ts_error *err)
{
    ts_mrio_format f;
    ts_status st = ts_mrio_detect_format(path, &f, err);
    if (st)
        return st;
    switch (f) {
    case TS_FORMAT_PYMRIO:
        return ts_mrio_read_pymrio(path, NULL, m, err);
    case TS_FORMAT_ICIO:
        return ts_mrio_read_icio(path, NULL, m, err);
    case TS_FORMAT_WIOD:
        return ts_mrio_read_wiod(path, NULL, m, err);
    default:
        return ts_mrio_read_native(path, NULL, m, err);
    }
}

/* The list of codes for @p key (a list, or an object keyed by the input's file name). */
static const cJSON *codes_for(const tcase *c, const cJSON *holder, const char *key)
{
    const cJSON *v = get(holder, key);
    if (cJSON_IsObject(v)) {
        const char *base = strrchr(c->table, '/');
        v = get(v, base ? base + 1 : c->table);
    }
    return cJSON_IsArray(v) ? v : NULL;
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
    if (read_raw(c->table, &raw, &err) || ts_mrio_read(c->table, NULL, &m, &err))
        fail_msg("%s: library read failed: %s", c->id, err.msg);
    const cJSON *inds = get(vals, "industries"), *fds = get(vals, "fd_columns");
    cJSON *made = NULL;
    if (!inds) { /* regions x sectors, as listed in expected.json */
        const cJSON *holder = get(get(c->exp, "if_ok"), "regions") ? get(c->exp, "if_ok") : c->exp;
        const cJSON *regs = codes_for(c, holder, "regions"), *secs = codes_for(c, holder, "sectors");
        if (!regs || !secs)
            fail_msg("%s: expected.json lists neither industries nor regions and sectors", c->id);
        made = cJSON_CreateArray();
        const cJSON *r, *t;
        cJSON_ArrayForEach(r, regs) cJSON_ArrayForEach(t, secs)
        {
            char *lab = ts_asprintf("%s_%s", r->valuestring, t->valuestring);
            cJSON_AddItemToArray(made, cJSON_CreateString(lab));
            free(lab);
        }
        inds = made;
        for (size_t k = 0; k < raw->R; k++)
            assert_string_equal(raw->regions[k].code, cJSON_GetArrayItem(regs, (int)k)->valuestring);
        for (size_t k = 0; k < raw->S; k++)
            assert_string_equal(raw->sectors[k].code, cJSON_GetArrayItem(secs, (int)k)->valuestring);
    }
    int n = cJSON_GetArraySize(inds), K = cJSON_GetArraySize(fds);
    assert_int_equal((size_t)n, raw->n);
    assert_int_equal((size_t)K, raw->R * raw->F);
    int *ix = calloc((size_t)n, sizeof *ix), *kx = calloc((size_t)K, sizeof *kx);
    for (int i = 0; i < n; i++)
        if ((ix[i] = cc_find_industry(raw, cJSON_GetArrayItem(inds, i)->valuestring)) < 0)
            fail_msg("%s: industry %s not in the table", c->id,
                     cJSON_GetArrayItem(inds, i)->valuestring);
    for (int k = 0; k < K; k++)
        if ((kx[k] = cc_find_fd(raw, cJSON_GetArrayItem(fds, k)->valuestring)) < 0)
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
        int i = cc_find_industry(m, "AAA_S1"), same = 1;
        for (int j = 0; j < n; j++)
            same &= ts_close(m->Z[(size_t)i * nn + (size_t)ix[j]] / m->x[ix[j]],
                             num_at(bad, j, -1), 1e-12, 0);
        if (same)
            fail_msg("%s: rows were read by position, not by label", c->id);
    }
    const cJSON *fdn = get(vals, "fd_categories");
    for (int k = 0; k < cJSON_GetArraySize(fdn); k++)
        assert_string_equal(raw->fd_cats[k].name, cJSON_GetArrayItem(fdn, k)->valuestring);
    const cJSON *fdc = get(c->exp, "fd_categories");
    for (int k = 0; k < cJSON_GetArraySize(fdc); k++)
        assert_string_equal(raw->fd_cats[k].code, cJSON_GetArrayItem(fdc, k)->valuestring);
    const char *names[] = {"region_names", "sector_names"};
    for (int t = 0; t < 2; t++) {
        const cJSON *nm = get(c->exp, names[t]);
        const ts_label *l = t ? raw->sectors : raw->regions;
        for (int k = 0; k < cJSON_GetArraySize(nm); k++)
            assert_string_equal(l[k].name, cJSON_GetArrayItem(nm, k)->valuestring);
    }
    cJSON_Delete(made);
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
    int j = cc_find_industry(m, lab);
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
        cc_check_warnings(c->id, get(insp ? insp : exp, "warnings"), r.err);
    cc_check_not_mentioned(c->id, c->exp, r.err);
    if (r.exit_code == 2) {
        if (get(exp, "if_error"))
            cc_check_error(c->id, get(exp, "if_error"), r.err);
        else
            cc_check_error(c->id, get(exp, "error"), r.err);
        if (r.out[0])
            fail_msg("%s: nothing expected on stdout after an error; got:\n%s", c->id, r.out);
    } else {
        if (!strstr(r.out, "industries"))
            fail_msg("%s: inspect printed no report:\n%s", c->id, r.out);
        const cJSON *vals = get(exp, "values");
        if (!vals)
            vals = get(get(exp, "if_ok"), "values");
        if (cJSON_IsObject(vals) && (get(vals, "Z") || get(vals, "x")))
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
    while ((e = readdir(d)) && k < 120) {
        if (e->d_name[0] == '.')
            continue;
        char *p = ts_asprintf("%s/%s/expected.json", root, e->d_name);
        char *text = ts_read_file(p);
        free(p);
        cJSON *exp = text ? cJSON_Parse(text) : NULL;
        free(text);
        const char *fmt = cJSON_GetStringValue(get(exp, "format"));
        if (!fmt || !strcmp(fmt, "scenario")) {
            cJSON_Delete(exp);
            continue;
        }
        const cJSON *in;
        int used = 0, ninputs = 0;
        cJSON_ArrayForEach(in, get(exp, "inputs"))
            ninputs++;
        cJSON_ArrayForEach(in, get(exp, "inputs"))
        {
            tcase *c = &cases[k];
            snprintf(c->table, sizeof c->table, "%s/%s/%s", root, e->d_name, in->valuestring);
            size_t l = strlen(c->table);
            int csv = l > 4 && !strcmp(c->table + l - 4, ".csv");
            if (!ts_is_dir(c->table) && !csv)
                continue; /* a scenario file: covered by the scenario tests */
            const char *base = strrchr(in->valuestring, '/');
            if (ninputs > 1)
                snprintf(c->id, sizeof c->id, "%s:%s", e->d_name, base ? base + 1 : in->valuestring);
            else
                snprintf(c->id, sizeof c->id, "%s", e->d_name);
            c->exp = used++ ? cJSON_Duplicate(exp, 1) : exp;
            if (++k == 128)
                break;
        }
        if (!used)
            cJSON_Delete(exp);
    }
    closedir(d);
    qsort(cases, k, sizeof *cases, by_name);
    if (k < 25) {
        fprintf(stderr, "only %zu table cases found under %s\n", k, root);
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
