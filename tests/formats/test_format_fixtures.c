/* Format fixtures (tests/fixtures/formats/<layout>/<variant>/, made by make_fixtures.py):
 * the same small table in every layout (native, pymrio, OECD ICIO 2021 and 2023, WIOD),
 * and the same faults in every layout (NaN, Inf, empty and non-numeric cells, ragged row,
 * duplicate row and column labels, missing file) plus the CSV dialect variants (BOM + CRLF,
 * no final newline) and format-specific ones. For each fixture:
 * - `tradeshock inspect` exits 0 (ok) or 2 (error); an error is one line naming the file,
 *   line and column given in expected.json; warnings as expected.json says;
 * - `tradeshock convert` exits the same way and writes nothing on error;
 * - a table that loads gives arrays identical to the native base table (same_as), and
 *   read -> write native -> read gives identical arrays and labels (round trip). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "../cases/case_checks.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fcase {
    char id[600];
    char input[2048];
    cJSON *exp;
} fcase;

static ts_status read_raw(const char *path, ts_mrio **m, ts_error *err)
{
    ts_mrio_format f;
    ts_status st = ts_mrio_detect_format(path, &f, err);
    if (st)
        return st;
    if (f == TS_FORMAT_PYMRIO)
        return ts_mrio_read_pymrio(path, NULL, m, err);
    if (f == TS_FORMAT_ICIO)
        return ts_mrio_read_icio(path, NULL, m, err);
    if (f == TS_FORMAT_WIOD)
        return ts_mrio_read_wiod(path, NULL, m, err);
    return ts_mrio_read_native(path, NULL, m, err);
}

static void same_as_base(const fcase *c, const char *how)
{
    ts_error err;
    ts_mrio *a = NULL, *b = NULL;
    if (ts_mrio_read(c->input, NULL, &a, &err))
        fail_msg("%s: %s", c->id, err.msg);
    if (ts_mrio_read(ts_fixture("formats/native/base/input"), NULL, &b, &err))
        fail_msg("base: %s", err.msg);
    const cJSON *tol = cc_get(c->exp, "tolerance");
    cc_same_arrays(c->id, a, b, cJSON_IsNumber(tol) ? tol->valuedouble : 0);
    if (!strcmp(how, "base") || !strcmp(how, "base_regions_renamed")) {
        cc_same_codes(c->id, "sector", a->sectors, b->sectors, a->S);
        cc_same_codes(c->id, "final-demand category", a->fd_cats, b->fd_cats, a->F);
    }
    if (!strcmp(how, "base"))
        cc_same_codes(c->id, "region", a->regions, b->regions, a->R);
    const cJSON *regs = cc_get(c->exp, "regions");
    for (int k = 0; k < cJSON_GetArraySize(regs); k++)
        assert_string_equal(a->regions[k].code, cJSON_GetArrayItem(regs, k)->valuestring);
    ts_mrio_free(a);
    ts_mrio_free(b);
}

/* Raw read, write native, read native: identical arrays and labels. */
static void round_trip(const fcase *c)
{
    ts_error err;
    ts_mrio *a = NULL, *b = NULL;
    if (read_raw(c->input, &a, &err))
        fail_msg("%s: %s", c->id, err.msg);
    char *tmp = ts_tmpdir();
    char *out = ts_asprintf("%s/t", tmp);
    if (ts_mrio_write_native(a, out, &err) || ts_mrio_read_native(out, NULL, &b, &err))
        fail_msg("%s: round trip: %s", c->id, err.msg);
    cc_same_arrays(c->id, b, a, 0);
    const ts_label *la[] = {a->regions, a->sectors, a->fd_cats};
    const ts_label *lb[] = {b->regions, b->sectors, b->fd_cats};
    size_t k[] = {a->R, a->S, a->F};
    for (int d = 0; d < 3; d++)
        for (size_t i = 0; i < k[d]; i++) {
            assert_string_equal(la[d][i].code, lb[d][i].code);
            assert_string_equal(la[d][i].name, lb[d][i].name);
        }
    free(out);
    ts_tmpdir_remove(tmp);
    ts_mrio_free(a);
    ts_mrio_free(b);
}

/* `convert` exits like `inspect`; on error nothing is written; else the written folder
 * holds the checked table. */
static void convert(const fcase *c, int want)
{
    char *tmp = ts_tmpdir();
    char *out = ts_asprintf("%s/out", tmp);
    char *args = ts_asprintf("convert '%s' -o '%s'", c->input, out);
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code != want)
        fail_msg("%s: convert exit %d, expected %d; stderr:\n%s", c->id, r.exit_code, want, r.err);
    if (want && ts_path_exists(out))
        fail_msg("%s: convert failed but wrote %s", c->id, out);
    if (!want) {
        ts_error err;
        ts_mrio *a = NULL, *b = NULL;
        if (ts_mrio_read(c->input, NULL, &a, &err) || ts_mrio_read_native(out, NULL, &b, &err))
            fail_msg("%s: %s", c->id, err.msg);
        cc_same_arrays(c->id, b, a, 0);
        ts_mrio_free(a);
        ts_mrio_free(b);
    }
    ts_cmd_result_free(&r);
    free(args);
    free(out);
    ts_tmpdir_remove(tmp);
}

static void run_fixture(void **state)
{
    const fcase *c = *state;
    const char *expect = cJSON_GetStringValue(cc_get(c->exp, "expect"));
    int want = expect && !strcmp(expect, "error") ? 2 : 0;
    char *args = ts_asprintf("inspect '%s'", c->input);
    ts_cmd_result r = ts_run_cli(args);
    free(args);
    if (r.exit_code != want)
        fail_msg("%s: inspect exit %d, expected %d; stderr:\n%s", c->id, r.exit_code, want,
                 r.err);
    if (want) {
        cc_check_error(c->id, cc_get(c->exp, "error"), r.err);
        if (r.out[0])
            fail_msg("%s: nothing expected on stdout after an error; got:\n%s", c->id, r.out);
    } else {
        cc_check_warnings(c->id, cc_get(c->exp, "warnings"), r.err);
        const cJSON *s;
        cJSON_ArrayForEach(s, cc_get(c->exp, "notes_must_mention"))
            cc_contains(r.err, s->valuestring, "the notes", c->id);
        const char *how = cJSON_GetStringValue(cc_get(c->exp, "same_as"));
        if (how)
            same_as_base(c, how);
        round_trip(c);
    }
    convert(c, want);
    ts_cmd_result_free(&r);
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const fcase *)a)->id, ((const fcase *)b)->id);
}

int main(void)
{
    char root[1024];
    snprintf(root, sizeof root, "%s/formats", TS_FIXTURES);
    size_t cap = 256, k = 0;
    fcase *cases = calloc(cap, sizeof *cases);
    DIR *d = opendir(root);
    if (!d || !cases) {
        fprintf(stderr, "cannot open %s\n", root);
        return 1;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        char *ldir = ts_asprintf("%s/%s", root, e->d_name);
        DIR *v = e->d_name[0] != '.' && ts_is_dir(ldir) ? opendir(ldir) : NULL;
        struct dirent *f;
        while (v && (f = readdir(v)) && k < cap) {
            char *p = ts_asprintf("%s/%s/expected.json", ldir, f->d_name);
            char *text = f->d_name[0] != '.' ? ts_read_file(p) : NULL;
            cJSON *exp = text ? cJSON_Parse(text) : NULL;
            const char *in = cJSON_GetStringValue(cc_get(exp, "input"));
            if (in) {
                snprintf(cases[k].id, sizeof cases[k].id, "%s/%s", e->d_name, f->d_name);
                snprintf(cases[k].input, sizeof cases[k].input, "%s/%s/%s", ldir, f->d_name, in);
                cases[k++].exp = exp;
            } else {
                cJSON_Delete(exp);
            }
            free(text);
            free(p);
        }
        if (v)
            closedir(v);
        free(ldir);
    }
    closedir(d);
    qsort(cases, k, sizeof *cases, by_id);
    if (k < 60) {
        fprintf(stderr, "only %zu format fixtures found under %s\n", k, root);
        return 1;
    }
    struct CMUnitTest *tests = calloc(k, sizeof *tests);
    for (size_t t = 0; t < k; t++) {
        tests[t].name = cases[t].id;
        tests[t].test_func = run_fixture;
        tests[t].initial_state = &cases[t];
    }
    int rc = _cmocka_run_group_tests("format_fixtures", tests, k, NULL, NULL);
    for (size_t t = 0; t < k; t++)
        cJSON_Delete(cases[t].exp);
    free(tests);
    free(cases);
    return rc;
}
