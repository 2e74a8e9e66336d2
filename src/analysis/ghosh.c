/* Supply-driven (Ghosh) model: B = x̂⁻¹ Z, G = (I - B)⁻¹, x' = v' G (analysis.h;
 * MB §12.1). Miller-Blair orientation: pymrio's calc_G is the transpose of this G. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/lu.h"
#include "tradeshock/analysis.h"

ts_status ts_allocation_coefficients(const ts_mrio *m, const ts_logger *log, double *B,
                                     ts_error *err)
{
    (void)log;
    ts_status st = ts_check_finite_table(m, err);
    if (st)
        return st;
    size_t n = m->n;
    for (size_t i = 0; i < n; i++) {
        const double *z = m->Z + i * n;
        double *b = B + i * n;
        /* a zero-output row is a zero row, never 0/0 (as for A, docs/model.md §0) */
        double xi = m->x[i];
        for (size_t j = 0; j < n; j++)
            b[j] = xi > 0 ? z[j] / xi : 0.0;
    }
    return TS_OK;
}

void ts_ghosh_free(ts_ghosh *gh)
{
    if (!gh)
        return;
    free(gh->B);
    ts_lu_free(gh->lu);
    free(gh);
}

ts_status ts_ghosh_create(const ts_mrio *m, const ts_logger *log, ts_ghosh **out,
                          ts_error *err)
{
    *out = NULL;
    ts_status st;
    ts_ghosh *gh = calloc(1, sizeof *gh);
    if (!gh)
        goto nomem;
    gh->R = m->R;
    gh->S = m->S;
    gh->n = m->n;
    gh->B = malloc(m->n * m->n * sizeof *gh->B);
    if (!gh->B)
        goto nomem;
    st = ts_allocation_coefficients(m, log, gh->B, err);
    if (st)
        goto fail;
    st = ts_lu_factor(gh->B, m->n, m, "B", TS_LU_ROWS, log, &gh->lu, err);
    if (st)
        goto fail;
    gh->rcond = gh->lu->rcond;
    *out = gh;
    return TS_OK;
nomem:
    st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL,
                      "out of memory for the Ghosh system (n = %zu)", m->n);
fail:
    ts_ghosh_free(gh);
    return st;
}

ts_status ts_ghosh_solve_row(const ts_ghosh *gh, const double *v, double *x, ts_error *err)
{
    /* MB §12.1: x' = v' (I - B)⁻¹  <=>  (I - B)' x = v */
    if (x != v)
        memmove(x, v, gh->n * sizeof *x);
    return ts_lu_solve(gh->lu, 1, 1, x, "B", err);
}

ts_status ts_ghosh_row_sums(const ts_ghosh *gh, double *g, ts_error *err)
{
    /* g = G 1  <=>  (I - B) g = 1 */
    for (size_t i = 0; i < gh->n; i++)
        g[i] = 1.0;
    return ts_lu_solve(gh->lu, 0, 1, g, "B", err);
}

ts_status ts_ghosh_inverse(const ts_ghosh *gh, double *G, ts_error *err)
{
    size_t n = gh->n;
    /* (I - B)' X = I gives X = G' column-major, which is G row-major. */
    memset(G, 0, n * n * sizeof *G);
    for (size_t i = 0; i < n; i++)
        G[i * n + i] = 1.0;
    return ts_lu_solve(gh->lu, 1, n, G, "B", err);
}
