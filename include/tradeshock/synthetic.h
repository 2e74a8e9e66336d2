/**
 * @file synthetic.h
 * @brief Synthetic, valid MRIO tables of any size, for benchmarks and tests
 *        (`tradeshock convert --synthetic RxS`, docs/formats.md "Synthetic tables").
 *
 * The table is built in the Leontief way (Miller & Blair 2009 §2.3), so it is balanced
 * and positive by construction:
 *  1. technical coefficients A (n x n, n = R*S): cell (i, j) is non-zero with probability
 *     p_dom when i and j are in the same region (the diagonal always), p_for otherwise,
 *     with p_dom = min(1, 4 D, D n / S) and p_for = (D n - p_dom S) / (n - S) clipped to
 *     [0, 1], so that the expected share of non-zero cells is the density D and domestic
 *     blocks are denser than foreign ones (WIOD 2011, data/wiod2011: 20 % of cells are
 *     non-zero, 83 % of domestic and 18 % of foreign ones; D = 0.2 gives 80 % and 17 %).
 *     Column j's intermediate inputs are a share 1 - va_j of its output, va_j ~
 *     U(0.28, 0.72) (the 10th and 90th percentiles of WIOD 2011's value-added shares);
 *     83 % of them are bought at home when the column has foreign suppliers (WIOD 2011:
 *     83 %). Within the domestic and foreign parts, weights are 0.05 + U(0, 1), foreign
 *     ones times the supplier region's size.
 *  2. final demand Y0_i = 1000 a_r b_s M USD/year, with region sizes a_r and sector sizes
 *     b_s log-normal (sigma 1 and 0.8, assumed); 91 % of it is consumed at home when R > 1
 *     (WIOD 2011: 91 %), the rest
 *     by the other regions in proportion to their size times 0.05 + U(0, 1).
 *  3. gross output x solves x = A x + Y0 by fixed-point (Jacobi) iteration until the
 *     largest relative change is below 1e-9 (it converges: every column of A sums to at
 *     most 0.72); then Z = A diag(x), and each row's final demand is the residual
 *     x_i - sum_j Z_ij split in the shares of step 2, so rows balance to rounding and
 *     value added v = x - colsum(Z) has the shares va_j up to rounding.
 * Random numbers: Random123 Philox-4x32-10 keyed by the seed, one counter per cell, so
 * the table depends only on (R, S, D, seed), not on the order of computation.
 * Labels: regions R001..., sectors S001... (width grows with the count), one final-demand
 * category `FD`. Units M USD/year.
 */
#ifndef TRADESHOCK_SYNTHETIC_H
#define TRADESHOCK_SYNTHETIC_H

#include <stdint.h>

#include "tradeshock/mrio.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What to generate. */
typedef struct ts_synthetic_spec {
    size_t regions;   /**< R >= 1 */
    size_t sectors;   /**< S >= 1; R*S <= 50 000 */
    double density;   /**< expected share of non-zero cells of Z, in (0, 1]; 1 = dense */
    uint64_t seed;    /**< any value; same spec => identical table */
} ts_synthetic_spec;

/**
 * Build the synthetic table described above. The result passes ts_mrio_check() without
 * warnings. Errors: TS_ERR_INPUT (R or S zero, R*S above 50 000, density outside (0, 1]),
 * TS_ERR_NOMEM (the dense Z needs 8 n^2 bytes: 800 MB at n = 10 000).
 */
ts_status ts_mrio_synthetic(const ts_synthetic_spec *spec, ts_mrio **out, ts_error *err);

/**
 * Parse "RxS" (e.g. "41x35") into @p spec->regions and sectors. Error: TS_ERR_INPUT
 * naming the text and the form expected.
 */
ts_status ts_synthetic_parse_dims(const char *text, ts_synthetic_spec *spec, ts_error *err);

#ifdef __cplusplus
}
#endif
#endif
