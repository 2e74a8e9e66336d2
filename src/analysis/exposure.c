/* Supply-chain exposure E[(r,p), j] = (L - I)_{(r,p),j} / Σ_r' (L - I)_{(r',p),j}
 * (analysis.h; docs/model.md §1). */
#include <stdlib.h>
#include <string.h>

#include "analysis/lu.h"
#include "tradeshock/analysis.h"

ts_status ts_exposure(const ts_leontief *lf, size_t region, double *req, double *share,
                      ts_error *err)
{
    size_t R = lf->R, S = lf->S, n = lf->n;
    if (region >= R)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "region index %zu out of range (R = %zu)", region, R);
    size_t *cols = calloc(S, sizeof *cols);
    double *tot = calloc(S * S, sizeof *tot);
    if (!cols || !tot) {
        free(cols);
        free(tot);
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    for (size_t s = 0; s < S; s++)
        cols[s] = region * S + s;
    /* req = L[:, region's columns] (n x S), then L - I */
    ts_status st = ts_leontief_columns(lf, cols, S, req, err);
    if (st)
        goto done;
    for (size_t s = 0; s < S; s++)
        req[(region * S + s) * S + s] -= 1.0;
    /* tot[p*S + s] = Σ_r req[(r*S + p)*S + s]: j's whole requirement of product p */
    for (size_t i = 0; i < n; i++) {
        size_t p = i % S;
        for (size_t s = 0; s < S; s++)
            tot[p * S + s] += req[i * S + s];
    }
    for (size_t i = 0; i < n; i++) {
        size_t p = i % S;
        for (size_t s = 0; s < S; s++) {
            double t = tot[p * S + s];
            share[i * S + s] = t > 0 ? req[i * S + s] / t : 0.0;
        }
    }
done:
    free(cols);
    free(tot);
    return st;
}
