/* Conformance of the readers: every native table case that loads (tests/fixtures/cases,
 * without a v.csv, which only the native layout has) is written as a pymrio text folder, an
 * OECD ICIO csv in the 2021 and the 2023 conventions and a WIOD folder (Z split in two row
 * parts), and read back through each reader. Each must give arrays bit-identical to the
 * native reader's (before and after the checks), the same labels, and `tradeshock inspect`
 * must exit with the same code and print exactly the same diagnostics. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "../cases/case_checks.h"
#include "fmt_writers.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ccase {
    char id[256];
    char table[2048];
} ccase;

static const char *const LAYOUTS[] = {"pymrio", "icio2021", "icio2023", "wiod"};

static ts_status read_raw(const char *path, ts_mrio_format f, ts_mrio **m, ts_error *err)
{
    if (f == TS_FORMAT_PYMRIO)
        return ts_mrio_read_pymrio(path, NULL, m, err);
    if (f == TS_FORMAT_ICIO)
        return ts_mrio_read_icio(path, NULL, m, err);
    if (f == TS_FORMAT_WIOD)
        return ts_mrio_read_wiod(path, NULL, m, err);
    return ts_mrio_read_native(path, NULL, m, err);
}

static void same_labels(const char *id, const ts_mrio *a, const ts_mrio *b)
{
    cc_same_codes(id, "region", a->regions, b->regions, a->R);
    cc_same_codes(id, "sector", a->sectors, b->sectors, a->S);
    cc_same_codes(id, "final-demand category", a->fd_cats, b->fd_cats, a->F);
}

static void run_case(void **state)
{
    const ccase *c = *state;
    ts_error err;
    ts_mrio *raw = NULL, *chk = NULL;
    if (ts_mrio_read_native(c->table, NULL, &raw, &err) ||
        ts_mrio_read(c->table, NULL, &chk, &err))
        fail_msg("%s: %s", c->id, err.msg);
    char *args = ts_asprintf("inspect '%s'", c->table);
    ts_cmd_result r0 = ts_run_cli(args);
    free(args);
    char *tmp = ts_tmpdir();
    for (size_t l = 0; l < sizeof LAYOUTS / sizeof LAYOUTS[0]; l++) {
        const char *lay = LAYOUTS[l];
        char id[512];
        snprintf(id, sizeof id, "%s as %s", c->id, lay);
        char *path;
        ts_mrio_format f;
        if (!strcmp(lay, "pymrio")) {
            path = ts_asprintf("%s/pymrio", tmp);
            fw_pymrio(raw, path);
            f = TS_FORMAT_PYMRIO;
        } else if (!strncmp(lay, "icio", 4)) {
            path = ts_asprintf("%s/%s.csv", tmp, lay);
            fw_icio(raw, path, !strcmp(lay, "icio2021") ? 2021 : 2023);
            f = TS_FORMAT_ICIO;
        } else {
            path = ts_asprintf("%s/wiod", tmp);
            fw_wiod(raw, path);
            f = TS_FORMAT_WIOD;
        }
        ts_mrio_format det = TS_FORMAT_AUTO;
        assert_int_equal(ts_mrio_detect_format(path, &det, &err), TS_OK);
        assert_int_equal(det, f);
        ts_mrio *a = NULL, *b = NULL;
        if (read_raw(path, f, &a, &err))
            fail_msg("%s: %s", id, err.msg);
        cc_same_arrays(id, a, raw, 0);
        same_labels(id, a, raw);
        if (ts_mrio_read(path, NULL, &b, &err))
            fail_msg("%s: %s", id, err.msg);
        cc_same_arrays(id, b, chk, 0);
        args = ts_asprintf("inspect '%s'", path);
        ts_cmd_result r = ts_run_cli(args);
        free(args);
        if (r.exit_code != r0.exit_code)
            fail_msg("%s: inspect exit %d, native %d; stderr:\n%s", id, r.exit_code,
                     r0.exit_code, r.err);
        if (strcmp(r.err, r0.err))
            fail_msg("%s: diagnostics differ from the native reader's.\n%s:\n%s\nnative:\n%s",
                     id, lay, r.err, r0.err);
        ts_cmd_result_free(&r);
        ts_mrio_free(a);
        ts_mrio_free(b);
        free(path);
    }
    ts_tmpdir_remove(tmp);
    ts_cmd_result_free(&r0);
    ts_mrio_free(raw);
    ts_mrio_free(chk);
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const ccase *)a)->id, ((const ccase *)b)->id);
}

int main(void)
{
    char root[1024];
    snprintf(root, sizeof root, "%s/cases", TS_FIXTURES);
    DIR *d = opendir(root);
    ccase *cases = calloc(128, sizeof *cases);
    if (!d || !cases)
        return 1;
    size_t k = 0;
    struct dirent *e;
    while ((e = readdir(d)) && k < 128) {
        if (e->d_name[0] == '.')
            continue;
        /* the table folder of the case: input/ or input/table/ */
        const char *subs[] = {"input", "input/table"};
        for (int s = 0; s < 2; s++) {
            char *t = ts_asprintf("%s/%s/%s", root, e->d_name, subs[s]);
            char *z = ts_asprintf("%s/Z.csv", t);
            ts_error err;
            ts_mrio *m = NULL;
            int ok = ts_path_exists(z) && !ts_mrio_read_native(t, NULL, &m, &err) &&
                     !m->has_v_file;
            ts_mrio_free(m);
            if (ok) {
                snprintf(cases[k].id, sizeof cases[k].id, "%s", e->d_name);
                snprintf(cases[k].table, sizeof cases[k].table, "%s", t);
                k++;
            }
            free(z);
            free(t);
            if (ok)
                break;
        }
    }
    closedir(d);
    qsort(cases, k, sizeof *cases, by_id);
    if (k < 12) {
        fprintf(stderr, "only %zu loadable native table cases under %s\n", k, root);
        return 1;
    }
    struct CMUnitTest *tests = calloc(k, sizeof *tests);
    for (size_t t = 0; t < k; t++) {
        tests[t].name = cases[t].id;
        tests[t].test_func = run_case;
        tests[t].initial_state = &cases[t];
    }
    int rc = _cmocka_run_group_tests("reader_conformance", tests, k, NULL, NULL);
    free(tests);
    free(cases);
    return rc;
}
