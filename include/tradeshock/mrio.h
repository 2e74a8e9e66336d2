/**
 * @file mrio.h
 * @brief Multi-regional input-output tables: the ::ts_mrio type, readers, checks,
 *        writers and reshaping (sector split).
 *
 * Conventions (design.md §3, Miller & Blair 2009 ch. 2-3):
 * - R regions, S sectors (= products), n = R*S industries; industry index i = r*S + s
 *   (region-major). F final-demand categories per region; final-demand column
 *   k = r*F + f (the region is the consuming region).
 * - Matrices are dense, row-major `double`: rows = supplying industry, columns = using
 *   industry (Z) or final-demand column (Y).
 * - Units: M USD/year (the table's currency and unit, see `unit`).
 */
#ifndef TRADESHOCK_MRIO_H
#define TRADESHOCK_MRIO_H

#include <stddef.h>

#include "tradeshock/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A code and its human-readable name (e.g. "c12", "Basic Metals..."). */
typedef struct ts_label {
    char *code;
    char *name;
} ts_label;

/**
 * An MRIO table. All arrays are owned by the table and freed by ts_mrio_free().
 * The struct is public for reading; use the functions below to build or reshape it.
 */
typedef struct ts_mrio {
    size_t R;            /**< number of regions */
    size_t S;            /**< number of sectors (products) */
    size_t F;            /**< final-demand categories per region */
    size_t n;            /**< industries, R*S */
    ts_label *regions;   /**< [R] */
    ts_label *sectors;   /**< [S] */
    ts_label *fd_cats;   /**< [F] */
    double *Z;           /**< [n*n] intermediate use, M USD/yr, Z[i*n+j] = sales of i to j */
    double *Y;           /**< [n*(R*F)] final demand, M USD/yr, Y[i*R*F + r*F + f] */
    double *x;           /**< [n] gross output, M USD/yr */
    double *v;           /**< [n] value added, M USD/yr: from v.csv or x - colsum(Z) */
    int has_v_file;      /**< 1 when v came from a file (then checked against the residual) */
    char *name;          /**< table.json "name" (may be NULL) */
    char *year;          /**< table.json "year" as text (may be NULL) */
    char *currency;      /**< e.g. "USD" (may be NULL) */
    char *unit;          /**< e.g. "M USD/year" (may be NULL) */
    char *source;        /**< provenance line (may be NULL) */
    char *licence;       /**< licence (may be NULL) */
    char *path;          /**< folder or file it was read from (may be NULL) */
} ts_mrio;

/** Allocate an all-zero table with the given dimensions; labels are set to NULL. */
ts_status ts_mrio_create(size_t R, size_t S, size_t F, ts_mrio **out, ts_error *err);

/** Free a table and everything it owns (NULL is a no-op). */
void ts_mrio_free(ts_mrio *m);

/** Deep copy. */
ts_status ts_mrio_copy(const ts_mrio *m, ts_mrio **out, ts_error *err);

/**
 * Read a table, detecting the format from @p path (a native folder for now).
 * Errors (TS_ERR_INPUT) name the file, the physical line (header = 1) and the 1-based
 * field (label column = 1). Warnings go to @p log. Runs ts_mrio_check() afterwards.
 */
ts_status ts_mrio_read(const char *path, const ts_logger *log, ts_mrio **out, ts_error *err);

/**
 * Read the native table folder (design.md §4, docs/formats.md): regions.csv,
 * sectors.csv, final_demand_categories.csv (`code,name`), Z.csv (`row,<R>_<S>...`),
 * Y.csv (`row,<R>_<F>...`), x.csv (`row,gross_output`), optional v.csv
 * (`row,value_added`), optional table.json. Rows and columns are mapped by label
 * (any order); every label must be known and present exactly once.
 */
ts_status ts_mrio_read_native(const char *dir, const ts_logger *log, ts_mrio **out,
                              ts_error *err);

/**
 * Write @p m as a native table folder @p dir (created if missing). Numbers are
 * written with the shortest representation that reads back to the same double.
 */
ts_status ts_mrio_write_native(const ts_mrio *m, const char *dir, ts_error *err);

/**
 * Check a table and repair what can be repaired (issue 3 §2), logging a warning for
 * each finding:
 * - negative gross output: the industry is made zero-output (its x, its Z row/column
 *   and its Y row set to 0), what was changed is logged;
 * - negative value added, near-zero output with large inputs, row-balance gaps
 *   (x vs row sums of Z and Y), v.csv inconsistent with x - colsum(Z): warnings;
 * - NaN/Inf anywhere: error.
 * Recomputes v when it did not come from a file.
 */
ts_status ts_mrio_check(ts_mrio *m, const ts_logger *log, ts_error *err);

/** Index of region / sector / final-demand category @p code, or -1. */
int ts_mrio_region_index(const ts_mrio *m, const char *code);
int ts_mrio_sector_index(const ts_mrio *m, const char *code);
int ts_mrio_fd_index(const ts_mrio *m, const char *code);

/** Column sums of Z: total intermediate inputs of each industry, [n], M USD/yr. */
void ts_mrio_colsum_Z(const ts_mrio *m, double *out);

/**
 * How to split one sector (the parent) into itself and a new product in every region
 * (issue 7 §3). Sizes in M USD/yr of the table.
 *
 * - Output:  x_new(r) = output_share[r] * x_parent(r); x_parent loses the same amount.
 * - Inputs:  the new product's input column is output_share[r] times the parent's
 *            column (the same input structure per unit of output); so its value-added
 *            share equals the parent's. Column sums of other industries do not change.
 * - Sales:   the new product's sales x_new(r) are carved out of the parent's sales row
 *            (intermediate and final): buyer sector s receives buyer_share[s] of them,
 *            final demand fd_share, the new product itself (as buyer) self_share;
 *            within a buyer class, across buyer regions/columns, in proportion to the
 *            parent's existing sales to them. A cell never gives more than it has; what
 *            does not fit is spread over the other buyers with room (iteratively).
 *            The shares are normalised over the classes the region actually sells to.
 * Row sums, column sums and x stay balanced to rounding (tested to 1e-9 relative).
 */
typedef struct ts_split_spec {
    const char *parent;          /**< code of the sector to split, e.g. "c12" */
    const char *code;            /**< code of the new product, e.g. "REE" */
    const char *name;            /**< its name */
    const double *output_share;  /**< [R] share of the parent's output, in [0, 1) */
    const double *buyer_share;   /**< [S] sales share by buyer sector of the ORIGINAL table */
    double self_share;           /**< share sold to the new product itself (all regions) */
    double fd_share;             /**< share sold to final demand */
} ts_split_spec;

/**
 * Split a sector into the parent and a new product placed right after it
 * (new S = S+1). Returns a new table in @p out; @p m is not changed.
 * Errors: unknown parent, shares out of range, a region whose parent has no sales
 * (TS_ERR_INPUT).
 */
ts_status ts_mrio_split_sector(const ts_mrio *m, const ts_split_spec *spec,
                               ts_mrio **out, ts_error *err);

/**
 * Read a split specification (YAML, docs/formats.md "Sector split") for table @p m:
 *   parent: c12            # sector to split
 *   code: REE              # new product code;  name: its name
 *   output_musd: {CHN: 19000, ...}   # new product's output, M USD/yr of the table,
 *                                    # by region (absent regions: 0); or instead
 *   output_share: {CHN: 0.0098, ...} # share of the parent's output
 *   self_share: 0.28       # share of its sales bought by the new product itself
 *   buyer_share: {c15: 0.40, ...}    # shares of the REST of its sales by buyer sector
 *   fd_share: 0.015        # share of the rest sold to final demand
 * Errors (TS_ERR_INPUT) name the file, line and key. Free with ts_split_spec_free().
 */
ts_status ts_split_spec_read(const char *path, const ts_mrio *m, ts_split_spec **out,
                             ts_error *err);
void ts_split_spec_free(ts_split_spec *spec);

#ifdef __cplusplus
}
#endif
#endif
