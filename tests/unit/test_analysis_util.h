/* Helpers shared by the analysis tests (header-only, static functions). */
#ifndef TS_TEST_ANALYSIS_UTIL_H
#define TS_TEST_ANALYSIS_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "core/util.h"
#include "tradeshock/analysis.h"
#include "tradeshock/mrio.h"

/* Collects log messages so that tests can assert on warnings. */
typedef struct logcap {
    int warns;
    char text[16384];
} logcap;

static void logcap_fn(void *user, ts_log_level level, const char *msg)
{
    logcap *c = user;
    if (level == TS_LOG_WARN)
        c->warns++;
    size_t k = strlen(c->text);
    snprintf(c->text + k, sizeof c->text - k, "%s\n", msg);
}

static inline ts_logger logcap_logger(logcap *c)
{
    memset(c, 0, sizeof *c);
    ts_logger l = {logcap_fn, c};
    return l;
}

/*
 * A table built by hand: R regions, S sectors, F categories; Z [n*n], Y [n*R*F] and
 * x [n] row-major; region/sector codes "AAA","BBB",... / "S1","S2",... unless given.
 * v = x - colsum(Z).
 */
static inline ts_mrio *hand_table(size_t R, size_t S, size_t F, const double *Z, const double *Y,
                                  const double *x, const char *const *rcodes,
                                  const char *const *scodes)
{
    static const char *const def_r[] = {"AAA", "BBB", "CCC", "DDD", "EEE", "FFF"};
    ts_mrio *m = NULL;
    ts_error err;
    if (ts_mrio_create(R, S, F, &m, &err) != TS_OK)
        return NULL;
    size_t n = R * S;
    memcpy(m->Z, Z, n * n * sizeof *Z);
    if (Y && F)
        memcpy(m->Y, Y, n * R * F * sizeof *Y);
    memcpy(m->x, x, n * sizeof *x);
    for (size_t r = 0; r < R; r++) {
        m->regions[r].code = ts_strdup(rcodes ? rcodes[r] : def_r[r]);
        m->regions[r].name = ts_strdup(m->regions[r].code);
    }
    for (size_t s = 0; s < S; s++) {
        char buf[32];
        snprintf(buf, sizeof buf, "S%zu", s + 1);
        m->sectors[s].code = ts_strdup(scodes ? scodes[s] : buf);
        m->sectors[s].name = ts_strdup(m->sectors[s].code);
    }
    for (size_t f = 0; f < F; f++) {
        char buf[32];
        snprintf(buf, sizeof buf, "F%zu", f + 1);
        m->fd_cats[f].code = ts_strdup(buf);
        m->fd_cats[f].name = ts_strdup(buf);
    }
    ts_mrio_colsum_Z(m, m->v);
    for (size_t j = 0; j < n; j++)
        m->v[j] = x[j] - m->v[j];
    return m;
}

/* Assert |a - b| <= rel * max(|a|, |b|) + abs, with a readable message. */
#define assert_close(a, b, rel, abs_)                                                        \
    do {                                                                                     \
        double a_ = (a), b_ = (b);                                                           \
        if (!ts_close(a_, b_, (rel), (abs_)))                                                \
            fail_msg("%s = %.17g, expected %.17g (rel %g, abs %g)", #a, a_, b_,              \
                     (double)(rel), (double)(abs_));                                         \
    } while (0)

/* Every element finite. */
static inline int all_finite(const double *v, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

#endif
