/* tradeshock calibrate SCENARIO --param PATH[,PATH...]=LO:HI[:int] ... [-n N] [--lhs M]
 *                      [--seed K] [-o DIR] [--set PATH=VALUE]... [--observations FILE]
 *                      [--table DIR] [--threads N] [--quiet] */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/csvout.h"
#include "core/util.h"
#include "tradeshock/history.h"
#include "tradeshock/override.h"
#include "tradeshock/report.h"
#include "tradeshock/sim.h"

#define MAX_PARAMS 32
#define MAX_PATHS 256

static void usage(FILE *f)
{
    fputs("usage: tradeshock calibrate SCENARIO --param PATH[,PATH...]=LO:HI[:int] ...\n"
          "                            [-n N] [--lhs M] [--seed K] [-o DIR] [--set PATH=VALUE]...\n"
          "                            [--observations FILE] [--table DIR] [--threads N] [--quiet]\n"
          "\n"
          "Search the parameters named by --param (key paths as in --set; several paths joined\n"
          "by ',' take the same value; ':int' rounds to whole numbers) within LO:HI for the\n"
          "lowest backtest score of SCENARIO against its observations: a Latin hypercube of M\n"
          "points (default max(d+1, N/2); Philox keyed by --seed, default 1), then Nelder-Mead\n"
          "from the d+1 best, N runs in all (default 60). Writes DIR (default\n"
          "results/<name>-calibration/): calibration.csv (every point tried), calibration.json\n"
          "(best values, score, method), and the best point's run with backtest.csv and\n"
          "report.html (\"Model vs observed\", \"Calibration\").\n",
          f);
}

typedef struct cal_args {
    ts_calib_param p[MAX_PARAMS];
    char *text[MAX_PARAMS];          /* the --param argument as given */
    const char *paths[MAX_PATHS];
    size_t d, np;
} cal_args;

static int parse_param(cal_args *ca, char *arg)
{
    if (ca->d == MAX_PARAMS) {
        fprintf(stderr, "tradeshock: error: calibrate: at most %d --param\n", MAX_PARAMS);
        return 2;
    }
    ca->text[ca->d] = ts_strdup(arg);
    char *eq = strrchr(arg, '=');
    ts_calib_param *p = &ca->p[ca->d];
    char *end = NULL;
    if (!eq || eq == arg)
        goto bad;
    *eq = 0;
    p->lo = strtod(eq + 1, &end);
    if (end == eq + 1 || *end != ':')
        goto bad;
    char *h = end + 1;
    p->hi = strtod(h, &end);
    if (end == h || (*end && strcmp(end, ":int")))
        goto bad;
    p->integer = !strcmp(end, ":int");
    if (!(p->lo < p->hi) || !isfinite(p->lo) || !isfinite(p->hi)) {
        fprintf(stderr, "tradeshock: error: calibrate: --param '%s': the range must have "
                        "LO < HI, both finite\n", ca->text[ca->d]);
        return 2;
    }
    p->paths = ca->paths + ca->np;
    for (char *s = arg, *c; s; s = c ? c + 1 : NULL) {
        c = strchr(s, ',');
        if (c)
            *c = 0;
        ts_error e;
        if (!*s || ts_override_check_path(s, &e)) {
            fprintf(stderr, "tradeshock: error: calibrate: --param '%s': '%s' is not a key "
                            "path (e.g. parameters.psi)\n", ca->text[ca->d], s);
            return 2;
        }
        if (ca->np == MAX_PATHS)
            goto bad;
        ca->paths[ca->np++] = s;
        p->n_paths++;
    }
    ca->d++;
    return 0;
bad:
    fprintf(stderr, "tradeshock: error: calibrate: --param '%s': expected "
                    "PATH[,PATH...]=LO:HI[:int], e.g. parameters.psi=0.5:0.95\n",
            ca->text[ca->d] ? ca->text[ca->d] : arg);
    return 2;
}

static ts_status write_points(const ts_calibration *c, const cal_args *ca, const char *dir,
                              ts_error *err)
{
    char *head = ts_strdup("point,phase,score");
    for (size_t k = 0; k < ca->d && head; k++) {
        char *n = ts_asprintf("%s,\"", head);
        free(head);
        head = n;
        for (size_t q = 0; q < ca->p[k].n_paths && head; q++) {
            n = ts_asprintf("%s%s%s", head, q ? "," : "", ca->p[k].paths[q]);
            free(head);
            head = n;
        }
        n = head ? ts_asprintf("%s\"", head) : NULL;
        free(head);
        head = n;
    }
    if (!head)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ts_csvfile cf;
    ts_status st = ts_csv_open(&cf, dir, "calibration.csv", head, err);
    free(head);
    if (st)
        return st;
    char b[40];
    for (size_t i = 0; i < c->n; i++) {
        ts_fmt_double(b, sizeof b, c->score[i]);
        fprintf(cf.f, "%zu,%s,%s", i + 1, c->phase[i] ? "nelder-mead" : "lhs", b);
        for (size_t k = 0; k < c->d; k++) {
            ts_fmt_double(b, sizeof b, c->x[i * c->d + k]);
            fprintf(cf.f, ",%s", b);
        }
        fputc('\n', cf.f);
    }
    return ts_csv_close(&cf, ferror(cf.f) ? TS_ERR_IO : TS_OK, err);
}

static ts_status write_json(const ts_calibration *c, const cal_args *ca, const char *scen,
                            const ts_calib_options *o, const char *dir, ts_error *err)
{
    cJSON *j = cJSON_CreateObject(), *ps = cJSON_CreateArray();
    cJSON_AddStringToObject(j, "scenario", scen);
    cJSON_AddStringToObject(j, "method", "Latin hypercube (Philox4x32-10), then Nelder-Mead "
                                         "from the d+1 best points (docs/model.md, Calibration)");
    cJSON_AddNumberToObject(j, "seed", (double)o->seed);
    cJSON_AddNumberToObject(j, "runs", (double)c->n);
    cJSON_AddNumberToObject(j, "initial_score", c->initial_score);
    cJSON_AddNumberToObject(j, "best_score", c->score[c->best]);
    cJSON_AddNumberToObject(j, "best_point", (double)c->best + 1);
    for (size_t k = 0; k < ca->d; k++) {
        cJSON *e = cJSON_CreateObject(), *pa = cJSON_CreateArray();
        for (size_t q = 0; q < ca->p[k].n_paths; q++)
            cJSON_AddItemToArray(pa, cJSON_CreateString(ca->p[k].paths[q]));
        cJSON_AddItemToObject(e, "paths", pa);
        cJSON_AddNumberToObject(e, "lo", ca->p[k].lo);
        cJSON_AddNumberToObject(e, "hi", ca->p[k].hi);
        cJSON_AddNumberToObject(e, "best", c->x[c->best * c->d + k]);
        cJSON_AddItemToArray(ps, e);
    }
    cJSON_AddItemToObject(j, "parameters", ps);
    char *text = cJSON_Print(j);
    cJSON_Delete(j);
    char *p = ts_asprintf("%s/calibration.json", dir);
    FILE *f = p && text ? fopen(p, "w") : NULL;
    ts_status st = TS_OK;
    if (!f || fputs(text, f) < 0 || fputc('\n', f) < 0)
        st = ts_error_set(err, TS_ERR_IO, p, 0, 0, NULL, "cannot write");
    if (f && fclose(f) && !st)
        st = ts_error_set(err, TS_ERR_IO, p, 0, 0, NULL, "cannot write");
    free(p);
    free(text);
    return st;
}

static void progress(void *user, size_t k, size_t n, double score, double best)
{
    (void)user;
    fprintf(stderr, "\rtradeshock: calibrate: run %zu of %zu, score %.3f, best %.3f", k, n,
            score, best);
    if (k == n)
        fputs("\r\033[K", stderr);
}

int ts_cli_calibrate(int argc, char **argv)
{
    const char *scen = NULL, *outdir = NULL, *table = NULL, *obs = NULL;
    int threads = 0, quiet = 0, rc = 2;
    cal_args ca;
    memset(&ca, 0, sizeof ca);
    ts_calib_options co = {0};
    ts_override *ovs = calloc((size_t)argc + 1, sizeof *ovs);
    if (!ovs)
        return 1;
    size_t n_ov = 0;
    for (int a = 1; a < argc; a++) {
        const char *o = argv[a];
        char *end = NULL;
        if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
            usage(stdout);
            rc = 0;
            goto out;
        } else if ((!strcmp(o, "-o") || !strcmp(o, "--output")) && a + 1 < argc) {
            outdir = argv[++a];
        } else if (!strcmp(o, "--table") && a + 1 < argc) {
            table = argv[++a];
        } else if (!strcmp(o, "--observations") && a + 1 < argc) {
            obs = argv[++a];
        } else if (!strcmp(o, "--param") && a + 1 < argc) {
            if (parse_param(&ca, argv[++a]))
                goto out;
        } else if ((!strcmp(o, "-n") || !strcmp(o, "--lhs") || !strcmp(o, "--seed") ||
                    !strcmp(o, "--threads")) && a + 1 < argc) {
            long long v = strtoll(argv[++a], &end, 10);
            if (!*argv[a] || *end || v < 1 || v > 1000000) {
                fprintf(stderr, "tradeshock: error: calibrate: %s '%s': expected a whole number "
                                "from 1 to 1000000\n", o, argv[a]);
                goto out;
            }
            if (!strcmp(o, "-n"))
                co.n_eval = (size_t)v;
            else if (!strcmp(o, "--lhs"))
                co.n_lhs = (size_t)v;
            else if (!strcmp(o, "--seed"))
                co.seed = (unsigned long long)v;
            else
                threads = (int)v;
        } else if (!strcmp(o, "--set") && a + 1 < argc) {
            char *eq = strchr(argv[++a], '=');
            if (!eq || eq == argv[a]) {
                fprintf(stderr, "tradeshock: error: calibrate: --set '%s': expected PATH=VALUE\n",
                        argv[a]);
                goto out;
            }
            *eq = 0;
            ovs[n_ov++] = (ts_override){argv[a], eq + 1};
        } else if (!strcmp(o, "--quiet")) {
            quiet = 1;
        } else if (o[0] == '-') {
            fprintf(stderr, "tradeshock: error: calibrate: unknown or incomplete option '%s'\n", o);
            usage(stderr);
            goto out;
        } else if (!scen) {
            scen = o;
        } else {
            fprintf(stderr, "tradeshock: error: calibrate: more than one scenario given ('%s')\n", o);
            goto out;
        }
    }
    if (!scen || !ca.d) {
        fprintf(stderr, "tradeshock: error: calibrate: %s\n",
                !scen ? "no scenario given" : "no --param given: name what to search");
        usage(stderr);
        goto out;
    }
    if (!co.n_eval)
        co.n_eval = 60;
    if (!co.seed)
        co.seed = 1;
    ts_error err;
    ts_error_clear(&err);
    ts_cli_bt b;
    ts_cli_outdir od = {0};
    ts_calibration *cal = NULL;
    ts_scenario *best = NULL;
    ts_result *res = NULL;
    ts_comparison *cmp = NULL;
    ts_status st = ts_cli_backtest_load(scen, table, obs, ovs, n_ov, &b, &err);
    if (st) {
        rc = ts_cli_fail(&err);
        goto out;
    }
    if ((st = ts_cli_outdir_begin(&od, outdir, b.sc->name, "-calibration", "summary.json",
                                  "tradeshock results folder", &err)))
        goto fail;
    ts_sim_options sim = {0};
    sim.threads = threads;
    co.sim = &sim;
    co.fixed = ovs;
    co.n_fixed = n_ov;
    if (!quiet && isatty(STDERR_FILENO))
        co.progress = progress;
    st = ts_calibrate(scen, b.m, b.obs, ca.p, ca.d, &co, &cal, &err);
    if (!st)
        st = ts_calib_scenario(scen, b.m, ca.p, ca.d, &co, cal->x + cal->best * ca.d, &best,
                               NULL, NULL, &err);
    if (!st)
        st = ts_observations_resolve(b.obs, best, b.m, &err);
    sim.log = &ts_cli_stderr_logger;
    /* the library's recording policy (sim.h): the same series as `tradeshock run` */
    if (!st)
        st = ts_backtest_run(b.m, best, b.obs, &sim, &res, &cmp, &err);
    ts_scenario *keep = b.sc;
    b.sc = best; /* the folder shows the best point's scenario */
    if (!st)
        st = ts_cli_backtest_write(&b, scen, table, res, cmp, od.tmp, &err);
    b.sc = keep;
    if (!st)
        st = write_points(cal, &ca, od.tmp, &err);
    if (!st)
        st = write_json(cal, &ca, scen, &co, od.tmp, &err);
    if (!st)
        st = ts_report_build(od.tmp, NULL, &err);
    if (!st)
        st = ts_cli_outdir_commit(&od, &err);
    if (st)
        goto fail;
    if (!quiet) {
        printf("%s: calibrated on %s, %zu runs (seed %llu)\n", b.sc->name, b.obs->file, cal->n,
               co.seed);
        printf("score as written %.3f -> best %.3f (run %zu):\n", cal->initial_score,
               cal->score[cal->best], cal->best + 1);
        for (size_t k = 0; k < ca.d; k++) {
            char v[40];
            ts_override_number(cal->x[cal->best * ca.d + k], v, sizeof v);
            for (size_t q = 0; q < ca.p[k].n_paths; q++)
                printf("  --set %s=%s\n", ca.p[k].paths[q], v);
        }
        ts_comparison_print(stdout, cmp, b.obs, best);
        printf("\nResults in %s/ (calibration.csv, calibration.json, backtest.csv, report.html).\n",
               od.dir);
    }
    rc = 0;
    goto done;
fail:
    rc = ts_cli_fail(&err);
done:
    ts_comparison_free(cmp);
    ts_result_free(res);
    ts_scenario_free(best);
    ts_calibration_free(cal);
    ts_cli_backtest_free(&b);
    ts_cli_outdir_end(&od);
out:
    for (size_t k = 0; k < MAX_PARAMS; k++)
        free(ca.text[k]);
    free(ovs);
    return rc;
}
