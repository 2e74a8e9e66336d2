/* `tradeshock run` end to end: the default scenario, every scenario case of
 * tests/fixtures/cases (exit code, message, no results folder on error), and the
 * all-or-nothing results folder. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"

static cJSON *read_json(const char *path)
{
    char *t = ts_read_file(path);
    if (!t)
        return NULL;
    cJSON *j = cJSON_Parse(t);
    free(t);
    return j;
}

static void test_default_scenario(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char *args = ts_asprintf("run " TS_SOURCE_DIR "/scenarios/rare-earths-2025.yaml -o '%s/out'", dir);
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code != 0)
        fail_msg("exit %d: %s", r.exit_code, r.err);
    assert_non_null(strstr(r.out, "First stock-outs"));
    char *p = ts_asprintf("%s/out/summary.json", dir);
    cJSON *s = read_json(p);
    assert_non_null(s);
    assert_true(cJSON_GetObjectItem(s, "total_output_loss_musd")->valuedouble > 0);
    assert_non_null(cJSON_GetObjectItem(s, "by_region"));
    assert_non_null(cJSON_GetObjectItem(s, "by_industry"));
    assert_non_null(cJSON_GetObjectItem(s, "collapsed"));
    /* issue 6: the seed's four reporting groups, each with its first stock-out day (or
     * null) and its output loss in % */
    static const char *seed_groups[] = {"defence", "e-mobility", "consumer-electronics", "robotics"};
    cJSON *groups = cJSON_GetObjectItem(s, "groups");
    assert_non_null(groups);
    for (size_t g = 0; g < 4; g++) {
        cJSON *o = cJSON_GetObjectItem(groups, seed_groups[g]);
        if (!o)
            fail_msg("summary.json groups lacks '%s'", seed_groups[g]);
        cJSON *d = cJSON_GetObjectItem(o, "first_stockout_day");
        assert_true(cJSON_IsNumber(d) || cJSON_IsNull(d));
        assert_true(cJSON_IsNumber(cJSON_GetObjectItem(o, "output_loss_pct")));
    }
    assert_true(cJSON_IsArray(cJSON_GetObjectItem(s, "events_log")));
    cJSON *so = cJSON_GetObjectItem(s, "stockouts"), *it;
    int us = 0;
    cJSON_ArrayForEach(it, so) {
        if (!strcmp(cJSON_GetObjectItem(it, "region")->valuestring, "USA"))
            us++;
    }
    assert_true(us > 0);
    cJSON_Delete(s);
    free(p);
    p = ts_asprintf("%s/out/timeseries.csv", dir);
    char *ts = ts_read_file(p);
    assert_non_null(ts);
    assert_true(!strncmp(ts, "day,date,region,sector,input,partner,variable,value,unit\n", 57));
    assert_non_null(strstr(ts, ",MAG,,inventory_days,"));
    /* trade of the restricted product by partner: Japan's MAG deliveries to the US rise
     * when China's are cut (rerouting, issue 6). Day 60: the US defence parts buy no
     * Chinese magnets (DFARS, issue 11), so the rerouting starts with the civil buyers'
     * shortfalls, about a month in. */
    double jpn0 = -1, jpn20 = -1;
    const char *key = ",JPN,,MAG,USA,exports,";
    for (char *hit = strstr(ts, key); hit; hit = strstr(hit + 1, key)) {
        char *bol = hit;
        while (bol > ts && bol[-1] != '\n')
            bol--;
        int day = atoi(bol); /* the line starts with the day */
        if (day == 0)
            jpn0 = atof(hit + strlen(key));
        if (day == 60)
            jpn20 = atof(hit + strlen(key));
    }
    printf("JPN -> USA MAG deliveries: day 0 %.6g, day 60 %.6g M USD/day\n", jpn0, jpn20);
    assert_true(jpn0 > 0 && jpn20 > jpn0);
    free(ts);
    free(p);
    p = ts_asprintf("%s/out/stockouts.csv", dir);
    char *st = ts_read_file(p);
    assert_non_null(st);
    assert_true(!strncmp(st, "region,sector,input,first_day,last_day,min_days_of_cover", 56));
    free(st);
    free(p);
    ts_cmd_result_free(&r);
    free(args);
    ts_tmpdir_remove(dir);
}

/* The truce variant loses less than the escalation. (Since the rare-earth chain with
 * trade-based origins, issue 11, the military end-use ban that outlasts the truce binds on
 * the US defence parts, so the truce no longer recovers fully within the horizon.) */
static void test_truce_loses_less(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    double loss[2];
    cJSON *rec = NULL;
    const char *names[2] = {"rare-earths-2025", "rare-earths-2025-truce"};
    for (int k = 0; k < 2; k++) {
        char *args = ts_asprintf("run " TS_SOURCE_DIR "/scenarios/%s.yaml -o '%s/%d' --quiet", names[k], dir, k);
        ts_cmd_result r = ts_run_cli(args);
        if (r.exit_code != 0)
            fail_msg("%s: exit %d: %s", names[k], r.exit_code, r.err);
        char *p = ts_asprintf("%s/%d/summary.json", dir, k);
        cJSON *s = read_json(p);
        assert_non_null(s);
        loss[k] = cJSON_GetObjectItem(s, "total_output_loss_musd")->valuedouble;
        if (k == 1)
            rec = cJSON_Duplicate(cJSON_GetObjectItem(s, "recovery_day"), 1);
        cJSON_Delete(s);
        free(p);
        free(args);
        ts_cmd_result_free(&r);
    }
    printf("world output loss: escalation %.0f M USD, truce %.0f M USD\n", loss[0], loss[1]);
    assert_true(loss[1] < loss[0]);
    /* a day, or null: with the sourced timeline (issue 13) the truce's daily world loss
     * may never reach the 0.1% that recovery_day measures from */
    assert_true(cJSON_IsNumber(rec) || cJSON_IsNull(rec));
    cJSON_Delete(rec);
    ts_tmpdir_remove(dir);
}

static void test_16b_via_cli(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char *args = ts_asprintf("run '%s' -o '%s/out'", ts_fixture("cases/16b-dynamic-export-ban/input/scenario.yaml"), dir);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    char *p = ts_asprintf("%s/out/stockouts.csv", dir);
    char *st = ts_read_file(p);
    assert_non_null(st);
    /* expected.json: first constrained day 13 for (BBB, MAT, input MAT) */
    assert_non_null(strstr(st, "\nBBB,MAT,MAT,13,"));
    free(st);
    free(p);
    ts_cmd_result_free(&r);
    free(args);
    ts_tmpdir_remove(dir);
}

/* run --set: case 16b by hand (case.md) with other values: the stock of MAT at the start
 * of day b+k is 10 - k after a ban from day b. psi 0.55 -> threshold 5.5 -> first cut at
 * k = 5 (day 15); ban from day 20 (psi 0.75, threshold 7.5) -> k = 3 (day 23). */
static void test_set_overrides(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    const char *sets[] = {"--set parameters.psi=0.55", "--set 'events[0].start=20'"};
    const char *want[] = {"\nBBB,MAT,MAT,15,", "\nBBB,MAT,MAT,23,"};
    for (int i = 0; i < 2; i++) {
        char *args = ts_asprintf("run '%s' -o '%s/out%d' --quiet %s",
                                 ts_fixture("cases/16b-dynamic-export-ban/input/scenario.yaml"),
                                 dir, i, sets[i]);
        ts_cmd_result r = ts_run_cli(args);
        assert_int_equal(r.exit_code, 0);
        char *p = ts_asprintf("%s/out%d/stockouts.csv", dir, i);
        char *st = ts_read_file(p);
        assert_non_null(st);
        assert_non_null(strstr(st, want[i]));
        free(st);
        free(p);
        ts_cmd_result_free(&r);
        free(args);
    }
    char *args = ts_asprintf("run '%s' -o '%s/bad' --set parameters.psi=1.5",
                             ts_fixture("cases/16b-dynamic-export-ban/input/scenario.yaml"), dir);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "override parameters.psi=1.5"));
    ts_cmd_result_free(&r);
    free(args);
    r = ts_run_cli("run --set nothing");
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "PATH=VALUE"));
    ts_cmd_result_free(&r);
    ts_tmpdir_remove(dir);
}

/* Every scenario case: exit code as expected.json says; on error, the message names
 * the key path/line/values and no results folder is left behind. */
static void test_scenario_cases(void **state)
{
    (void)state;
    DIR *d = opendir(ts_fixture("cases"));
    assert_non_null(d);
    struct dirent *e;
    int seen = 0;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, "17", 2) != 0)
            continue;
        char *exp = ts_asprintf("%s/cases/%s/expected.json", TS_FIXTURES, e->d_name);
        cJSON *j = read_json(exp);
        assert_non_null(j);
        int code = cJSON_GetObjectItem(j, "exit_code")->valueint;
        char *dir = ts_tmpdir();
        char *args = ts_asprintf("run '%s/cases/%s/input/scenario.yaml' -o '%s/out'", TS_FIXTURES,
                                 e->d_name, dir);
        ts_cmd_result r = ts_run_cli(args);
        if (r.exit_code != code)
            fail_msg("%s: exit %d, expected %d; stderr: %s", e->d_name, r.exit_code, code, r.err);
        char *out = ts_asprintf("%s/out", dir);
        if (code != 0) {
            assert_false(ts_path_exists(out));
            cJSON *err = cJSON_GetObjectItem(j, "error"), *m;
            cJSON_ArrayForEach(m, cJSON_GetObjectItem(err, "must_mention")) {
                if (!strstr(r.err, m->valuestring))
                    fail_msg("%s: message lacks '%s': %s", e->d_name, m->valuestring, r.err);
            }
            cJSON *line = cJSON_GetObjectItem(err, "line");
            if (cJSON_IsNumber(line)) {
                char buf[32];
                snprintf(buf, sizeof buf, ":%d", line->valueint);
                if (!strstr(r.err, buf))
                    fail_msg("%s: message lacks line %d: %s", e->d_name, line->valueint, r.err);
            }
            /* no temporary folder left either */
            DIR *dd = opendir(dir);
            struct dirent *f;
            int extra = 0;
            while ((f = readdir(dd)))
                extra += f->d_name[0] != '.';
            closedir(dd);
            assert_int_equal(extra, 0);
        } else {
            assert_true(ts_path_exists(out));
        }
        seen++;
        free(out);
        ts_cmd_result_free(&r);
        free(args);
        ts_tmpdir_remove(dir);
        free(exp);
        cJSON_Delete(j);
    }
    closedir(d);
    assert_true(seen >= 14);
}

static void test_bad_invocations(void **state)
{
    (void)state;
    ts_cmd_result r = ts_run_cli("run /nonexistent/scenario.yaml -o /tmp/never-written");
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "/nonexistent/scenario.yaml"));
    ts_cmd_result_free(&r);
    r = ts_run_cli("run --bogus");
    assert_int_equal(r.exit_code, 2);
    ts_cmd_result_free(&r);
    r = ts_run_cli("frobnicate");
    assert_int_equal(r.exit_code, 2);
    ts_cmd_result_free(&r);
    r = ts_run_cli("run " TS_SOURCE_DIR "/scenarios/rare-earths-2025.yaml --table /nonexistent/table -o /tmp/never");
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "/nonexistent/table"));
    ts_cmd_result_free(&r);
}

static char *scenario_file(const char *dir, const char *body)
{
    char *p = ts_asprintf("%s/s.yaml", dir);
    FILE *f = fopen(p, "w");
    fprintf(f, "name: t\ntable: %s\nstart_date: 2025-01-01\nhorizon_days: 20\n%s",
            ts_fixture("cases/00-base-valid-2r2s/input"), body);
    fclose(f);
    return p;
}

/* Found by a first user: -o never deletes what is not a results folder; inputs that
 * used to exhaust memory or overflow are refused as bad input (exit 2). */
static void test_first_user_findings(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char *scen = scenario_file(dir, "events: []\n");
    /* a folder with other files, and a plain file: refused, left as they were */
    char *keep = ts_asprintf("%s/keep", dir), *kf = ts_asprintf("%s/keep/mine.txt", dir);
    ts_mkdir_p(keep);
    FILE *f = fopen(kf, "w");
    fputs("precious\n", f);
    fclose(f);
    char *args = ts_asprintf("run '%s' -o '%s' --quiet", scen, keep);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "not a tradeshock results folder"));
    assert_true(ts_path_exists(kf));
    ts_cmd_result_free(&r);
    free(args);
    args = ts_asprintf("run '%s' -o '%s' --quiet", scen, kf);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    char *txt = ts_read_file(kf);
    assert_string_equal(txt, "precious\n");
    free(txt);
    ts_cmd_result_free(&r);
    free(args);
    /* a results folder of ours is replaced */
    char *out = ts_asprintf("%s/out", dir);
    for (int k = 0; k < 2; k++) {
        args = ts_asprintf("run '%s' -o '%s' --quiet", scen, out);
        r = ts_run_cli(args);
        assert_int_equal(r.exit_code, 0);
        ts_cmd_result_free(&r);
        free(args);
    }
    free(scen);
    /* nested aliases ("billion laughs"), a huge demand change, a huge alpha_max */
    static const char *bad[] = {
        "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\na1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]\n"
        "a2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]\n"
        "a3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]\n"
        "a4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]\n"
        "a5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]\n"
        "a6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]\n",
        "events:\n  - type: demand_change\n    share: 1e308\n    start: 0\n",
        "parameters:\n  alpha_max: 1e6\n"};
    for (size_t k = 0; k < 3; k++) {
        scen = scenario_file(dir, bad[k]);
        args = ts_asprintf("run '%s' -o '%s/bad%zu' --quiet", scen, dir, k);
        r = ts_run_cli(args);
        if (r.exit_code != 2)
            fail_msg("case %zu: exit %d: %s", k, r.exit_code, r.err);
        ts_cmd_result_free(&r);
        free(args);
        free(scen);
    }
    free(out);
    free(keep);
    free(kf);
    ts_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_scenario),
        cmocka_unit_test(test_truce_loses_less),
        cmocka_unit_test(test_16b_via_cli),
        cmocka_unit_test(test_set_overrides),
        cmocka_unit_test(test_scenario_cases),
        cmocka_unit_test(test_bad_invocations),
        cmocka_unit_test(test_first_user_findings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
