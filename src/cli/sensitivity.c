/* tradeshock sensitivity SCENARIO [-o DIR] [-j THREADS] [--table DIR] [--trajectories R]
 *                                 [--points N] [--quiet]
 * Tornado, flip scan and Morris effects of the `ensemble` block's inputs (docs/ensemble.md). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/ens_cli.h"

static void usage(FILE *f)
{
    fputs("usage: tradeshock sensitivity SCENARIO [-o DIR] [-j THREADS] [--table DIR]\n"
          "                              [--trajectories R] [--points N] [--quiet]\n"
          "\n"
          "Rank the inputs of the scenario's `ensemble` block by how they move the headline\n"
          "answers (first stoppage day of the first `watch` industry, world loss, each\n"
          "compared group's loss, the hardest-hit group): one at a time over each input's\n"
          "range (tornado), a scan of N points per input for where the hardest-hit group\n"
          "changes, and Morris elementary effects over R trajectories. Writes tornado.csv,\n"
          "morris.csv, flips.csv, sensitivity.json, report.html to DIR (default\n"
          "results/<name>-sensitivity/).\n",
          f);
}

int ts_cli_sensitivity(int argc, char **argv)
{
    const char *scen = NULL, *outdir = NULL, *table = NULL;
    long threads = 0, traj = 10, points = 9;
    int quiet = 0;
    for (int a = 1; a < argc; a++) {
        long *dst = NULL, lo = 1, hi = 1024;
        if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
            usage(stdout);
            return 0;
        } else if ((!strcmp(argv[a], "-j") || !strcmp(argv[a], "--threads")) && a + 1 < argc) {
            dst = &threads;
        } else if (!strcmp(argv[a], "--trajectories") && a + 1 < argc) {
            dst = &traj;
            hi = 10000;
        } else if (!strcmp(argv[a], "--points") && a + 1 < argc) {
            dst = &points;
            lo = 2;
            hi = 1000;
        } else if ((!strcmp(argv[a], "-o") || !strcmp(argv[a], "--output")) && a + 1 < argc) {
            outdir = argv[++a];
        } else if (!strcmp(argv[a], "--table") && a + 1 < argc) {
            table = argv[++a];
        } else if (!strcmp(argv[a], "--quiet")) {
            quiet = 1;
        } else if (argv[a][0] == '-' || scen) {
            fprintf(stderr, "tradeshock: error: sensitivity: unexpected argument '%s'\n",
                    argv[a]);
            usage(stderr);
            return 2;
        } else {
            scen = argv[a];
        }
        if (dst) {
            char *end = NULL;
            const char *opt = argv[a];
            long v = strtol(argv[++a], &end, 10);
            if (!*argv[a] || *end || v < lo || v > hi) {
                fprintf(stderr, "tradeshock: error: sensitivity: %s '%s': expected a whole "
                                "number from %ld to %ld\n", opt, argv[a], lo, hi);
                return 2;
            }
            *dst = v;
        }
    }
    if (!scen) {
        fputs("tradeshock: error: sensitivity: no scenario given\n", stderr);
        usage(stderr);
        return 2;
    }
    ts_error err;
    ts_error_clear(&err);
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    ts_sensitivity *s = NULL;
    ts_cli_outdir od = {0};
    int rc = 1;
    ts_status st = ens_load(scen, table, &sc, &m, &err);
    if (!st)
        st = ts_cli_outdir_begin(&od, outdir, sc->name, "-sensitivity", "tornado.csv",
                                 "tradeshock sensitivity folder", &err);
    ens_progress prog;
    ts_sensitivity_options o = {0};
    o.threads = (int)threads;
    o.morris_r = (size_t)traj;
    o.n_grid = (size_t)points;
    if (!st && !quiet && isatty(STDERR_FILENO)) {
        size_t P = sc->ensemble ? sc->ensemble->n : 0;
        ens_progress_start(&prog, "runs",
                           (long)(1 + 2 * P + P * (size_t)points + (size_t)traj * (P + 1)), 1);
        o.progress = ens_progress_cb;
        o.progress_user = &prog;
    }
    if (!st)
        st = ts_sensitivity_run(scen, sc, m, &o, &s, &err);
    if (o.progress)
        ens_progress_end(&prog);
    if (!st)
        st = ts_sensitivity_write(s, sc, od.tmp, &err);
    if (!st)
        st = ts_sensitivity_report(s, sc, od.tmp, &err);
    if (!st)
        st = ts_cli_outdir_commit(&od, &err);
    if (st) {
        rc = ts_cli_fail(&err);
        goto done;
    }
    if (!quiet) {
        ts_sensitivity_print(stdout, s, sc);
        printf("\nResults in %s/ (tornado.csv, morris.csv, flips.csv, sensitivity.json, "
               "report.html).\n", od.dir);
    }
    rc = 0;
done:
    ts_sensitivity_free(s);
    ts_cli_outdir_end(&od);
    ts_mrio_free(m);
    ts_scenario_free(sc);
    return rc;
}
