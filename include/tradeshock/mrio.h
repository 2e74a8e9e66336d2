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
 * Read a table, detecting the format from @p path: for now a native folder (a directory
 * with Z.csv); anything else (a missing path, a file, a pymrio folder) is TS_ERR_INPUT
 * naming the path and what was expected.
 * Errors (TS_ERR_INPUT) name the file, the physical line (header = 1) and the 1-based
 * field (label column = 1). Warnings go to @p log. Runs ts_mrio_check() afterwards.
 */
ts_status ts_mrio_read(const char *path, const ts_logger *log, ts_mrio **out, ts_error *err);

/**
 * Read the native table folder (design.md §4, data/PROVENANCE.md): regions.csv,
 * sectors.csv, final_demand_categories.csv (`code,name`, extra columns ignored), Z.csv
 * (`row,<R>_<S>...`, n x n), Y.csv (`row,<R>_<F>...`, n x R*F), x.csv (`row,gross_output`),
 * optional v.csv (`row,value_added`; sets has_v_file, otherwise v = x - colsum(Z)),
 * optional table.json (name, year, currency, unit, source, licence). Values in M USD/year.
 * CSV via libcsv: UTF-8 BOM, LF or CRLF, quoted fields (commas, doubled quotes, line
 * breaks), blank lines and a missing final newline are accepted. Rows and columns are
 * mapped by label (any order): a label must equal `<region code>_<code>` as a whole
 * string (so codes may contain '_', e.g. CAN_MEX), and every label must be present
 * exactly once. Does not run ts_mrio_check() (ts_mrio_read() does); @p log is unused.
 * Errors, TS_ERR_INPUT (CLI exit 2), with err->file/line/column set and a message that
 * names the file, physical line (header = 1), 1-based field (label column = 1), the labels
 * and what was expected: missing required file (all missing ones listed); empty, NaN/Inf,
 * non-numeric cell; ragged row; unknown label (sector/region not in its label file, with a
 * "did you mean" hint for e.g. DE -> DEU); duplicate label or code (both lines/columns);
 * label count mismatch ("3 regions x 2 sectors = 6 industries expected, Z.csv has 4
 * columns; missing: CCC_S1, CCC_S2"); malformed quoting; invalid table.json.
 * TS_ERR_IO / TS_ERR_NOMEM otherwise. On error *@p out is NULL.
 */
ts_status ts_mrio_read_native(const char *dir, const ts_logger *log, ts_mrio **out,
                              ts_error *err);

/**
 * Write @p m as a native table folder @p dir (parents created if missing; an existing
 * folder of that name is replaced). Files are written into a temporary sibling folder
 * that is renamed into place, so a failure never leaves a half-written table under
 * @p dir. Integers are written as integers, other numbers with the shortest text that
 * reads back to the same double; labels are quoted only where CSV needs it, names always.
 * v.csv is written only when has_v_file. Errors: TS_ERR_IO (with the path), TS_ERR_NOMEM.
 */
ts_status ts_mrio_write_native(const ts_mrio *m, const char *dir, ts_error *err);

/**
 * Check a table and repair what can be repaired (issue 3 §2). Warnings (TS_LOG_WARN) and
 * notes (TS_LOG_INFO) go to @p log, each naming the industries concerned with their values;
 * they never make the call fail. The findings describe the table as given; repairs are
 * applied last:
 * - NaN/Inf in Z, Y, x or v (from a file): error TS_ERR_INPUT naming the cell.
 * - negative gross output (x < 0), and near-zero output with much larger inputs (x > 0 with
 *   colsum(Z) > x and either x <= 1e-6 * max|x| or colsum(Z) >= 100 x): warning, then the
 *   industry is made zero-output for the model: x := 0 and its input column of Z := 0, so
 *   its A column is 0. Its sales (Z row, Y row) are kept: what others bought from it is
 *   data. Each change is logged (old x, cells and amount zeroed). -0.0 in x becomes +0.0.
 * - row balance: |x - rowsum(Z) - rowsum(Y)| > 1e-6 * max(|x|, |row sum|) (and > 1e-9):
 *   one warning with the count, the worst industry (gap in M USD and % of x), the next
 *   ones and the largest relative gap; x is used as given.
 * - v.csv (has_v_file) differing from x - colsum(Z) beyond the same tolerance: warning
 *   naming the industries, v.csv value vs residual; v.csv is used as given.
 * - value added x - colsum(Z) <= 0 for x > 0 (A column sum >= 1): warning with values;
 *   a value-added share in (0, 1e-6] (A column sum within 1e-6 of 1): warning that
 *   (I - A) may be near-singular (ill-conditioned).
 * - zero-output industries: note; zero-output industries with non-zero flows: warning;
 *   negative final-demand entries: note with their count and sum; final demand all zero:
 *   warning.
 * Recomputes v = x - colsum(Z) (after repairs) when it did not come from a file.
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
