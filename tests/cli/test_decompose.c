/* run --decompose: the parts and the whole (decomposition.json, run.h ts_run_decompose).
 * - On a one-event scenario (case 16b) the event alone is the full run and the run
 *   without it has no event, hence no loss: alone = marginal = full, exactly.
 * - On the default scenario (90 days to keep the test short) the full loss is the
 *   summary's; China's c14 (electrical equipment) loss comes with the US tariff, not the
 *   rare-earth curbs (the observation); the report shows the section. */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"

static cJSON *read_json(const char *path)
{
    char *t = ts_read_file(path);
    assert_non_null(t);
    cJSON *j = cJSON_Parse(t);
    free(t);
    assert_non_null(j);
    return j;
}

static double arr(const cJSON *o, const char *key, int k)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItem(o, key), k)->valuedouble;
}

static void test_one_event_is_the_whole(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char *args = ts_asprintf("run '%s' -o '%s/o' --quiet --decompose",
                             ts_fixture("cases/16b-dynamic-export-ban/input/scenario.yaml"), dir);
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code)
        fail_msg("run --decompose: %s", r.err);
    char *p = ts_asprintf("%s/o/decomposition.json", dir), *q = ts_asprintf("%s/o/summary.json", dir);
    cJSON *d = read_json(p), *s = read_json(q);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(d, "events")), 1);
    const cJSON *w = cJSON_GetObjectItem(d, "world");
    double full = cJSON_GetObjectItem(w, "full_musd")->valuedouble;
    assert_true(full > 0);
    assert_true(full == cJSON_GetObjectItem(s, "total_output_loss_musd")->valuedouble);
    assert_true(arr(w, "alone_musd", 0) == full);
    assert_true(arr(w, "marginal_musd", 0) == full);
    cJSON_Delete(d), cJSON_Delete(s);
    free(p), free(q), free(args);
    ts_cmd_result_free(&r);
    ts_tmpdir_remove(dir);
}

static void test_default_china_c14_is_the_tariff(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char *args = ts_asprintf("run " TS_SOURCE_DIR "/scenarios/rare-earths-2025.yaml -o '%s/o' "
                             "--quiet --decompose --report --set horizon_days=90", dir);
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code)
        fail_msg("run --decompose: %s", r.err);
    char *p = ts_asprintf("%s/o/decomposition.json", dir), *q = ts_asprintf("%s/o/summary.json", dir);
    cJSON *d = read_json(p), *s = read_json(q);
    const cJSON *w = cJSON_GetObjectItem(d, "world"), *o, *evs = cJSON_GetObjectItem(d, "events");
    assert_true(cJSON_GetObjectItem(w, "full_musd")->valuedouble ==
                cJSON_GetObjectItem(s, "total_output_loss_musd")->valuedouble);
    int K = cJSON_GetArraySize(evs), tariff = -1;
    for (int k = 0; k < K; k++)
        if (!strcmp(cJSON_GetObjectItem(cJSON_GetArrayItem(evs, k), "type")->valuestring, "tariff"))
            tariff = k;
    assert_true(tariff >= 0);
    int found = 0;
    cJSON_ArrayForEach(o, cJSON_GetObjectItem(d, "industries")) {
        if (strcmp(cJSON_GetObjectItem(o, "region")->valuestring, "CHN") ||
            strcmp(cJSON_GetObjectItem(o, "sector")->valuestring, "c14"))
            continue;
        found = 1;
        double full = cJSON_GetObjectItem(o, "full_musd")->valuedouble;
        printf("CHN c14: full %.1f, tariff alone %.1f, tariff marginal %.1f M USD\n", full,
               arr(o, "alone_musd", tariff), arr(o, "marginal_musd", tariff));
        assert_true(full > 0);
        assert_true(arr(o, "marginal_musd", tariff) > 0.9 * full);
        assert_true(arr(o, "alone_musd", tariff) > 0.9 * full);
        for (int k = 0; k < K; k++) /* no rare-earth rule explains more than 10% of it */
            if (k != tariff)
                assert_true(fabs(arr(o, "marginal_musd", k)) < 0.1 * full);
    }
    assert_true(found);
    char *h = ts_asprintf("%s/o/report.html", dir), *html = ts_read_file(h);
    assert_non_null(strstr(html, "id=\"decomposition-table\""));
    assert_non_null(strstr(html, "data-chart=\"decomposition\""));
    assert_non_null(strstr(html, "<b>CHN c14</b>"));
    free(html), free(h);
    cJSON_Delete(d), cJSON_Delete(s);
    free(p), free(q), free(args);
    ts_cmd_result_free(&r);
    ts_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_event_is_the_whole),
        cmocka_unit_test(test_default_china_c14_is_the_tariff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
