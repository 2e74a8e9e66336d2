/* Benchmark of the daily model (design.md §6: a year on the 41-region WIOD table in
 * under 0.3 s). Loads a scenario and its table once, then runs the simulation RUNS
 * times at 1 thread and at 2 threads and prints each time, the medians and their
 * ratio. Not a test: machines here are noisy, quote medians and ratios of one run.
 *
 * usage: bench_sim SCENARIO [TABLE] [RUNS] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s SCENARIO [TABLE] [RUNS]\n", argv[0]);
        return 2;
    }
    int runs = argc > 3 ? atoi(argv[3]) : 7;
    if (runs < 1 || runs > 1000)
        runs = 7;
    ts_error err;
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    if (ts_scenario_parse(argv[1], &sc, &err) ||
        ts_scenario_load_table(sc, argc > 2 ? argv[2] : NULL, NULL, &m, &err) ||
        ts_scenario_resolve(sc, m, &err)) {
        fprintf(stderr, "bench_sim: %s\n", err.msg);
        return 2;
    }
    printf("table %s: n = %zu industries, %d days\n", argc > 2 ? argv[2] : sc->table_path, m->n,
           sc->horizon_days);
    double med[2];
    double *t = malloc((size_t)runs * sizeof *t);
    for (int th = 1; th <= 2; th++) {
        for (int k = 0; k < runs; k++) {
            ts_sim_options opt = {0};
            opt.threads = th;
            ts_result *r = NULL;
            double t0 = now();
            if (ts_sim_run(m, sc, &opt, &r, &err)) {
                fprintf(stderr, "bench_sim: %s\n", err.msg);
                return 1;
            }
            t[k] = now() - t0;
            ts_result_free(r);
            printf("threads %d run %d: %.3f s\n", th, k + 1, t[k]);
        }
        qsort(t, (size_t)runs, sizeof *t, cmp);
        med[th - 1] = t[runs / 2];
        printf("threads %d: median %.3f s (min %.3f, max %.3f)\n", th, med[th - 1], t[0], t[runs - 1]);
    }
    printf("speed-up 2 threads / 1 thread (medians): %.2f\n", med[0] / med[1]);
    free(t);
    ts_scenario_free(sc);
    ts_mrio_free(m);
    return 0;
}
