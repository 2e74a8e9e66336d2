/* Stocks that differ across firms (docs/model.md, "Stocks that differ across firms";
 * parameters.cover_spread). For an input p with a spread, each buying industry j is K
 * cover classes of equal output weight w = 1/K; class c holds m_c times the industry's
 * cover s_pj, m_c the midpoint quantiles of a lognormal of mean 1 and the given cv,
 * renormalised so that sum_c w m_c = 1 (the industry's stock is unchanged). Each class
 * has its own stock, orders and psi constraint; the industry produces the sum over its
 * classes. Classes are comonotone across inputs (class c is the low-cover class of every
 * spread input of j). Cost per day: K per spread pair, nothing for the other pairs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"
#include "tradeshock/ensemble.h" /* ts_norm_ppf */

/* Allocate into the simulation's registry (state.c); every array is set again by
 * ts_sim_cover_init at day 0. */
#define CV_ALLOC(field, count)                                                       \
    do {                                                                             \
        if (!ts__sim_alloc(s, (void **)&(field), (count), sizeof *(field), 0))        \
            return -1;                                                               \
    } while (0)

/* Room for the classes of any parameters with the same spread products: cv_kcap classes
 * (the largest of the scenario's) and every pair of such a product that can be an input. */
int ts_sim_cover_create(ts_sim *s)
{
    const ts_params *par = &s->par;
    const size_t S = s->S, n = s->n;
    if (!par->n_spread || !par->spread_product)
        return 0;
    size_t K = 0, cap = 0;
    for (size_t e = 0; e < par->n_spread; e++)
        if ((size_t)par->spread[e].classes > K)
            K = (size_t)par->spread[e].classes;
    for (size_t e = 0; e < par->n_spread; e++) {
        size_t p = (size_t)par->spread_product[e];
        for (size_t j = 0; j < n; j++)
            cap += s->x0[j] > 0 && s->AC[p * n + j] > TS_SIM_INPUT_THRESHOLD;
    }
    s->cv_kcap = K;
    s->cv_cap = cap;
    CV_ALLOC(s->cv_k, S);
    CV_ALLOC(s->cv_m, S * K);
    CV_ALLOC(s->cv_pair, S * n);
    CV_ALLOC(s->cv_jp, n + 1);
    CV_ALLOC(s->cv_pp, cap);
    CV_ALLOC(s->cv_om, cap * K);
    CV_ALLOC(s->cv_want, cap * K);
    CV_ALLOC(s->cv_x, cap * K);
    CV_ALLOC(s->cv_first, cap);
    CV_ALLOC(s->cv_stop, cap);
    CV_ALLOC(s->cv_stopmax, cap);
    CV_ALLOC(s->cv_cls, K);
    return 0;
}

void ts_sim_cover_init(ts_sim *s)
{
    const ts_params *par = &s->par;
    const size_t S = s->S, n = s->n;
    s->cv_np = 0;
    s->cv_kmax = 0;
    if (!s->cv_kcap)
        return;
    size_t K = 0;
    for (size_t e = 0; e < par->n_spread; e++)
        if ((size_t)par->spread[e].classes > K)
            K = (size_t)par->spread[e].classes;
    s->cv_kmax = K;
    for (size_t e = 0; e < par->n_spread; e++) {
        size_t p = (size_t)par->spread_product[e];
        int k = par->spread[e].classes;
        double sig = sqrt(log(1 + par->spread[e].cv * par->spread[e].cv)), mu = -0.5 * sig * sig;
        double sum = 0;
        s->cv_k[p] = k;
        for (int c = 0; c < k; c++) {
            double z = k > 1 ? ts_norm_ppf((c + 0.5) / k) : 0.0;
            s->cv_m[p * K + (size_t)c] = exp(mu + sig * z);
            sum += s->cv_m[p * K + (size_t)c] / k;
        }
        for (int c = 0; c < k; c++)
            s->cv_m[p * K + (size_t)c] /= sum;
    }
    /* the pairs: inputs that count, held as a stock, critical or important (a class
     * structure of an input that never binds would change nothing) */
    size_t np = 0;
    for (size_t j = 0; j < n; j++) {
        s->cv_jp[j] = np;
        for (size_t p = 0; p < S; p++) {
            size_t k = p * n + j;
            s->cv_pair[k] = -1;
            if (s->cv_k[p] && s->uses[k] && (!s->crit || s->crit[k] != TS_CRIT_NONCRITICAL))
                s->cv_pair[k] = (int)np++;
        }
    }
    s->cv_jp[n] = np;
    s->cv_np = np;
    for (size_t k = 0; k < S * n; k++) {
        int pr = s->cv_pair[k];
        if (pr < 0)
            continue;
        size_t p = k / n, j = k % n, kk = (size_t)s->cv_k[p];
        s->cv_pp[pr] = k;
        s->cv_first[pr] = -1;
        double use = s->AC[k] * s->x0[j];
        for (size_t c = 0; c < kk; c++) {
            size_t a = (size_t)pr * K + c;
            s->cv_om[a] = s->s[k] * s->cv_m[p * K + c] * use / (double)kk;
            s->cv_want[a] = use / (double)kk;
            s->cv_x[a] = s->x0[j] / (double)kk;
        }
    }
}

/* Production of industry j on day t with the classes of its spread inputs: x* = xs,
 * r = the share the other inputs allow. Class c makes w x* min(r, f_c), f_c = the least
 * over j's spread inputs of Omega_c / (psi_p m_c s A_C w x*) (important inputs: 1 -
 * beta (1 - that), criticality.c). Records, per spread pair,
 * the share of the industry's output (class weight) whose stock binds, and returns x_j;
 * *lim is set when a class is constrained. */
double ts_sim_cover_production(ts_sim *s, size_t j, double xs, double r, int t, int *lim)
{
    const size_t n = s->n, K = s->cv_kmax, p0 = s->cv_jp[j], p1 = s->cv_jp[j + 1];
    size_t kk = 0;
    for (size_t pr = p0; pr < p1; pr++) {
        size_t p = s->cv_pp[pr] / n;
        if ((size_t)s->cv_k[p] > kk)
            kk = (size_t)s->cv_k[p];
    }
    double *f = s->cv_cls;
    for (size_t c = 0; c < kk; c++)
        f[c] = r;
    for (size_t pr = p0; pr < p1; pr++) {
        size_t k = s->cv_pp[pr], p = k / n, kp = (size_t)s->cv_k[p];
        double stop = 0;
        for (size_t c = 0; c < kp; c++) {
            double need = s->psi_p[p] * s->cv_m[p * K + c] * s->s[k] * s->AC[k] * xs / (double)kp;
            double om = s->cv_om[pr * K + c];
            if (xs > 0 && om < need) {
                /* an important input passes beta of the class's shortfall on */
                double fc = ts_sim_crit_allow(s, k, om > 0 ? om / need : 0.0);
                if (fc < f[c])
                    f[c] = fc;
                stop += 1.0 / (double)kp;
            }
        }
        s->cv_stop[pr] = stop;
        if (stop > s->cv_stopmax[pr])
            s->cv_stopmax[pr] = stop;
        if (stop > 0) {
            *lim = 1;
            if (s->cv_first[pr] < 0)
                s->cv_first[pr] = t;
            if (s->so_first[k] < 0)
                s->so_first[k] = t;
            s->so_last[k] = t;
            s->so_days[k]++;
            float cover = (float)(s->omega[k] / (s->AC[k] * s->x0[j]));
            if (cover < s->so_min[k])
                s->so_min[k] = cover;
        }
    }
    double x = 0;
    for (size_t c = 0; c < kk; c++)
        x += xs * f[c] / (double)kk;
    /* class outputs, for each spread input's use by class (the classes of an input with
     * fewer classes than kk are the first kp of them) */
    for (size_t pr = p0; pr < p1; pr++) {
        size_t p = s->cv_pp[pr] / n, kp = (size_t)s->cv_k[p];
        for (size_t c = 0; c < kp; c++)
            s->cv_x[pr * K + c] = kp == kk ? xs * f[c] / (double)kk : x / (double)kp;
    }
    return x;
}

/* Column j of the daily pass, after the aggregate update of its inputs: the classes of
 * its spread inputs receive today's deliveries in proportion to the orders they placed,
 * use A_C x_c, and order A_C x_c + (m_c s A_C w x* - Omega_c)+ / tau_p. The pair's stock
 * and order become the sums over the classes; g[p] is recomputed from them. */
void ts_sim_cover_column(ts_sim *s, size_t j, const double *recv, double *g, const double *dennew)
{
    const size_t n = s->n, K = s->cv_kmax;
    const double xsj = s->xstar[j];
    for (size_t pr = s->cv_jp[j]; pr < s->cv_jp[j + 1]; pr++) {
        size_t k = s->cv_pp[pr], p = k / n, kp = (size_t)s->cv_k[p];
        double *om = s->cv_om + pr * K, *wc = s->cv_want + pr * K;
        const double *xc = s->cv_x + pr * K;
        double asked = 0;
        for (size_t c = 0; c < kp; c++)
            asked += wc[c];
        double omega = 0, want = 0;
        for (size_t c = 0; c < kp; c++) {
            double got = asked > 0 ? recv[p] * wc[c] / asked : recv[p] / (double)kp;
            double use = s->AC[k] * xc[c];
            om[c] += got - use;
            double gap = s->cv_m[p * K + c] * s->s[k] * s->AC[k] * xsj / (double)kp - om[c];
            double rate = s->so_first[k] >= 0 ? s->inv_catch_p[p] : s->inv_tau_p[p];
            wc[c] = use + (gap > 0 ? gap * rate : 0.0);
            omega += om[c];
            want += wc[c];
        }
        s->omega[k] = omega;
        s->want[k] = want;
        g[p] = dennew[p] > 0 ? want / dennew[p] : 0.0;
    }
}
