/* LU factorisation of (I - C) with singularity and conditioning checks (analysis.h,
 * "Numerics"). Shared by the Leontief (C = A) and Ghosh (C = B) handles. */
#include "analysis/lu.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ts_industry_name(const ts_mrio *m, size_t i, char *buf, size_t len)
{
    if (m && m->S && i < m->n) {
        size_t r = i / m->S, s = i % m->S;
        const char *rc = m->regions ? m->regions[r].code : NULL;
        const char *sc = m->sectors ? m->sectors[s].code : NULL;
        if (rc && sc) {
            snprintf(buf, len, "%s_%s", rc, sc);
            return;
        }
        snprintf(buf, len, "r%zu_s%zu", r, s);
        return;
    }
    snprintf(buf, len, "industry %zu", i);
}

ts_status ts_check_finite_table(const ts_mrio *m, ts_error *err)
{
    size_t n = m->n;
    char name[256], name2[256];
    for (size_t j = 0; j < n; j++)
        if (!isfinite(m->x[j])) {
            ts_industry_name(m, j, name, sizeof name);
            return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                                "gross output x of %s is not a finite number", name);
        }
    for (size_t i = 0; i < n; i++) {
        const double *row = m->Z + i * n;
        for (size_t j = 0; j < n; j++)
            if (!isfinite(row[j])) {
                ts_industry_name(m, i, name, sizeof name);
                ts_industry_name(m, j, name2, sizeof name2);
                return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                                    "Z[%s, %s] is not a finite number", name, name2);
            }
    }
    return TS_OK;
}

void ts_lu_free(struct ts_lu *lu)
{
    if (!lu)
        return;
    free(lu->f);
    free(lu->ipiv);
    free(lu);
}

/* Append "NAME (sum S), ..." for every industry with sums[i] >= limit (at most 10). */
static void list_sums(char *buf, size_t len, const ts_mrio *m, const double *sums, size_t n,
                      double limit)
{
    size_t off = 0, shown = 0, more = 0;
    buf[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(sums[i] >= limit))
            continue;
        if (shown == 10) {
            more++;
            continue;
        }
        char name[256];
        ts_industry_name(m, i, name, sizeof name);
        if (off < len)
            off += (size_t)snprintf(buf + off, len - off, "%s%s (sum %.12g)", shown ? ", " : "",
                                    name, sums[i]);
        shown++;
    }
    if (more && off < len)
        snprintf(buf + off, len - off, " and %zu more", more);
}

ts_status ts_lu_factor(const double *C, size_t n, const ts_mrio *m, const char *cname,
                       ts_lu_axis axis, const ts_logger *log, struct ts_lu **out,
                       ts_error *err)
{
    *out = NULL;
    const char *what = axis == TS_LU_COLUMNS ? "columns" : "rows";
    if (n == 0)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL, "empty table (n = 0)");
    if (n > (size_t)INT_MAX / 2)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "table too large for LAPACK (n = %zu)", n);

    struct ts_lu *lu = calloc(1, sizeof *lu);
    double *sums = calloc(n, sizeof *sums);
    double *colabs = calloc(n, sizeof *colabs);
    double *work = malloc(4 * n * sizeof *work);
    lapack_int *iwork = malloc(n * sizeof *iwork);
    char list[1024];
    ts_status st = TS_OK;
    if (!lu || !sums || !colabs || !work || !iwork)
        goto nomem;
    lu->n = n;
    lu->f = malloc(n * n * sizeof *lu->f);
    lu->ipiv = malloc(n * sizeof *lu->ipiv);
    if (!lu->f || !lu->ipiv)
        goto nomem;

    /* M = I - C (row-major); its column sums of |M| give ||M||_1 for dgecon. */
    for (size_t i = 0; i < n; i++) {
        const double *c = C + i * n;
        double *f = lu->f + i * n;
        for (size_t j = 0; j < n; j++) {
            double v = c[j];
            if (!isfinite(v)) {
                char a[256], b[256];
                ts_industry_name(m, i, a, sizeof a);
                ts_industry_name(m, j, b, sizeof b);
                st = ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                                  "%s[%s, %s] is not a finite number", cname, a, b);
                goto fail;
            }
            if (axis == TS_LU_COLUMNS)
                sums[j] += v;
            else
                sums[i] += v;
            f[j] = (i == j ? 1.0 : 0.0) - v;
            colabs[j] += fabs(f[j]);
        }
    }
    double anorm = 0;
    for (size_t j = 0; j < n; j++)
        if (colabs[j] > anorm)
            anorm = colabs[j];

    /* The buffer read column-major is M': factorise it in place (see lu.h). */
    lapack_int N = (lapack_int)n;
    lapack_int info = LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, N, N, lu->f, N, lu->ipiv);
    if (info < 0) {
        st = ts_error_set(err, TS_ERR_INTERNAL, NULL, 0, 0, NULL,
                          "dgetrf rejected argument %d", (int)-info);
        goto fail;
    }
    double rcond = 0;
    if (info == 0) {
        /* ||M'||_inf = ||M||_1, so this estimates 1/cond_1(M). */
        lapack_int ci = LAPACKE_dgecon_work(LAPACK_COL_MAJOR, 'I', N, lu->f, N, anorm, &rcond,
                                            work, iwork);
        if (ci != 0 || !isfinite(rcond))
            rcond = 0;
    }
    lu->rcond = rcond;

    if (info > 0 || rcond < (double)n * DBL_EPSILON) {
        char how[128];
        if (info > 0)
            snprintf(how, sizeof how, "an exactly zero pivot in the LU factorisation");
        else
            snprintf(how, sizeof how, "reciprocal condition number %.3g < n*eps", rcond);
        list_sums(list, sizeof list, m, sums, n, 1.0 - 1e-9);
        if (list[0]) {
            if (axis == TS_LU_COLUMNS)
                st = ts_error_set(err, TS_ERR_SINGULAR, NULL, 0, 0, NULL,
                                  "I - %s singular (%s): the columns of %s for %s add up to 1 or "
                                  "more: these industries have no value added (their inputs use "
                                  "up all their output), so the Leontief inverse (I - %s)^-1 "
                                  "does not exist",
                                  cname, how, cname, list, cname);
            else
                st = ts_error_set(err, TS_ERR_SINGULAR, NULL, 0, 0, NULL,
                                  "I - %s singular (%s): the rows of %s for %s add up to 1 or "
                                  "more: these industries sell all their output to other "
                                  "industries (no final demand), so the Ghosh inverse "
                                  "(I - %s)^-1 does not exist",
                                  cname, how, cname, list, cname);
        } else {
            char name[256] = "";
            if (info > 0)
                ts_industry_name(m, (size_t)(info - 1), name, sizeof name);
            st = ts_error_set(err, TS_ERR_SINGULAR, NULL, 0, 0, NULL,
                              "I - %s singular (%s)%s%s: no %s of %s sums to 1 or more, but "
                              "the industries' flows are linearly dependent",
                              cname, how, name[0] ? "; the dependence involves " : "", name,
                              axis == TS_LU_COLUMNS ? "column" : "row", cname);
        }
        goto fail;
    }
    if (rcond < TS_RCOND_WARN) {
        list_sums(list, sizeof list, m, sums, n, 1.0 - 1e-6);
        ts_log(log, TS_LOG_WARN,
               "I - %s is ill-conditioned (nearly singular): condition number (1-norm) "
               "~ %.2g (rcond %.3g); results are computed but may have lost about %.0f "
               "significant digits%s%s%s%s",
               cname, 1.0 / rcond, rcond, floor(-log10(rcond)),
               list[0] ? "; " : "", list[0] ? what : "", list[0] ? " near or above 1: " : "",
               list);
    } else {
        list_sums(list, sizeof list, m, sums, n, 1.0);
        if (list[0])
            ts_log(log, TS_LOG_WARN,
                   "%s of %s summing to 1 or more: %s; (I - %s) is still invertible "
                   "(condition number ~ %.2g) but the Hawkins-Simon conditions fail, so "
                   "the inverse may have negative entries",
                   what, cname, list, cname, 1.0 / rcond);
    }
    free(sums);
    free(colabs);
    free(work);
    free(iwork);
    *out = lu;
    return TS_OK;
nomem:
    st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL,
                      "out of memory factorising I - %s (n = %zu)", cname, n);
fail:
    ts_lu_free(lu);
    free(sums);
    free(colabs);
    free(work);
    free(iwork);
    return st;
}

ts_status ts_lu_solve(const struct ts_lu *lu, int transposed, size_t nrhs, double *b,
                      const char *cname, ts_error *err)
{
    if (nrhs == 0)
        return TS_OK;
    if (nrhs > (size_t)INT_MAX)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL, "too many right-hand sides");
    lapack_int N = (lapack_int)lu->n;
    /* The factors are of M' (lu.h): M x = b needs 'T', M' x = b needs 'N'. */
    lapack_int info = LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, transposed ? 'N' : 'T', N,
                                          (lapack_int)nrhs, lu->f, N, lu->ipiv, b, N);
    if (info != 0)
        return ts_error_set(err, TS_ERR_INTERNAL, NULL, 0, 0, NULL,
                            "dgetrs rejected argument %d", (int)-info);
    size_t total = lu->n * nrhs;
    for (size_t k = 0; k < total; k++)
        if (!isfinite(b[k])) {
            /* never hand NaN/Inf back, even on the error path */
            memset(b, 0, total * sizeof *b);
            return ts_error_set(err, TS_ERR_SINGULAR, NULL, 0, 0, NULL,
                                "solving with I - %s gave a non-finite result (condition "
                                "number ~ %.2g): I - %s is numerically singular",
                                cname, 1.0 / lu->rcond, cname);
        }
    return TS_OK;
}
