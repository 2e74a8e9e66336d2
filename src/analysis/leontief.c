/* Demand-driven model: A = Z x̂⁻¹, the factorised (I - A), x = L y, 1'L, columns of L
 * (analysis.h; MB §2.2-2.3, §6.2.1). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/lu.h"
#include "tradeshock/analysis.h"

/* Warn once about negative outputs (treated as zero output here). */
static void warn_negative_x(const ts_mrio *m, const ts_logger *log)
{
    size_t count = 0, first = 0;
    for (size_t j = 0; j < m->n; j++)
        if (m->x[j] < 0 && !count++)
            first = j;
    if (!count)
        return;
    char name[256];
    ts_industry_name(m, first, name, sizeof name);
    ts_log(log, TS_LOG_WARN,
           "%zu industr%s with negative gross output (first: %s, x = %g) treated as "
           "zero-output: its coefficients are set to 0",
           count, count == 1 ? "y" : "ies", name, m->x[first]);
}

ts_status ts_technical_coefficients(const ts_mrio *m, const ts_logger *log, double *A,
                                    ts_error *err)
{
    ts_status st = ts_check_finite_table(m, err);
    if (st)
        return st;
    size_t n = m->n;
    warn_negative_x(m, log);
    for (size_t i = 0; i < n; i++) {
        const double *z = m->Z + i * n;
        double *a = A + i * n;
        for (size_t j = 0; j < n; j++)
            /* docs/model.md §0: a zero-output column is a zero column, never 0/0 */
            a[j] = m->x[j] > 0 ? z[j] / m->x[j] : 0.0;
    }
    return TS_OK;
}

void ts_final_demand_total(const ts_mrio *m, double *y)
{
    size_t n = m->n, K = m->R * m->F;
    for (size_t i = 0; i < n; i++) {
        const double *row = m->Y + i * K;
        double s = 0;
        for (size_t k = 0; k < K; k++)
            s += row[k];
        y[i] = s;
    }
}

void ts_leontief_free(ts_leontief *lf)
{
    if (!lf)
        return;
    free(lf->A);
    free(lf->x);
    ts_lu_free(lf->lu);
    free(lf);
}

ts_status ts_leontief_create(const ts_mrio *m, const ts_logger *log, ts_leontief **out,
                             ts_error *err)
{
    *out = NULL;
    ts_status st;
    ts_leontief *lf = calloc(1, sizeof *lf);
    if (!lf)
        goto nomem;
    lf->R = m->R;
    lf->S = m->S;
    lf->n = m->n;
    lf->A = malloc(m->n * m->n * sizeof *lf->A);
    lf->x = malloc(m->n * sizeof *lf->x);
    if (!lf->A || !lf->x)
        goto nomem;
    st = ts_technical_coefficients(m, log, lf->A, err);
    if (st)
        goto fail;
    memcpy(lf->x, m->x, m->n * sizeof *lf->x);
    /* analysis.h: G = x̂⁻¹ L x̂ when non-producing industries have no recorded flows */
    lf->ghosh_similar = 1;
    for (size_t k = 0; k < m->n && lf->ghosh_similar; k++) {
        if (m->x[k] > 0)
            continue;
        for (size_t j = 0; j < m->n; j++)
            if (m->Z[k * m->n + j] != 0 || m->Z[j * m->n + k] != 0) {
                lf->ghosh_similar = 0;
                break;
            }
    }
    st = ts_lu_factor(lf->A, m->n, m, "A", TS_LU_COLUMNS, log, &lf->lu, err);
    if (st)
        goto fail;
    lf->rcond = lf->lu->rcond;
    *out = lf;
    return TS_OK;
nomem:
    st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL,
                      "out of memory for the Leontief system (n = %zu)", m->n);
fail:
    ts_leontief_free(lf);
    return st;
}

ts_status ts_leontief_solve(const ts_leontief *lf, const double *y, double *x, ts_error *err)
{
    if (x != y)
        memmove(x, y, lf->n * sizeof *x);
    return ts_lu_solve(lf->lu, 0, 1, x, "A", err);
}

ts_status ts_leontief_solve_row(const ts_leontief *lf, const double *c, double *out,
                                ts_error *err)
{
    if (out != c)
        memmove(out, c, lf->n * sizeof *out);
    return ts_lu_solve(lf->lu, 1, 1, out, "A", err);
}

ts_status ts_leontief_columns(const ts_leontief *lf, const size_t *cols, size_t k, double *out,
                              ts_error *err)
{
    size_t n = lf->n;
    if (k == 0)
        return TS_OK;
    for (size_t c = 0; c < k; c++)
        if (cols[c] >= n)
            return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                                "column %zu out of range (n = %zu)", cols[c], n);
    /* Solve (I - A) X = [e_cols] with X column-major, then transpose into out. */
    double *X = calloc(n * k, sizeof *X);
    if (!X)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory (n x %zu)", k);
    for (size_t c = 0; c < k; c++)
        X[c * n + cols[c]] = 1.0;
    ts_status st = ts_lu_solve(lf->lu, 0, k, X, "A", err);
    if (!st)
        for (size_t i = 0; i < n; i++)
            for (size_t c = 0; c < k; c++)
                out[i * k + c] = X[c * n + i];
    free(X);
    return st;
}

ts_status ts_leontief_inverse(const ts_leontief *lf, double *L, ts_error *err)
{
    size_t n = lf->n;
    /* (I - A)' X = I gives X = L' column-major, which is L row-major. */
    memset(L, 0, n * n * sizeof *L);
    for (size_t i = 0; i < n; i++)
        L[i * n + i] = 1.0;
    return ts_lu_solve(lf->lu, 1, n, L, "A", err);
}

ts_status ts_output_multipliers(const ts_leontief *lf, double *mult, ts_error *err)
{
    /* MB §6.2.1: m_j = Σ_i L_ij, i.e. m' = 1' L */
    for (size_t j = 0; j < lf->n; j++)
        mult[j] = 1.0;
    return ts_lu_solve(lf->lu, 1, 1, mult, "A", err);
}
