/* Scenario cases (tests/fixtures/cases/<case>/input/scenario.yaml): every case folder
 * with a scenario is parsed, its table path checked the way the CLI does, its table
 * loaded with ts_mrio_read() and the scenario resolved against it; the outcome is
 * compared with the case's expected.json (status, exit code, line, key path, the
 * strings the message must mention). Golden values come only from expected.json. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/util.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"

/* 1 if @p msg contains the number @p v as a whole token (not inside a longer number). */
static int mentions_number(const char *msg, long v)
{
    char num[32];
    snprintf(num, sizeof num, "%ld", v);
    size_t l = strlen(num);
    for (const char *p = strstr(msg, num); p; p = strstr(p + 1, num)) {
        int before = (p > msg) && isdigit((unsigned char)p[-1]);
        int after = isdigit((unsigned char)p[l]);
        if (!before && !after)
            return 1;
    }
    return 0;
}

/* What the CLI does between parse and resolve: the table must exist (key `table`). */
static ts_status load_and_resolve(ts_scenario *sc, ts_error *err)
{
    if (!ts_path_exists(sc->table_path))
        return ts_error_set(err, TS_ERR_INPUT, sc->file, sc->table_line, 0, "table",
                            "table '%s' not found (resolved to '%s', relative to the scenario "
                            "file's folder)",
                            sc->table, sc->table_path);
    ts_mrio *m = NULL;
    ts_status st = ts_mrio_read(sc->table_path, NULL, &m, err);
    if (st) {
        print_error("table %s did not load: %s\n", sc->table_path, err->msg);
        return st;
    }
    st = ts_scenario_resolve(sc, m, err);
    if (!st) {
        /* resolved lists must be usable by the simulation */
        for (size_t e = 0; e < sc->n_events; e++) {
            const ts_event *ev = &sc->events[e];
            if (ev->type == TS_EVENT_EXPORT_RESTRICTION) {
                assert_true(ev->from.n_idx > 0 && ev->to.n_idx > 0 && ev->products.n_idx > 0);
                for (size_t a = 0; a < ev->from.n_idx; a++)
                    for (size_t b = 0; b < ev->to.n_idx; b++)
                        assert_int_not_equal(ev->from.idx[a], ev->to.idx[b]);
            }
        }
        size_t s;
        for (s = 0; s < m->S; s++)
            assert_true(sc->params.inventory_days_by_product[s] > 0);
    }
    ts_mrio_free(m);
    return st;
}

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void run_case(void **state)
{
    const char *name = *state;
    char rel[512];
    snprintf(rel, sizeof rel, "cases/%s/expected.json", name);
    char *text = ts_read_file(ts_fixture(rel));
    assert_non_null(text);
    cJSON *exp = cJSON_Parse(text);
    free(text);
    assert_non_null(exp);

    /* the scenario named in inputs (default input/scenario.yaml) */
    char yrel[512];
    snprintf(yrel, sizeof yrel, "cases/%s/input/scenario.yaml", name);
    const cJSON *inputs = cJSON_GetObjectItemCaseSensitive(exp, "inputs"), *in;
    cJSON_ArrayForEach(in, inputs)
    {
        if (cJSON_IsString(in) && strstr(in->valuestring, ".yaml"))
            snprintf(yrel, sizeof yrel, "cases/%s/%s", name, in->valuestring);
    }
    char *ypath = ts_strdup(ts_fixture(yrel));

    ts_scenario *sc = NULL;
    ts_error err;
    ts_status st = ts_scenario_parse(ypath, &sc, &err);
    if (st == TS_OK) {
        assert_non_null(sc);
        st = load_and_resolve(sc, &err);
    } else {
        assert_null(sc);
    }
    if (st)
        print_message("[%s] %s\n", name, err.msg);

    const char *expect = jstr(exp, "expect");
    assert_non_null(expect);
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(exp, "exit_code");
    if (strcmp(expect, "ok") == 0 || strcmp(expect, "ok-with-warning") == 0) {
        assert_int_equal(st, TS_OK);
    } else if (strcmp(expect, "error") == 0) {
        assert_int_equal(st, TS_ERR_INPUT);
        if (cJSON_IsNumber(code))
            assert_int_equal(ts_status_exit_code(st), code->valueint);
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(exp, "error");
        assert_non_null(e);
        const char *file = jstr(e, "file");
        if (file) {
            assert_non_null(strstr(err.msg, file));
            assert_non_null(strstr(err.file, file));
        }
        const cJSON *line = cJSON_GetObjectItemCaseSensitive(e, "line");
        if (cJSON_IsNumber(line)) {
            assert_int_equal(err.line, (long)line->valuedouble);
            assert_true(mentions_number(err.msg, (long)line->valuedouble));
        }
        const char *key = jstr(e, "key_path");
        const char *ptr = jstr(e, "json_pointer");
        if (key) {
            assert_true(strcmp(err.key, key) == 0 || (ptr && strcmp(err.key, ptr) == 0));
            assert_true(strstr(err.msg, key) != NULL || (ptr && strstr(err.msg, ptr)));
        }
        const cJSON *mm = cJSON_GetObjectItemCaseSensitive(e, "must_mention"), *s;
        cJSON_ArrayForEach(s, mm)
        {
            if (!strstr(err.msg, s->valuestring))
                fail_msg("[%s] message lacks '%s': %s", name, s->valuestring, err.msg);
        }
        const cJSON *lines = cJSON_GetObjectItemCaseSensitive(e, "lines"), *l;
        cJSON_ArrayForEach(l, lines)
        {
            if (!mentions_number(err.msg, (long)l->valuedouble))
                fail_msg("[%s] message lacks line %d: %s", name, l->valueint, err.msg);
        }
    } else {
        fail_msg("[%s] unhandled expectation '%s'", name, expect);
    }
    ts_scenario_free(sc);
    free(ypath);
    cJSON_Delete(exp);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    /* every case folder that has input/scenario.yaml */
    char *dir = ts_strdup(ts_fixture("cases"));
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "cannot open %s\n", dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char *y = ts_asprintf("%s/%s/input/scenario.yaml", dir, de->d_name);
        char *j = ts_asprintf("%s/%s/expected.json", dir, de->d_name);
        if (ts_path_exists(y) && ts_path_exists(j)) {
            names = realloc(names, (n + 1) * sizeof *names);
            names[n++] = ts_strdup(de->d_name);
        }
        free(y);
        free(j);
    }
    closedir(d);
    free(dir);
    qsort(names, n, sizeof *names, by_name);
    /* the cases this test was written for must all be there */
    static const char *const required[] = {"03-", "16a-", "16b-", "17a-", "17b-", "17c-",
                                           "17d-", "17e-", "17f-", "17g-", "17h-", "17i-",
                                           "17j-", "17k-", "17l-", "17m-", "17n-"};
    for (size_t r = 0; r < sizeof required / sizeof *required; r++) {
        size_t i;
        for (i = 0; i < n && strncmp(names[i], required[r], strlen(required[r])) != 0; i++)
            ;
        if (i == n) {
            fprintf(stderr, "scenario case %s* is missing from %s\n", required[r],
                    ts_fixture("cases"));
            return 1;
        }
    }
    struct CMUnitTest *tests = calloc(n ? n : 1, sizeof *tests);
    for (size_t i = 0; i < n; i++) {
        tests[i].name = names[i];
        tests[i].test_func = run_case;
        tests[i].initial_state = names[i];
    }
    int rc = n ? _cmocka_run_group_tests("scenario_cases", tests, n, NULL, NULL) : 1;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(tests);
    return rc;
}
