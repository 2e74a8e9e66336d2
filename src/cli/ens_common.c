/* Shared parts of `ensemble` and `sensitivity`: loading and the progress bar. */
#define _POSIX_C_SOURCE 200809L
#include "cli/ens_cli.h"

#include <stdio.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

ts_status ens_load(const char *scen, const char *table, ts_scenario **sc, ts_mrio **m,
                   ts_error *err)
{
    *sc = NULL;
    *m = NULL;
    ts_status st = ts_scenario_parse(scen, sc, err);
    if (!st)
        st = ts_scenario_load_table(*sc, table, &ts_cli_stderr_logger, m, err);
    if (!st)
        st = ts_scenario_resolve(*sc, *m, err);
    return st;
}

void ens_progress_start(ens_progress *p, const char *what, long total, long scale)
{
    p->t0 = now();
    p->total = total;
    p->scale = scale > 0 ? scale : 1;
    p->what = what;
}

/* "\r[#####.....] 123/1000 members  8.1/s  ETA 1:48" */
void ens_progress_cb(void *user, long done, long total)
{
    ens_progress *p = user;
    (void)total;
    long d = done * p->scale;
    if (d > p->total)
        d = p->total;
    double el = now() - p->t0, rate = el > 0 ? (double)d / el : 0;
    double eta = rate > 0 ? (double)(p->total - d) / rate : 0;
    int w = 30, fill = p->total ? (int)((double)w * (double)d / (double)p->total) : w;
    char bar[32];
    for (int i = 0; i < w; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[w] = 0;
    fprintf(stderr, "\r[%s] %ld/%ld %s  %.1f/s  ETA %d:%02d ", bar, d, p->total, p->what, rate,
            (int)eta / 60, (int)eta % 60);
    fflush(stderr);
}

void ens_progress_end(ens_progress *p)
{
    (void)p;
    fputs("\r\033[K", stderr);
    fflush(stderr);
}
