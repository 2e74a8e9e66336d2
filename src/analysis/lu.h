/* Private to src/analysis/: the LU factorisation of (I - C) shared by the Leontief
 * (C = A) and Ghosh (C = B) handles, and small helpers. Not part of the public API. */
#ifndef TS_ANALYSIS_LU_H
#define TS_ANALYSIS_LU_H

#include <stddef.h>

#include <lapacke.h>

#include "tradeshock/analysis.h"

/*
 * Storage trick: the row-major buffer of M = I - C is, read column-major, M'. LAPACK
 * factorises that buffer in place (column-major, no copy or transposition), so we hold
 * the LU factors of M'. Then
 *   M x = b   (x = M⁻¹ b,   e.g. x = L y)   is dgetrs with trans = 'T';
 *   M' x = b  (x' = b' M⁻¹, e.g. m' = 1' L)  is dgetrs with trans = 'N'.
 */
struct ts_lu {
    size_t n;
    double *f;     /* [n*n] LU factors of M' (column-major) */
    lapack_int *ipiv; /* [n] row pivots of the factorisation */
    double rcond;  /* dgecon estimate of 1/cond_1(M) */
};

/* Which sums of C explain a singular or ill-conditioned (I - C):
 * columns for A (inputs per unit of output), rows for B (sales per unit of output). */
typedef enum { TS_LU_COLUMNS = 0, TS_LU_ROWS = 1 } ts_lu_axis;

/* Factorise I - C (C row-major n x n). @p m supplies labels for messages (may be NULL);
 * @p cname is "A" or "B". Allocates *out. Errors: TS_ERR_SINGULAR, TS_ERR_NOMEM. */
ts_status ts_lu_factor(const double *C, size_t n, const ts_mrio *m, const char *cname,
                       ts_lu_axis axis, const ts_logger *log, struct ts_lu **out,
                       ts_error *err);

/* Solve with nrhs right-hand sides stored column-major in b (b[k*n + i]), in place.
 * transposed = 0: M x = b; transposed = 1: M' x = b. Checks the result is finite. */
ts_status ts_lu_solve(const struct ts_lu *lu, int transposed, size_t nrhs, double *b,
                      const char *cname, ts_error *err);

void ts_lu_free(struct ts_lu *lu);

/* "CHN_c12" for industry i of @p m, or "r3_s12" (0-based) when labels are missing. */
void ts_industry_name(const ts_mrio *m, size_t i, char *buf, size_t len);

/* Check Z and x are finite (TS_ERR_INPUT naming the first bad cell otherwise). */
ts_status ts_check_finite_table(const ts_mrio *m, ts_error *err);

#endif
