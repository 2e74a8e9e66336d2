/* Benchmark of the daily model alone (bench/README.md): the table is loaded or generated
 * once, then the simulation runs RUNS times at each thread count. Printed per thread
 * count: the median time of a day (over every day of every run), the median time of a
 * run scaled to a year (365 days), the bytes of Z one day streams (its non-zeros in the
 * compressed-column storage: 8-byte value + 4-byte row index), a STREAM-like triad
 * a = b + s c measured in the same process at the same thread count, and the ratio of
 * the day to its bandwidth floor (bytes of Z / triad bandwidth). Also the peak resident
 * memory of the simulation (VmHWM after a reset, so the triad arrays do not count) against
 * the 8 n^2 bytes of a dense Z. Not a test: machines here are loaded, quote medians and
 * ratios from one run.
 *
 * usage: bench_sim [--runs N] [--threads 1,2] [--days D] [--storage auto|sparse|dense]
 *                  SCENARIO [TABLE]
 *   TABLE: a table folder (default: the scenario's own), or synthetic:RxS[:DENSITY[:SEED]]
 *          generated in memory (ts_mrio_synthetic; default density 1, seed 1). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"
#include "tradeshock/synthetic.h"

#define TRIAD_N (4u << 20) /* 3 arrays x 32 MB: larger than the 32 MB last-level cache */
#define MAX_DAYS 100000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t k)
{
    qsort(v, k, sizeof *v, cmp);
    return k % 2 ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
}

/* Best of 10 triads, GB/s counted as STREAM does (24 bytes per element). */
static double triad(int threads)
{
    double *a = malloc(TRIAD_N * sizeof *a), *b = malloc(TRIAD_N * sizeof *b),
           *c = malloc(TRIAD_N * sizeof *c);
    if (!a || !b || !c) {
        free(a);
        free(b);
        free(c);
        return 0;
    }
    (void)threads;
#ifdef _OPENMP
    omp_set_num_threads(threads);
#pragma omp parallel for schedule(static)
#endif
    for (size_t i = 0; i < TRIAD_N; i++) {
        a[i] = 0;
        b[i] = 1.0 + (double)(i & 7);
        c[i] = 2.0;
    }
    double best = 1e30;
    for (int k = 0; k < 10; k++) {
        double t0 = now(), s = 3.0 + k;
#ifdef _OPENMP
#pragma omp parallel for schedule(static)
#endif
        for (size_t i = 0; i < TRIAD_N; i++)
            a[i] = b[i] + s * c[i];
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    volatile double sink = a[TRIAD_N / 3];
    (void)sink;
    free(a);
    free(b);
    free(c);
    return 24.0 * TRIAD_N / best / 1e9;
}

/* Peak resident set (VmHWM, kB) and its reset (Linux: clear_refs 5). */
static long vm_hwm_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6))
            kb = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

/* Anonymous memory on transparent huge pages (kB), -1 if unknown. */
static long huge_kb(void)
{
    FILE *f = fopen("/proc/self/smaps_rollup", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "AnonHugePages:", 14))
            kb = strtol(line + 14, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

static void reset_hwm(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (f) {
        fputs("5", f);
        fclose(f);
    }
}

typedef struct days {
    double last, *dt;
    size_t k, cap;
} days;

static void on_day(void *user, const struct ts_sim *s, int day)
{
    (void)s;
    (void)day;
    days *d = user;
    double t = now();
    if (d->k < d->cap)
        d->dt[d->k++] = t - d->last;
    d->last = t;
}

int main(int argc, char **argv)
{
    int runs = 5, maxth = 2, th_list[8] = {1, 2}, nth = 2, ndays = 0, storage = 0;
    const char *scen = NULL, *table = NULL;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--runs") && a + 1 < argc) {
            runs = atoi(argv[++a]);
        } else if (!strcmp(argv[a], "--storage") && a + 1 < argc) {
            a++;
            storage = !strcmp(argv[a], "sparse") ? 1 : !strcmp(argv[a], "dense") ? 2 : 0;
        } else if (!strcmp(argv[a], "--days") && a + 1 < argc) {
            ndays = atoi(argv[++a]);
        } else if (!strcmp(argv[a], "--threads") && a + 1 < argc) {
            nth = 0;
            for (char *p = strtok(argv[++a], ","); p && nth < 8; p = strtok(NULL, ","))
                th_list[nth++] = atoi(p);
        } else if (!scen) {
            scen = argv[a];
        } else if (!table) {
            table = argv[a];
        } else {
            scen = NULL;
            break;
        }
    }
    if (!scen || runs < 1 || runs > 1000 || nth < 1 || ndays < 0 || ndays > MAX_DAYS) {
        fprintf(stderr, "usage: %s [--runs N] [--threads 1,2] [--days D] [--storage auto|sparse|dense] SCENARIO "
                        "[TABLE | synthetic:RxS[:DENSITY[:SEED]]]\n", argv[0]);
        return 2;
    }
    for (int k = 0; k < nth; k++)
        if (th_list[k] > maxth)
            maxth = th_list[k];
    /* the triads first, then the table: the peak memory is the simulation's */
    double bw[8];
    for (int k = 0; k < nth; k++)
        bw[k] = triad(th_list[k]);
    reset_hwm();

    ts_error err;
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    double tload = now();
    if (ts_scenario_parse(scen, &sc, &err)) {
        fprintf(stderr, "bench_sim: %s\n", err.msg);
        return 2;
    }
    if (table && !strncmp(table, "synthetic:", 10)) {
        ts_synthetic_spec sp = {0, 0, 1.0, 1};
        char dims[64];
        snprintf(dims, sizeof dims, "%s", table + 10);
        char *c1 = strchr(dims, ':');
        if (c1) {
            *c1++ = 0;
            char *c2 = strchr(c1, ':');
            if (c2) {
                *c2++ = 0;
                sp.seed = strtoull(c2, NULL, 10);
            }
            sp.density = atof(c1);
        }
        if (ts_synthetic_parse_dims(dims, &sp, &err) || ts_mrio_synthetic(&sp, &m, &err)) {
            fprintf(stderr, "bench_sim: %s\n", err.msg);
            return 2;
        }
    } else if (ts_scenario_load_table(sc, table, NULL, &m, &err)) {
        fprintf(stderr, "bench_sim: %s\n", err.msg);
        return 2;
    }
    if (ndays > 0)
        sc->horizon_days = ndays;
    if (ts_scenario_resolve(sc, m, &err)) {
        fprintf(stderr, "bench_sim: %s\n", err.msg);
        return 2;
    }
    tload = now() - tload;
    size_t n = m->n, nnz = 0;
    for (size_t q = 0; q < n * n; q++)
        nnz += m->Z[q] != 0;
    double zbytes = 12.0 * (double)nnz + 8.0 * (double)(n + 1), dense = 8.0 * (double)n * n;
    int T = sc->horizon_days;
    printf("table %s: n = %zu (%zu x %zu), nnz(Z) = %zu (%.1f %%), %d days; loaded in %.2f s\n",
           table ? table : sc->table_path, n, m->R, m->S, nnz, 100.0 * (double)nnz / (double)n / n,
           T, tload);
    printf("bytes of Z per day (non-zeros, 12 B each) %.1f MB; dense Z %.1f MB\n", zbytes / 1e6,
           dense / 1e6);

    days d = {0, malloc((size_t)runs * (size_t)T * sizeof(double)), 0, (size_t)runs * (size_t)T};
    double *tr = malloc((size_t)runs * sizeof *tr), world_last = 0;
    double *tc = malloc((size_t)runs * sizeof *tc);
    if (!d.dt || !tr)
        return 1;
    for (int k = 0; k < nth; k++) {
        d.k = 0;
        for (int r = 0; r < runs; r++) {
            ts_sim_options opt = {0};
            static const ts_pair no_pairs[1];
            opt.threads = th_list[k];
            /* no cover series: one pass of the daily model (the default recording policy
             * can add a second pass on large tables, sim.h) */
            opt.cover_pairs = no_pairs;
            opt.n_cover_pairs = 0;
            opt.storage = storage;
            opt.on_day = on_day;
            opt.on_day_user = &d;
            ts_result *res = NULL;
            double t0 = now(), c0 = cpu_now();
            d.last = t0;
            size_t k0 = d.k;
            if (ts_sim_run(m, sc, &opt, &res, &err)) {
                fprintf(stderr, "bench_sim: %s\n", err.msg);
                return 1;
            }
            tr[r] = now() - t0;
            tc[r] = cpu_now() - c0;
            /* the first day carries the set-up: keep days 2.. for the per-day median */
            if (d.k > k0) {
                memmove(d.dt + k0, d.dt + k0 + 1, (d.k - k0 - 1) * sizeof *d.dt);
                d.k--;
            }
            world_last = 0;
            for (size_t i = 0; i < n; i++)
                world_last += res->production[(size_t)(T - 1) * n + i];
            ts_result_free(res);
        }
        double day = median(d.dt, d.k), run = median(tr, (size_t)runs),
               cpu = median(tc, (size_t)runs);
        double floor_s = zbytes / (bw[k] * 1e9);
        printf("threads %d: day median %.3f ms, run median %.3f s (%.3f s/year; CPU %.3f s/year), "
               "triad %.1f GB/s, Z at triad speed %.3f ms/day, day / floor %.1f\n",
               th_list[k], 1e3 * day, run, run * 365.0 / T, cpu * 365.0 / T, bw[k], 1e3 * floor_s,
               day / floor_s);
    }
    printf("world production on the last day %.10g M USD/day\n", world_last);
    long hwm = vm_hwm_kb();
    printf("peak resident memory %.1f MB = %.2f x dense Z; %.1f MB on huge pages at the end\n",
           hwm / 1e3, hwm * 1e3 / dense, huge_kb() / 1e3);
    free(d.dt);
    free(tr);
    free(tc);
    ts_scenario_free(sc);
    ts_mrio_free(m);
    return 0;
}
