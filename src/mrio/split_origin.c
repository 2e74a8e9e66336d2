/* Sector split, spec v2 (mrio.h, ts_split_spec): the new product's origin mix per buyer
 * region (and buyer sector) is the spec's, exactly; its output by region follows; the
 * parent's rows are rebalanced between origins (RAS) so that every region's pair keeps
 * its output and every column its total. Also the input-column overrides.
 *
 * RAS (biproportional scaling): Bacharach (1970), Biproportional Matrices and
 * Input-Output Change; Miller & Blair (2009), Input-Output Analysis, 2nd ed., §7.4. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mrio/split.h"

#define RAS_MAX_ITER 10000
#define RAS_TOL 1e-13

/* Rebalance the R x C block @p b (row r at b + r*C, only cells > 0 move) to row sums
 * @p a and column sums @p c (Σa = Σc). Returns iterations, or -1 if not converged. */
static int ras(double *b, size_t R, size_t C, const double *a, const double *c)
{
    double *cs = malloc((C > 0 ? C : 1) * sizeof *cs);
    if (!cs)
        return -2;
    int it;
    for (it = 1; it <= RAS_MAX_ITER; it++) {
        for (size_t r = 0; r < R; r++) {
            double s = 0;
            for (size_t j = 0; j < C; j++)
                s += b[r * C + j];
            double f = s > 0 ? a[r] / s : 0.0;
            for (size_t j = 0; j < C; j++)
                b[r * C + j] *= f;
        }
        memset(cs, 0, C * sizeof *cs);
        for (size_t r = 0; r < R; r++)
            for (size_t j = 0; j < C; j++)
                cs[j] += b[r * C + j];
        for (size_t j = 0; j < C; j++) {
            double f = cs[j] > 0 ? c[j] / cs[j] : 0.0;
            for (size_t r = 0; r < R; r++)
                b[r * C + j] *= f;
        }
        double worst = 0;
        for (size_t r = 0; r < R; r++) {
            double s = 0;
            for (size_t j = 0; j < C; j++)
                s += b[r * C + j];
            double e = fabs(s - a[r]) / fmax(a[r], 1.0);
            if (e > worst)
                worst = e;
        }
        if (worst < RAS_TOL)
            break;
    }
    free(cs);
    return it > RAS_MAX_ITER ? -1 : it;
}

ts_status ts_split_sales_v2(ts_mrio *o, size_t P, size_t Snew, const ts_split_spec *spec,
                            const double *target, const unsigned char *zmask,
                            const unsigned char *ymask, ts_split_report *rep, ts_error *err)
{
    size_t R = o->R, S1 = o->S, S = S1 - 1, F = o->F, n1 = o->n, K = R * F, C = n1 + K;
    ts_split_report local = {0};
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    rep->R = R;
    rep->v2 = 1;
    rep->target = calloc(R, sizeof *rep->target);
    rep->output = calloc(R, sizeof *rep->output);
    rep->moved = calloc(R, sizeof *rep->moved);
    /* blk: the parent's rows (positive cells), columns Z then Y; b0: after the carve */
    double *blk = calloc(R * C, sizeof *blk), *b0 = calloc(R * C, sizeof *b0);
    double *colpos = calloc(C, sizeof *colpos), *avail = calloc(C, sizeof *avail);
    double *use = calloc(C, sizeof *use), *a = calloc(R, sizeof *a), *c = calloc(C, sizeof *c);
    double *w_class = calloc(S + 2, sizeof *w_class);
    unsigned char *zm = calloc(n1, 1), *ym = calloc(K > 0 ? K : 1, 1);
    ts_status st = TS_OK;
    if (!rep->target || !rep->output || !rep->moved || !blk || !b0 || !colpos || !avail ||
        !use || !a || !c || !w_class || !zm || !ym) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    for (size_t s = 0; s < S; s++)
        w_class[s] = spec->buyer_share[s];
    w_class[S] = spec->self_share;
    w_class[S + 1] = spec->fd_share;

    double W = 0, pos_sum = 0;
    for (size_t r = 0; r < R; r++) {
        rep->target[r] = target[r];
        W += target[r];
        size_t p = r * S1 + P;
        for (size_t j = 0; j < n1; j++)
            blk[r * C + j] = fmax(o->Z[p * n1 + j], 0.0);
        for (size_t k = 0; k < K; k++)
            blk[r * C + n1 + k] = fmax(o->Y[p * K + k], 0.0);
        for (size_t j = 0; j < C; j++) {
            colpos[j] += blk[r * C + j];
            a[r] += blk[r * C + j];
        }
    }
    for (size_t j = 0; j < C; j++) {
        int ok = j < n1 ? (!zmask || zmask[j]) : (!ymask || ymask[j - n1]);
        avail[j] = ok ? colpos[j] : 0.0;
        pos_sum += colpos[j];
    }

    /* 1. use by buyer column: the world total W over the classes (or each region's
     *    use_musd over its own columns), capped by the parent's sales there */
    for (size_t q = 0; q < (spec->use_musd ? R : 1); q++) {
        double X = spec->use_musd ? spec->use_musd[q] : W;
        if (X <= 0)
            continue;
        for (size_t j = 0; j < n1; j++)
            zm[j] = !spec->use_musd || j / S1 == q;
        for (size_t k = 0; k < K; k++)
            ym[k] = !spec->use_musd || k / F == q;
        double *tmp = malloc(C * sizeof *tmp);
        if (!tmp) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            goto done;
        }
        memcpy(tmp, avail, C * sizeof *tmp);
        char what[160];
        snprintf(what, sizeof what, "%s%s: the parent sector sells", spec->use_musd ? "use_musd." : "",
                 spec->use_musd ? o->regions[q].code : "world");
        st = ts_split_carve(R, S1, F, Snew, S, tmp, tmp + n1, use, use + n1, X, w_class, zm, ym,
                            what, err);
        free(tmp);
        if (st)
            goto done;
    }

    /* 2. the new product's sales with the spec's origin mix; 3. its output */
    for (size_t j = 0; j < C; j++) {
        if (use[j] <= 0)
            continue;
        size_t t = j < n1 ? ts_split_class(j % S1, Snew, S) : S + 1;
        size_t q = j < n1 ? j / S1 : (j - n1) / F;
        const double *sh = spec->import_share + (t * R + q) * R;
        for (size_t r = 0; r < R; r++) {
            double v = sh[r] * use[j];
            size_t i = r * S1 + Snew;
            if (j < n1)
                o->Z[i * n1 + j] = v;
            else
                o->Y[i * K + (j - n1)] = v;
            rep->output[r] += v;
        }
    }

    /* 4. the parent's rows give up the use in proportion to their origins, then RAS */
    for (size_t r = 0; r < R; r++) {
        for (size_t j = 0; j < C; j++)
            if (colpos[j] > 0)
                blk[r * C + j] *= 1.0 - use[j] / colpos[j];
        a[r] -= rep->output[r];
        if (a[r] < -1e-9 * fmax(1.0, pos_sum)) {
            st = ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "import_shares",
                              "region %s: the new product's output %.6g M USD/yr (its origin "
                              "shares x every buyer's use) exceeds what its parent sells "
                              "(%.6g); lower the shares of %s or the use",
                              o->regions[r].code, rep->output[r], a[r] + rep->output[r],
                              o->regions[r].code);
            goto done;
        }
        if (a[r] < 0)
            a[r] = 0;
    }
    for (size_t j = 0; j < C; j++)
        c[j] = colpos[j] - use[j];
    memcpy(b0, blk, R * C * sizeof *b0);
    int it = ras(blk, R, C, a, c);
    if (it == -2) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    if (it < 0) {
        st = ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "import_shares",
                          "cannot rebalance the parent's trade to the new product's origin "
                          "shares (RAS did not converge in %d iterations): a region sells too "
                          "little of the parent to the buyers that would have to take it",
                          RAS_MAX_ITER);
        goto done;
    }
    rep->iterations = it;
    for (size_t r = 0; r < R; r++) {
        size_t p = r * S1 + P;
        for (size_t j = 0; j < C; j++) {
            double *cell = j < n1 ? &o->Z[p * n1 + j] : &o->Y[p * K + (j - n1)];
            if (*cell < 0)
                continue; /* negative cells (inventory changes) stay as they were */
            rep->moved[r] += blk[r * C + j] - b0[r * C + j];
            rep->moved_total += fabs(blk[r * C + j] - b0[r * C + j]) / 2;
            *cell = blk[r * C + j];
        }
        size_t q = r * S1 + Snew;
        double pair = o->x[p] + o->x[q];
        o->x[q] = rep->output[r];
        o->x[p] = pair - rep->output[r];
    }
done:
    free(blk);
    free(b0);
    free(colpos);
    free(avail);
    free(use);
    free(a);
    free(c);
    free(w_class);
    free(zm);
    free(ym);
    if (st || rep == &local)
        ts_split_report_free(rep);
    return st;
}

ts_status ts_split_inputs(ts_mrio *o, size_t P, size_t Snew, const ts_split_spec *spec,
                          const char *const *region_codes, ts_error *err)
{
    size_t R = o->R, S1 = o->S, S = S1 - 1, n1 = o->n;
    for (size_t q = 0; q < R; q++) {
        size_t pc = q * S1 + P, nc = q * S1 + Snew;
        double xn = o->x[nc];
        if (xn <= 0)
            continue;
        for (size_t t = 0; t < S1; t++) {
            size_t cls = ts_split_class(t, Snew, S);
            double coef = spec->input_coef ? spec->input_coef[cls] : NAN;
            const double *om = spec->input_origin ? spec->input_origin + cls * R : NULL;
            if (om && isnan(om[0]))
                om = NULL;
            if (isnan(coef) && !om)
                continue;
            double pair = 0, mine = 0;
            for (size_t r = 0; r < R; r++) {
                size_t i = r * S1 + t;
                pair += o->Z[i * n1 + pc] + o->Z[i * n1 + nc];
                mine += o->Z[i * n1 + nc];
            }
            double D = isnan(coef) ? mine : coef * xn;
            if (D > pair * (1 + 1e-12)) {
                return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "inputs",
                                    "%s: region %s: the new product would buy %.6g M USD/yr "
                                    "of %s but it and its parent buy only %.6g",
                                    o->sectors[t].code, region_codes[q], D,
                                    o->sectors[t].code, pair);
            }
            for (size_t r = 0; r < R; r++) {
                size_t i = r * S1 + t;
                double cp = o->Z[i * n1 + pc] + o->Z[i * n1 + nc];
                double v = om ? om[r] * D : (pair > 0 ? D * cp / pair : 0.0);
                if (v > cp * (1 + 1e-12) + 1e-12) {
                    return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "input_origins",
                                        "%s.%s: region %s: the new product would buy %.6g "
                                        "M USD/yr of %s from %s but it and its parent buy "
                                        "only %.6g there",
                                        o->sectors[t].code, region_codes[r], region_codes[q], v,
                                        o->sectors[t].code, region_codes[r], cp);
                }
                if (v > cp)
                    v = cp;
                o->Z[i * n1 + nc] = v;
                o->Z[i * n1 + pc] = cp - v;
            }
        }
    }
    return TS_OK;
}
