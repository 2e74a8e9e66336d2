/* Trade-policy state of the dynamic model: allocation and day-0 values (policy.h).
 * The phases that use it: tariffs.c, substitution.c, retaliation.c. */
#include "sim/policy.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"


void ts_policy_free(ts_policy *p)
{
    free(p->pi);
    free(p->pi_prev);
    free(p->pi_tar);
    free(p->T);
    free(p->Tnew);
    free(p->wtar);
    free(p->m);
    free(p->share0);
    free(p->V0);
    free(p->room);
    free(p->ynorm);
    free(p->fdprice);
    free(p->fdtar);
    free(p->rt);
    free(p->pool);
    free(p->fired);
    memset(p, 0, sizeof *p);
}

int ts_policy_create(ts_policy *p, const ts_sim *s)
{
    const ts_scenario *sc = s->sc;
    size_t n = s->n, R = s->R, S = s->S, NE = sc->n_events, NR = sc->n_retaliation;
    memset(p, 0, sizeof *p);
    p->n = n;
    p->R = R;
    p->S = S;
    /* room for answers: each rule can answer each event once, answers answer up to
     * TS_RT_MAX_DEPTH deep; bounded so that the daily loop never allocates */
    p->cap_rt = NR ? (NE + 1) * NR * 4 + 16 : 0;
    p->n_fired = (NE + p->cap_rt + 1) * (NR + 1);
    p->n_pool = (p->cap_rt + 1) * (2 * R + S);
    p->pi = malloc(n * R * sizeof *p->pi);
    p->pi_prev = malloc(n * R * sizeof *p->pi_prev);
    p->pi_tar = malloc(n * R * sizeof *p->pi_tar);
    p->T = calloc(n * R, sizeof *p->T);
    p->Tnew = calloc(n * R, sizeof *p->Tnew);
    p->wtar = malloc(n * R * sizeof *p->wtar);
    p->m = calloc(n * R, sizeof *p->m);
    p->share0 = calloc(n * R, sizeof *p->share0);
    p->V0 = calloc(S * R, sizeof *p->V0);
    p->room = calloc(n, sizeof *p->room);
    p->ynorm = malloc(S * R * sizeof *p->ynorm);
    p->fdprice = malloc(S * R * sizeof *p->fdprice);
    p->fdtar = malloc(S * R * sizeof *p->fdtar);
    p->rt = calloc(p->cap_rt + 1, sizeof *p->rt);
    p->pool = calloc(p->n_pool, sizeof *p->pool);
    p->fired = calloc(p->n_fired, 1);
    if (!p->pi || !p->pi_prev || !p->pi_tar || !p->T || !p->Tnew || !p->wtar || !p->m || !p->share0 || !p->V0 ||
        !p->room || !p->ynorm || !p->fdprice || !p->fdtar || !p->rt || !p->pool || !p->fired)
        return -1;
    return 0;
}

void ts_policy_init(ts_policy *p, const ts_sim *s)
{
    const ts_scenario *sc = s->sc;
    const size_t n = p->n, R = p->R, S = p->S, NE = sc->n_events, NR = sc->n_retaliation;
    p->active = 0;
    for (size_t e = 0; e < NE; e++)
        if (sc->events[e].type == TS_EVENT_TARIFF)
            p->active = 1;
    for (size_t k = 0; k < S && !p->active; k++)
        if (s->par.substitutability.by_product && s->par.substitutability.by_product[k] > 0)
            p->active = 1;
    if (NR)
        p->active = 1;
    p->n_rt = 0;
    memset(p->T, 0, n * R * sizeof *p->T);
    memset(p->Tnew, 0, n * R * sizeof *p->Tnew);
    memset(p->m, 0, n * R * sizeof *p->m);
    memset(p->share0, 0, n * R * sizeof *p->share0);
    memset(p->V0, 0, S * R * sizeof *p->V0);
    memset(p->room, 0, n * sizeof *p->room);
    memset(p->rt, 0, (p->cap_rt + 1) * sizeof *p->rt);
    memset(p->pool, 0, p->n_pool * sizeof *p->pool);
    memset(p->fired, 0, p->n_fired);
    for (size_t k = 0; k < n * R; k++)
        p->pi[k] = p->pi_prev[k] = p->pi_tar[k] = p->wtar[k] = 1.0;
    for (size_t k = 0; k < S * R; k++)
        p->ynorm[k] = p->fdprice[k] = p->fdtar[k] = 1.0;
    /* baseline purchases of product p by region q from origin i: intermediate + final */
    /* row by row: each cell still sums its columns in increasing order */
    const double *Z = s->m->Z;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (Z[i * n + j] != 0.0)
                p->share0[i * R + (size_t)s->reg[j]] += Z[i * n + j] / 365.0;
    for (size_t i = 0; i < n; i++)
        for (size_t q = 0; q < R; q++) {
            p->share0[i * R + q] += s->Yr[i * R + q];
            p->V0[(size_t)s->sec[i] * R + q] += p->share0[i * R + q];
        }
    for (size_t i = 0; i < n; i++)
        for (size_t q = 0; q < R; q++) {
            double V = p->V0[(size_t)s->sec[i] * R + q];
            p->share0[i * R + q] = V > 0 ? p->share0[i * R + q] / V : 0.0;
        }
}

