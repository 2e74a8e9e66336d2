/**
 * @file analysis.h
 * @brief The static input-output toolbox: technical and allocation coefficients,
 *        Leontief and Ghosh inverses, output multipliers, backward/forward linkages,
 *        hypothetical extraction, supply-chain exposure and supply concentration (HHI).
 *
 * Conventions (docs/model.md §0-§1, design.md §3):
 * - R regions, S sectors (= products), n = R*S industries; industry i = (r, s) has index
 *   `i = r*S + s` (region-major).
 * - Every matrix is a dense, row-major `double` array: element (i, j) of an n x n
 *   matrix M is `M[i*n + j]`; rows = supplying industry, columns = using industry.
 * - Flows are in the table's unit, M USD/year for the shipped tables. Coefficients
 *   (A, B, L, G, multipliers, exposure) are dimensionless (M USD per M USD).
 * - Arrays passed in are borrowed; output arrays are allocated by the caller with the
 *   size stated in each docstring. Handles (::ts_leontief, ::ts_ghosh) own what they
 *   hold and are released with their `_free` function.
 * - No function returns NaN or Inf in an output: a computation that would is refused
 *   with an error (TS_ERR_SINGULAR for (I - A) problems, TS_ERR_INPUT for bad input).
 *
 * The equations are those of Miller & Blair, *Input-Output Analysis: Foundations and
 * Extensions*, 2nd ed., Cambridge University Press, 2009 (cited below as "MB"). Section
 * numbers refer to that edition; docs/analysis.md gives the derivations and examples.
 *
 * Numerics: (I - A) is factorised once with LAPACK's LU (dgetrf, partial pivoting) and
 * every product with L is obtained by a triangular solve (dgetrs) rather than by forming
 * L, so `x = L y`, `m' = 1' L` and `x' = v' G` cost O(n^2) after one O(n^3) factorisation.
 * The 1-norm condition number of (I - A) is estimated with dgecon:
 * - an exactly zero pivot, or rcond < n * DBL_EPSILON (no correct digit left), is
 *   TS_ERR_SINGULAR with a message that says "I - A singular" and names the industries
 *   whose column of A sums to 1 or more (the usual cause: no value added);
 * - rcond < ::TS_RCOND_WARN (condition number above 1e8) is accepted with a warning
 *   that quotes the estimate and names the columns of A whose sums are near or above 1;
 * - a column of A summing to 1 or more in an otherwise invertible (I - A) (negative
 *   value added, e.g. a subsidised industry) is accepted with a warning: the Hawkins-
 *   Simon conditions fail and L may have negative entries (MB §2.9).
 */
#ifndef TRADESHOCK_ANALYSIS_H
#define TRADESHOCK_ANALYSIS_H

#include <stddef.h>

#include "tradeshock/mrio.h"
#include "tradeshock/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Reciprocal 1-norm condition number of (I - A) below which a warning is logged. */
#define TS_RCOND_WARN 1e-8

/* ------------------------------------------------------------------------------------ */
/* Coefficients                                                                          */
/* ------------------------------------------------------------------------------------ */

/**
 * Technical (input) coefficients A = Z x̂⁻¹: `A[i*n + j] = Z[i*n + j] / x[j]`
 * (MB §2.2, input coefficients a_ij = z_ij / x_j).
 *
 * An industry with x_j <= 0 gets a zero column (0/0 is defined as 0; never NaN). A
 * negative x_j should have been repaired by ts_mrio_check(); here it is treated like a
 * zero output (a warning is logged to @p log).
 *
 * @param m   the table (n = m->n)
 * @param log warnings (may be NULL)
 * @param A   out: [n*n] row-major, dimensionless
 * @return TS_OK, or TS_ERR_INPUT when Z or x holds NaN/Inf (the message names the cell).
 */
ts_status ts_technical_coefficients(const ts_mrio *m, const ts_logger *log, double *A,
                                    ts_error *err);

/**
 * Allocation (output) coefficients of the Ghosh model B = x̂⁻¹ Z:
 * `B[i*n + j] = Z[i*n + j] / x[i]` (MB §12.1, b_ij = z_ij / x_i): the share of i's
 * output sold to j. A row with x_i <= 0 is zero.
 *
 * @param B out: [n*n] row-major, dimensionless
 * @return TS_OK or TS_ERR_INPUT (NaN/Inf in Z or x).
 */
ts_status ts_allocation_coefficients(const ts_mrio *m, const ts_logger *log, double *B,
                                     ts_error *err);

/**
 * Total final demand per industry, y = Y 1 (row sums of Y over all R*F final-demand
 * columns, negative inventory changes included), M USD/yr.
 * @param y out: [n]
 */
void ts_final_demand_total(const ts_mrio *m, double *y);

/* ------------------------------------------------------------------------------------ */
/* Leontief (demand-driven) model                                                        */
/* ------------------------------------------------------------------------------------ */

struct ts_lu;

/**
 * A factorised Leontief system: A and the LU factors of (I - A).
 * Fields are public for reading; create with ts_leontief_create(), free with
 * ts_leontief_free().
 */
typedef struct ts_leontief {
    size_t R, S, n;     /**< dimensions of the table it was built from */
    double *A;          /**< [n*n] technical coefficients, row-major */
    double *x;          /**< [n] gross output of the table (copy), M USD/yr */
    double rcond;       /**< dgecon estimate of 1 / cond_1(I - A), in (0, 1] */
    int ghosh_similar;  /**< 1 when every industry with x <= 0 has an all-zero row and
                             column of Z: then B = x̂⁻¹ A x̂ on the producing industries and
                             G = x̂⁻¹ L x̂ (identity elsewhere), so the Ghosh row sums follow
                             from L without a second factorisation (ts_linkages()) */
    struct ts_lu *lu;   /**< private: LU factors of (I - A) */
} ts_leontief;

/**
 * Build A from @p m and factorise (I - A) with dgetrf (MB §2.3: L = (I - A)⁻¹,
 * x = L f). L itself is not formed; use ts_leontief_solve() and friends.
 *
 * Errors: TS_ERR_INPUT (NaN/Inf in the table), TS_ERR_SINGULAR ("I - A singular",
 * naming the industries concerned), TS_ERR_NOMEM. Warnings (to @p log): ill-conditioned
 * (I - A) with the condition estimate; columns of A summing to >= 1.
 */
ts_status ts_leontief_create(const ts_mrio *m, const ts_logger *log, ts_leontief **out,
                             ts_error *err);

/** Free a Leontief handle (NULL is a no-op). */
void ts_leontief_free(ts_leontief *lf);

/**
 * x = L y, i.e. solve (I - A) x = y (MB §2.3, x = (I - A)⁻¹ f).
 * @param y [n] final demand (any unit; x has the same unit)
 * @param x out: [n] gross output; may alias @p y
 * @return TS_OK or TS_ERR_SINGULAR if the result would not be finite.
 */
ts_status ts_leontief_solve(const ts_leontief *lf, const double *y, double *x,
                            ts_error *err);

/**
 * out' = c' L, i.e. solve (I - A)' out = c. With c = 1 this gives the output multipliers,
 * with c = v/x the value-added multipliers (MB §6.2).
 * @param c   [n] row-vector weights
 * @param out out: [n]; may alias @p c
 */
ts_status ts_leontief_solve_row(const ts_leontief *lf, const double *c, double *out,
                                ts_error *err);

/**
 * Selected columns of L: `out[i*k + c] = L[i, cols[c]]` for c < k (row-major n x k).
 * Costs O(n^2 k) after the factorisation.
 * @param cols [k] column (using industry) indices, each < n
 * @param out  out: [n*k]
 * @return TS_OK, TS_ERR_INPUT (column index out of range), TS_ERR_NOMEM, TS_ERR_SINGULAR.
 */
ts_status ts_leontief_columns(const ts_leontief *lf, const size_t *cols, size_t k,
                              double *out, ts_error *err);

/**
 * The full Leontief inverse L = (I - A)⁻¹ (MB §2.3), [n*n] row-major, obtained by
 * solving (I - A)' X = I with the stored factors. O(n^3): use only when every element
 * is needed.
 */
ts_status ts_leontief_inverse(const ts_leontief *lf, double *L, ts_error *err);

/**
 * Simple output multipliers m_j = Σ_i L_ij (column sums of L; MB §6.2.1): total output,
 * in every industry, needed per unit of final demand for j's product. Obtained as
 * m' = 1' L by one transposed solve.
 * @param mult out: [n], dimensionless (>= 1 for a productive economy)
 */
ts_status ts_output_multipliers(const ts_leontief *lf, double *mult, ts_error *err);

/* ------------------------------------------------------------------------------------ */
/* Ghosh (supply-driven) model                                                           */
/* ------------------------------------------------------------------------------------ */

/**
 * A factorised Ghosh system: B and the LU factors of (I - B).
 *
 * Convention (Miller-Blair, MB §12.1): B = x̂⁻¹ Z, G = (I - B)⁻¹, and output follows
 * from primary inputs by **x' = v' G** (row vectors on the left); G_ij is the output of j
 * generated per unit of primary input (value added) in i. pymrio's `calc_G` stores the
 * transpose of this G (it applies v from the right).
 */
typedef struct ts_ghosh {
    size_t R, S, n;     /**< dimensions */
    double *B;          /**< [n*n] allocation coefficients, row-major */
    double rcond;       /**< dgecon estimate of 1 / cond_1(I - B) */
    struct ts_lu *lu;   /**< private: LU factors of (I - B) */
} ts_ghosh;

/**
 * Build B from @p m and factorise (I - B). Same errors and warnings as
 * ts_leontief_create(), worded for B: a row of B summing to >= 1 means the industry sells
 * all its output to other industries (no final demand).
 */
ts_status ts_ghosh_create(const ts_mrio *m, const ts_logger *log, ts_ghosh **out,
                          ts_error *err);

/** Free a Ghosh handle (NULL is a no-op). */
void ts_ghosh_free(ts_ghosh *gh);

/**
 * x' = v' G (MB §12.1), i.e. solve (I - B)' x = v.
 * @param v [n] primary inputs (value added), M USD/yr
 * @param x out: [n] gross output, same unit; may alias @p v
 */
ts_status ts_ghosh_solve_row(const ts_ghosh *gh, const double *v, double *x, ts_error *err);

/**
 * Row sums of G, g = G 1 (MB §12.2, total forward linkage): output generated throughout
 * the economy per unit of primary input of i. One solve of (I - B) g = 1.
 * @param g out: [n], dimensionless
 */
ts_status ts_ghosh_row_sums(const ts_ghosh *gh, double *g, ts_error *err);

/** The full Ghosh inverse G = (I - B)⁻¹, [n*n] row-major (Miller-Blair orientation). */
ts_status ts_ghosh_inverse(const ts_ghosh *gh, double *G, ts_error *err);

/* ------------------------------------------------------------------------------------ */
/* Linkages (MB §12.2)                                                                   */
/* ------------------------------------------------------------------------------------ */

/**
 * Total and normalised backward and forward linkages (MB §12.2; Rasmussen's indices):
 * - backward_total_j = Σ_i L_ij (the output multiplier, demand side);
 * - forward_total_i  = Σ_j G_ij (Ghosh row sums, supply side);
 * - backward_j = backward_total_j / mean(backward_total), forward_i likewise.
 * A normalised value above 1 marks an industry linked more strongly than the average
 * (both above 1: a "key sector", MB §12.2).
 * Any output pointer may be NULL when not wanted. @p gh may be NULL when
 * `lf->ghosh_similar`: the forward side is then G 1 = x̂⁻¹ L x (1 for x_i <= 0), one more
 * solve with the Leontief factors instead of a second O(n^3) factorisation; otherwise
 * forward linkages need @p gh (TS_ERR_INPUT without it).
 * @param backward_total,forward_total,backward,forward out: [n] each, dimensionless
 */
ts_status ts_linkages(const ts_leontief *lf, const ts_ghosh *gh, double *backward_total,
                      double *forward_total, double *backward, double *forward,
                      ts_error *err);

/* ------------------------------------------------------------------------------------ */
/* Hypothetical extraction (Miller & Lahr 2001; MB §12.2)                                */
/* ------------------------------------------------------------------------------------ */

/** What is extracted. */
typedef enum ts_extract_kind {
    TS_EXTRACT_INDUSTRY = 0, /**< one industry (r, s): its row and column of A, its y */
    TS_EXTRACT_REGION = 1,   /**< every industry of region r, as for an industry */
    TS_EXTRACT_LINK = 2      /**< the bilateral link (r, p) -> q: A[(r,p),(q,·)] and
                                  Y[(r,p), q's final-demand columns] */
} ts_extract_kind;

/** A parsed extraction. */
typedef struct ts_extract_spec {
    ts_extract_kind kind;
    size_t region;   /**< r: the region extracted, or the exporting region of a link */
    size_t sector;   /**< s / p: the sector (industry, link); unused for a region */
    size_t dest;     /**< q: the importing region of a link; unused otherwise */
} ts_extract_spec;

/**
 * Parse an extraction spec against the table's labels:
 * - `CHN_c12`     the industry (CHN, c12)  (region code, '_', sector code);
 * - `CHN`         the region CHN;
 * - `CHN:c12>USA` the link: product c12 made in CHN and sold to USA (every USA
 *                 industry and every USA final-demand category).
 * A region code is tried first, so region codes containing '_' work.
 * @return TS_OK or TS_ERR_INPUT with a message naming the unknown code.
 */
ts_status ts_extract_spec_parse(const ts_mrio *m, const char *text, ts_extract_spec *spec,
                                ts_error *err);

/**
 * Hypothetical extraction (Miller & Lahr 2001, "A taxonomy of extractions"; MB §12.2):
 * the economy is recomputed without the extracted part and the loss of total output is
 * the difference.
 * - Baseline: x_base = L y (y = Y 1), so that extracting nothing loses exactly nothing
 *   (the table's own x may differ from L y by its rounding).
 * - Industry / region: the rows and columns of A for the extracted industries are set
 *   to 0 and so are their entries of y (complete extraction); the region is extracted as
 *   a producer, its households' final demand for other regions' goods is kept.
 * - Link (r,p)->q: A[(r,p),(q,s)] = 0 for every s and y_(r,p) loses Σ_f Y[(r,p),(q,f)].
 * - x_after = (I - Ā)⁻¹ ȳ with a fresh LU of (I - Ā).
 * Loss = Σ x_base - Σ x_after (M USD/yr), aggregated by region by the caller.
 *
 * @param m       the table (for Y)
 * @param lf      its Leontief handle (for A and the baseline)
 * @param log     reserved: the extracted system's warnings would repeat the baseline's,
 *                so none are logged; a singular extracted system is an error
 * @param x_base  out: [n] baseline output L y, M USD/yr
 * @param x_after out: [n] output after extraction, M USD/yr
 * @return TS_OK, TS_ERR_INPUT (spec out of range), TS_ERR_SINGULAR, TS_ERR_NOMEM.
 */
ts_status ts_extraction(const ts_mrio *m, const ts_leontief *lf, const ts_extract_spec *spec,
                        const ts_logger *log, double *x_base, double *x_after, ts_error *err);

/**
 * Aggregate an extraction by region, for r < R: `base[r]` = Σ x_base and `after[r]` =
 * Σ x_after over r's industries, `own[r]` = the part of base - after that falls on the
 * extracted industries themselves (0 for a link); index R holds the world totals.
 * @param base,after,own out: [R+1] each, M USD/yr
 */
void ts_extraction_regions(const ts_mrio *m, const ts_extract_spec *spec, const double *x_base,
                           const double *x_after, double *base, double *after, double *own);

/* ------------------------------------------------------------------------------------ */
/* Supply-chain exposure (docs/model.md §1; tradeshock's own indicator)                       */
/* ------------------------------------------------------------------------------------ */

/**
 * Exposure of the industries of region @p region (the users j = region*S + s) to every
 * product p from every supplier region r, through the whole supply chain:
 * - `req[i*S + s]   = (L - I)[i, j]` with j = region*S + s: output of industry i = (r, p)
 *   needed, directly and indirectly, per unit of final output of j (M USD per M USD);
 *   the direct-plus-indirect input requirement (L - I = A + A² + ..., MB §2.3);
 * - `share[i*S + s] = req[i*S+s] / Σ_{r'} req[(r'*S + p)*S + s]`: the part of j's total
 *   requirement of product p that is made in r (0 when that total is <= 0).
 * Costs one O(n^2 S) multi-right-hand-side solve.
 * @param req   out: [n*S] (rows = supplying industry i, columns = sector s of region)
 * @param share out: [n*S], in [0, 1] for a table with A >= 0
 */
ts_status ts_exposure(const ts_leontief *lf, size_t region, double *req, double *share,
                      ts_error *err);

/* ------------------------------------------------------------------------------------ */
/* Concentration: Herfindahl-Hirschman index                                             */
/* ------------------------------------------------------------------------------------ */

/**
 * Herfindahl-Hirschman index of @p k non-negative supplier quantities on the 0-10,000
 * scale: HHI = 10000 Σ_r (v_r / Σ v)² (Herfindahl 1950, Hirschman 1964; the scale of the
 * US DOJ/FTC Merger Guidelines: above 2,500 "highly concentrated").
 * @param v   [k] quantities (any unit)
 * @param hhi out: the index; 0 when Σ v = 0
 * @return TS_OK, or TS_ERR_INPUT for a negative or non-finite value.
 */
ts_status ts_hhi(const double *v, size_t k, double *hhi, ts_error *err);

/**
 * HHI of world supply of each product p by region, from gross output x:
 * `hhi[p]` over the R values x_{(r,p)} (negative outputs count as 0).
 * @param hhi out: [S]
 */
ts_status ts_hhi_output(const ts_mrio *m, double *hhi, ts_error *err);

/** A physical satellite account: one value per region, e.g. tonnes of rare-earth oxide. */
typedef struct ts_satellite {
    size_t k;         /**< number of rows */
    char **regions;   /**< [k] region codes as written in the file */
    double *values;   /**< [k] values, >= 0, in the file's physical unit */
} ts_satellite;

/**
 * Read a satellite CSV: header `region,value`, then one `CODE,NUMBER` line per region
 * (quotes, a UTF-8 BOM and CRLF are accepted). Codes need not be table regions.
 * Errors (TS_ERR_INPUT, with file:line:column): wrong header, missing or extra field,
 * non-numeric / negative / non-finite value, duplicate region, no data rows, all zero;
 * also when the file cannot be opened (a wrong path is the user's to fix).
 * TS_ERR_IO on a read error after opening.
 */
ts_status ts_satellite_read(const char *path, ts_satellite **out, ts_error *err);

/** Free a satellite (NULL is a no-op). */
void ts_satellite_free(ts_satellite *s);

/* ------------------------------------------------------------------------------------ */
/* Result files (docs/analysis.md documents every column)                                */
/* ------------------------------------------------------------------------------------ */
/*
 * Each writer creates DIR/NAME.csv under a temporary name in DIR and renames it into
 * place once complete and flushed, so that a reader never sees a half-written file
 * (the folder must exist). Numbers are written with the shortest text that reads back
 * to the same double; labels are quoted only when they contain a comma or a quote.
 * Errors: TS_ERR_IO (with the file name), TS_ERR_NOMEM.
 */

/** multipliers.csv: `region,sector,output_multiplier,backward_linkage,forward_linkage`;
 *  one row per industry, in table order. Arrays [n]. */
ts_status ts_write_multipliers_csv(const char *dir, const ts_mrio *m, const double *mult,
                                   const double *backward, const double *forward,
                                   ts_error *err);

/** ghosh.csv: `region,sector,gross_output,value_added,ghosh_row_sum,forward_linkage,
 *  output_from_value_added` (the last is (v'G)_i, equal to x_i for a consistent table).
 *  Arrays [n]; x and v are taken from @p m. */
ts_status ts_write_ghosh_csv(const char *dir, const ts_mrio *m, const double *row_sums,
                             const double *forward, const double *x_from_v, ts_error *err);

/** linkages.csv: `region,sector,backward_total,forward_total,backward_linkage,
 *  forward_linkage,class`, class = key (both normalised linkages > 1), backward (only
 *  the backward one), forward (only the forward one) or weak. Arrays [n]. */
ts_status ts_write_linkages_csv(const char *dir, const ts_mrio *m, const double *bt,
                                const double *ft, const double *bn, const double *fn,
                                ts_error *err);

/** extraction.csv: `spec,region,baseline_output,output_after,loss,loss_pct,
 *  loss_excl_extracted`; for each of the @p k extractions, one row per region then a
 *  `WORLD` row. @p names [k] are the specs as typed; x_base and x_after are [k*n]
 *  (extraction e at offset e*n). */
ts_status ts_write_extraction_csv(const char *dir, const ts_mrio *m, size_t k,
                                  const char *const *names, const ts_extract_spec *specs,
                                  const double *x_base, const double *x_after, ts_error *err);

/** exposure.csv: `region,sector,product,supplier_region,requirement,total_requirement,
 *  share,embodied` for the using region @p region: per sector of the region, then
 *  `ALL` (weighted by the sectors' final demand y), each supplier region (only
 *  @p supplier when >= 0) and product (only @p product when >= 0). @p req and @p share
 *  as from ts_exposure(). */
ts_status ts_write_exposure_csv(const char *dir, const ts_mrio *m, size_t region, long supplier,
                                long product, const double *req, const double *share,
                                ts_error *err);

/** hhi.csv: `product,basis,hhi,total,top_region,top_share,suppliers`: one row per
 *  product from gross output (basis `gross_output`, @p hhi [S] from ts_hhi_output()),
 *  then, when @p sat is not NULL, one row `sat_name,satellite,...`. */
ts_status ts_write_hhi_csv(const char *dir, const ts_mrio *m, const double *hhi,
                           const char *sat_name, const ts_satellite *sat, ts_error *err);

#ifdef __cplusplus
}
#endif
#endif
