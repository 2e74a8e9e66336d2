/* tradeshock run [SCENARIO] [-o DIR] [--table DIR] [--threads N] [--quiet] [--report]
 *                [--set PATH=VALUE]... */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/util.h"
#include "tradeshock/mrio.h"
#include "tradeshock/output.h"
#include "tradeshock/override.h"
#include "tradeshock/report.h"
#include "tradeshock/run.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"

#define DEFAULT_SCENARIO "scenarios/rare-earths-2025.yaml"

static void usage(FILE *f)
{
    fputs("usage: tradeshock run [SCENARIO] [-o DIR] [--table DIR] [--threads N] [--quiet]\n"
          "                      [--report] [--outputs LIST] [--verbose] [--set PATH=VALUE]...\n"
          "                      [--max-memory SIZE]\n"
          "\n"
          "Simulate SCENARIO (default " DEFAULT_SCENARIO ") day by day and write\n"
          "DIR (default results/<scenario name>/): summary.json, timeseries.nc, timeseries.csv,\n"
          "stockouts.csv, scenario.yaml.\n"
          "  --outputs LIST     files to write, comma-separated: summary, stockouts, nc, csv\n"
          "                     (or all). summary.json and scenario.yaml are always written.\n"
          "                     Default: all, but timeseries.csv only up to 600000 industry-days\n"
          "                     (industries x horizon days; the 41-region table for a year);\n"
          "                     timeseries.nc has the same series at full precision\n"
          "  --verbose          time of each step on stderr: table, simulation, each file\n"
          "                     written (MB and MB/s)\n"
          "  -o, --output DIR   results folder; an existing one is replaced whole when the run\n"
          "                     succeeds, but only if it is a results folder (summary.json) or\n"
          "                     empty: anything else is refused, never deleted\n"
          "  --table DIR        run on another table with the same labels\n"
          "  --threads N        OpenMP threads (results do not depend on it)\n"
          "  --quiet            no summary on stdout\n"
          "  --max-memory SIZE  memory the run may keep (default 512M; e.g. 4G): a run whose\n"
          "                     daily series would need more is refused before it starts\n"
          "  --report           also write report.html and charts/ (as `tradeshock report DIR`)\n"
          "  --decompose        also split the loss by event (each event alone, each left out:\n"
          "                     2 runs per event) into decomposition.json; the report shows it\n"
          "  --set PATH=VALUE   override one scenario value by key path before it is checked,\n"
          "                     e.g. --set events[ree-curbs].share=0.5 --set parameters.psi=0.7\n"
          "                     (docs/scenario-format.md, \"Overrides by key path\")\n",
          f);
}

/* The default scenario is looked up in the working directory, then next to the
 * binary (build/../scenarios), so `build/tradeshock run` works from anywhere. */
static char *default_scenario(void)
{
    if (ts_path_exists(DEFAULT_SCENARIO))
        return ts_strdup(DEFAULT_SCENARIO);
    char exe[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        exe[k] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            char *p = ts_asprintf("%s/../" DEFAULT_SCENARIO, exe);
            if (p && ts_path_exists(p))
                return p;
            free(p);
        }
    }
    return ts_strdup(DEFAULT_SCENARIO);
}

/* A progress line on stderr for long runs when stderr is a terminal (design.md §1). */
static void progress(void *user, int day, int horizon)
{
    (void)user;
    if (day % 10 == 9 || day + 1 == horizon)
        fprintf(stderr, "\rtradeshock: day %d of %d", day + 1, horizon);
    if (day + 1 == horizon)
        fputs("\r\033[K", stderr);
}

static double now(void) /* for --verbose */
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int ts_cli_run(int argc, char **argv)
{
    const char *scen = NULL, *outdir = NULL, *table = NULL;
    int threads = 0, quiet = 0, report = 0, verbose = 0, decompose = 0;
    const char *outputs = NULL;
    double max_memory = 0; /* 0: TS_CLI_DEFAULT_MEMORY */
    ts_override *ovs = calloc((size_t)argc + 1, sizeof *ovs);
    size_t n_ov = 0;
    if (!ovs) {
        fputs("tradeshock: error: out of memory\n", stderr);
        return 1;
    }
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
            usage(stdout);
            return 0;
        } else if ((!strcmp(argv[a], "-o") || !strcmp(argv[a], "--output")) && a + 1 < argc) {
            outdir = argv[++a];
        } else if (!strcmp(argv[a], "--table") && a + 1 < argc) {
            table = argv[++a];
        } else if (!strcmp(argv[a], "--threads") && a + 1 < argc) {
            char *end = NULL;
            long th = strtol(argv[++a], &end, 10);
            if (!*argv[a] || *end || th < 1 || th > 1024) {
                fprintf(stderr, "tradeshock: error: run: --threads '%s': expected a whole number "
                                "from 1 to 1024\n", argv[a]);
                free(ovs);
                return 2;
            }
            threads = (int)th;
        } else if (!strcmp(argv[a], "--set") && a + 1 < argc) {
            char *eq = strchr(argv[++a], '=');
            if (!eq || eq == argv[a]) {
                fprintf(stderr, "tradeshock: error: run: --set '%s': expected PATH=VALUE, e.g. "
                                "parameters.psi=0.7\n", argv[a]);
                free(ovs);
                return 2;
            }
            *eq = 0;
            ovs[n_ov++] = (ts_override){argv[a], eq + 1};
        } else if (!strcmp(argv[a], "--max-memory") && a + 1 < argc) {
            if (ts_cli_parse_size(argv[++a], &max_memory)) {
                fprintf(stderr, "tradeshock: error: run: --max-memory '%s': expected a size such "
                                "as 512M, 4G or 1.5G\n", argv[a]);
                free(ovs);
                return 2;
            }
        } else if (!strcmp(argv[a], "--quiet")) {
            quiet = 1;
        } else if (!strcmp(argv[a], "--report")) {
            report = 1;
        } else if (!strcmp(argv[a], "--decompose")) {
            decompose = 1;
        } else if (!strcmp(argv[a], "--verbose")) {
            verbose = 1;
        } else if (!strcmp(argv[a], "--outputs") && a + 1 < argc) {
            outputs = argv[++a];
        } else if (argv[a][0] == '-') {
            fprintf(stderr, "tradeshock: error: run: unknown or incomplete option '%s'\n", argv[a]);
            usage(stderr);
            free(ovs);
            return 2;
        } else if (!scen) {
            scen = argv[a];
        } else {
            fprintf(stderr, "tradeshock: error: run: more than one scenario given ('%s')\n", argv[a]);
            free(ovs);
            return 2;
        }
    }
    ts_error err;
    ts_error_clear(&err);
    ts_run *run = NULL;
    char *defscen = NULL;
    ts_cli_outdir od = {0};
    int rc = 1;
    ts_status st;

    unsigned set = 0;
    double tstart = now();
    if (outputs && (st = ts_output_parse_set(outputs, &set, &err)))
        goto fail;
    if (report && outputs && !(set & TS_OUT_NC)) {
        st = ts_error_set(&err, TS_ERR_INPUT, NULL, 0, 0, "--report",
                          "the report is built from timeseries.nc: add nc to --outputs");
        goto fail;
    }
    if (!scen)
        scen = defscen = default_scenario();
    if (ts_is_dir(scen)) {
        st = ts_error_set(&err, TS_ERR_INPUT, scen, 0, 0, NULL,
                          "is a folder; expected a scenario file (YAML)");
        goto fail;
    }
    ts_run_request rq = {.scenario = scen, .table = table, .overrides = ovs,
                         .n_overrides = n_ov, .threads = threads,
                         .log = &ts_cli_stderr_logger};
    if (!quiet && isatty(STDERR_FILENO))
        rq.progress = progress;
    if ((st = ts_run_prepare(&rq, &run, &err)))
        goto fail;
    const ts_scenario *sc = run->sc;
    const ts_mrio *m = run->m;
    /* Everything the run keeps is estimated before it starts: a run that cannot be held
     * is refused now, with the figure, never after minutes of simulating. */
    const char *why = NULL;
    double budget = ts_cli_memory_budget(max_memory, &why);
    double cover_bytes = (double)m->S * (double)m->n * (double)sc->horizon_days * sizeof(double);
    double need = ts_sim_memory_estimate(m, sc, cover_bytes <= TS_SIM_COVER_ALL_MAX_BYTES);
    if (need > budget) {
        char a1[32], a2[32];
        st = ts_error_set(&err, TS_ERR_INPUT, sc->file ? sc->file : scen, 0, 0, "horizon_days",
                          "%d days on %zu industries would keep about %s of daily series in "
                          "memory, more than %s of %s; shorten horizon_days or %s",
                          sc->horizon_days, m->n, ts_cli_fmt_size(need, a1, sizeof a1), why,
                          ts_cli_fmt_size(budget, a2, sizeof a2),
                          strstr(why, "ulimit") ? "raise the limit (ulimit -v)"
                                                : "raise the budget with --max-memory SIZE");
        goto fail;
    }
    if (verbose)
        fprintf(stderr, "tradeshock: table and scenario read in %.2f s (%zu industries)\n",
                now() - tstart, m->n);
    if (!outputs) {
        set = ts_output_default_set(m->n, sc->horizon_days);
        if (!(set & TS_OUT_CSV))
            fprintf(stderr, "tradeshock: timeseries.csv is not written by default for a run this "
                            "size (%zu industries x %d days > %.0f); timeseries.nc holds the same "
                            "series; --outputs all writes it\n",
                    m->n, sc->horizon_days, TS_OUT_CSV_DEFAULT_MAX_INDUSTRY_DAYS);
    }

    /* The results folder: checked and prepared before simulating. An existing path is
     * replaced only when it is a results folder of ours (it holds summary.json) or an
     * empty folder; anything else is refused, never deleted. */
    if ((st = ts_cli_outdir_begin(&od, outdir, sc->name, NULL, "summary.json",
                                  "tradeshock results folder", &err)))
        goto fail;

    if ((st = ts_run_simulate(run, &rq, &err)))
        goto fail;
    double secs = run->seconds;

    if (verbose)
        fprintf(stderr, "tradeshock: simulated %d days in %.2f s\n", sc->horizon_days, secs);
    double fsec[TS_OUT_NFILES];
    st = ts_run_write(run, &rq, od.tmp, set, fsec, &err);
    if (!st && decompose) {
        char *dp = ts_asprintf("%s/decomposition.json", od.tmp);
        double t1 = now();
        st = dp ? ts_run_decompose(&rq, run, dp, &err)
                : ts_error_set(&err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        free(dp);
        if (verbose && !st)
            fprintf(stderr, "tradeshock: decomposition by event in %.2f s\n", now() - t1);
    }
    for (int k = 0; verbose && !st && k < TS_OUT_NFILES; k++) {
        struct stat sb;
        char *p = ts_asprintf("%s/%s", od.tmp, ts_output_files[k]);
        if (p && !stat(p, &sb))
            fprintf(stderr, "tradeshock: wrote %s: %.1f MB in %.2f s (%.0f MB/s)\n",
                    ts_output_files[k], (double)sb.st_size / 1e6, fsec[k],
                    fsec[k] > 0 ? (double)sb.st_size / 1e6 / fsec[k] : 0.0);
        free(p);
    }
    /* the report is built inside the folder before it appears; if it fails, the run's
     * results are kept without it (never lost with the report) */
    ts_error rerr;
    ts_error_clear(&rerr);
    int report_failed = 0;
    if (!st && report && ts_report_build(od.tmp, NULL, &rerr)) {
        report_failed = 1;
        char *p1 = ts_asprintf("%s/report.html", od.tmp), *p2 = ts_asprintf("%s/charts", od.tmp);
        if (p1)
            ts_rm_rf(p1);
        if (p2)
            ts_rm_rf(p2);
        free(p1);
        free(p2);
    }
    if (!st)
        st = ts_cli_outdir_commit(&od, &err);
    if (st)
        goto fail;
    if (verbose)
        fprintf(stderr, "tradeshock: %.2f s in all\n", now() - tstart);
    if (!quiet) {
        ts_output_print_summary(stdout, run->res, run->loss, m, sc);
        printf("\nResults in %s/ (summary.json%s%s%s%s); simulated in %.2f s.\n", od.dir,
               set & TS_OUT_NC ? ", timeseries.nc" : "", set & TS_OUT_CSV ? ", timeseries.csv" : "",
               set & TS_OUT_STOCKOUTS ? ", stockouts.csv" : "", report && !report_failed ? ", report.html" : "", secs);
    }
    rc = 0;
    if (report_failed) {
        fprintf(stderr, "tradeshock: error: the report could not be built: %s; the results are "
                        "kept in %s/ without it (build it later with `tradeshock report %s`)\n",
                rerr.msg, od.dir, od.dir);
        rc = ts_status_exit_code(rerr.code);
    }
    goto done;
fail:
    rc = ts_cli_fail(&err);
done:
    ts_run_free(run);
    free(defscen);
    free(ovs);
    ts_cli_outdir_end(&od);
    return rc;
}
