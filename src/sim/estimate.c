/* Memory a run will keep, estimated before it starts (sim.h ts_sim_memory_estimate). */
#include <stdlib.h>

#include "tradeshock/sim.h"

double ts_sim_memory_estimate(const ts_mrio *m, const ts_scenario *sc, int cover_all)
{
    double n = (double)m->n, R = (double)m->R, S = (double)m->S;
    double T = sc->horizon_days > 0 ? (double)sc->horizon_days : 0;
    /* products whose trade is recorded by product: those of export restrictions */
    unsigned char *seen = calloc(m->S ? m->S : 1, 1);
    double ntrk = 0;
    for (size_t e = 0; seen && e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        if (ev->type != TS_EVENT_EXPORT_RESTRICTION)
            continue;
        for (size_t b = 0; b < ev->products.n_idx; b++) {
            int p = ev->products.idx[b];
            if (p >= 0 && (size_t)p < m->S && !seen[p]) {
                seen[p] = 1;
                ntrk++;
            }
        }
    }
    if (!seen)
        ntrk = S; /* out of memory: assume the worst */
    free(seen);
    /* per day: production, capacity, demand, unmet final demand (double) and limited
     * (int) by industry; unmet final demand by region; trade between regions, also by
     * recorded product; cover of the recorded (input, industry) pairs */
    double pairs = cover_all ? S * n : (ntrk ? ntrk : 1) * n;
    double per_day = n * (4 * 8 + 4) + R * 8 + R * R * 8 * (1 + ntrk);
    /* the state of the model (Z and coefficient copies, stocks and orders by input) */
    double fixed = 8 * (4 * n * n + 12 * S * n) + 64e6;
    /* writing the results holds about as much again of the series, a quarter more of the
     * cover (measured: 2 x 2 table, 1e5 days: 102 MB; 1 200 industries, 500 days with every
     * cover series: 285 MB) */
    return 2 * T * per_day + 1.25 * T * pairs * 8 + fixed;
}
