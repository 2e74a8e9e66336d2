/* Backward and forward linkages, total and normalised (analysis.h; MB §12.2). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/lu.h"
#include "tradeshock/analysis.h"

/* Divide by the mean (Rasmussen normalisation); a zero mean gives zeros, never NaN. */
static void normalise(const double *t, size_t n, double *out)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += t[i];
    double mean = s / (double)n;
    for (size_t i = 0; i < n; i++)
        out[i] = mean != 0 ? t[i] / mean : 0.0;
}

ts_status ts_linkages(const ts_leontief *lf, const ts_ghosh *gh, double *backward_total,
                      double *forward_total, double *backward, double *forward,
                      ts_error *err)
{
    size_t n = lf ? lf->n : gh ? gh->n : 0;
    if ((backward_total || backward) && !lf)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "backward linkages need the Leontief system");
    if ((forward_total || forward) && !gh && !(lf && lf->ghosh_similar))
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "forward linkages need the Ghosh system for this table (an "
                            "industry with zero output has recorded flows)");
    if (lf && gh && lf->n != gh->n)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "Leontief (n = %zu) and Ghosh (n = %zu) systems differ", lf->n,
                            gh->n);
    double *t = malloc((n ? n : 1) * sizeof *t);
    if (!t)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ts_status st = TS_OK;
    if (backward_total || backward) {
        st = ts_output_multipliers(lf, t, err); /* column sums of L */
        if (st)
            goto done;
        if (backward_total)
            memcpy(backward_total, t, n * sizeof *t);
        if (backward)
            normalise(t, n, backward);
    }
    if (forward_total || forward) {
        if (gh) {
            st = ts_ghosh_row_sums(gh, t, err); /* row sums of G */
        } else {
            /* G 1 = x̂⁻¹ L x on producing industries, 1 elsewhere (analysis.h) */
            st = ts_leontief_solve(lf, lf->x, t, err);
            for (size_t i = 0; i < n && !st; i++)
                t[i] = lf->x[i] > 0 ? t[i] / lf->x[i] : 1.0;
        }
        if (st)
            goto done;
        if (forward_total)
            memcpy(forward_total, t, n * sizeof *t);
        if (forward)
            normalise(t, n, forward);
    }
done:
    free(t);
    return st;
}
