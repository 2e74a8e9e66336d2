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
 * - Units: millions of the table's currency per year. Every reader hands the table to
 *   ts_mrio_unit_apply(): a table in another scale (table.json `"unit": "1000 USD"`, a
 *   pymrio unit.txt, ...) is converted to millions on reading (logged with the factor);
 *   the currency is never converted and travels into every label through
 *   ts_mrio_money() ("M EUR"), ts_mrio_money_key() ("meur", for key and column names)
 *   and ts_mrio_flow_units() ("1e6 EUR/day"). A table that gives no unit is M USD/year.
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
    char *currency;      /**< ISO code, e.g. "USD", "EUR"; after a read never NULL */
    char *unit;          /**< after a read always "M <currency>/year" (values are scaled) */
    char *unit_from;     /**< file the unit was read from, for messages (may be NULL) */
    char *source;        /**< provenance line (may be NULL) */
    char *licence;       /**< licence (may be NULL) */
    char *path;          /**< folder or file it was read from (may be NULL) */
} ts_mrio;

/** Allocate an all-zero table with the given dimensions; labels are set to NULL. */
ts_status ts_mrio_create(size_t R, size_t S, size_t F, ts_mrio **out, ts_error *err);

/** Free a table and everything it owns (NULL is a no-op). */
void ts_mrio_free(ts_mrio *m);

/** Accessors for bindings that treat ts_mrio as opaque (src/mrio/access.c):
 *  ts_mrio_size(m, 'R'|'S'|'F'|'n') the dimensions (0 for another letter);
 *  ts_mrio_array(m, 'Z'|'Y'|'x'|'v') the arrays as laid out in ts_mrio (Z [n*n], Y
 *  [n*R*F], x and v [n], row-major, the table's unit per year; NULL for another letter);
 *  ts_mrio_label_text(m, 'R'|'S'|'F', k, name) code (name = 0) or name (1; the code when
 *  the table has none) of region, sector or final-demand category k (NULL out of range);
 *  ts_mrio_meta_text(m, key) table metadata "name", "year", "currency", "unit", "source",
 *  "licence", "path" (NULL when absent). */
size_t ts_mrio_size(const ts_mrio *m, char what);
const double *ts_mrio_array(const ts_mrio *m, char which);
const char *ts_mrio_label_text(const ts_mrio *m, char what, size_t k, int name);
const char *ts_mrio_meta_text(const ts_mrio *m, const char *key);

/** Deep copy. */
ts_status ts_mrio_copy(const ts_mrio *m, ts_mrio **out, ts_error *err);

/** Table formats that can be read (docs/formats.md). */
typedef enum ts_mrio_format {
    TS_FORMAT_AUTO = 0,   /**< detect from the path (ts_mrio_detect_format) */
    TS_FORMAT_NATIVE,     /**< native table folder (Z.csv, Y.csv, x.csv, label files) */
    TS_FORMAT_PYMRIO,     /**< pymrio / EXIOBASE text folder (file_parameters.json, *.txt) */
    TS_FORMAT_ICIO,       /**< OECD ICIO csv, 2021 or 2023 edition conventions */
    TS_FORMAT_WIOD        /**< WIOD world-table folder (Z_part*_rows*.csv, F_final_demand.csv) */
} ts_mrio_format;

/** Short name of a format: "native", "pymrio", "icio", "wiod" ("auto" for AUTO). */
const char *ts_mrio_format_name(ts_mrio_format f);

/** Human-readable title: "native table folder", "pymrio text folder", "OECD ICIO csv",
 *  "WIOD folder". */
const char *ts_mrio_format_title(ts_mrio_format f);

/** Parse a format name (native, pymrio, icio, wiod, auto; case-insensitive; also oecd,
 *  oecd-icio, exiobase). Error: TS_ERR_INPUT naming the accepted names. */
ts_status ts_mrio_format_parse(const char *name, ts_mrio_format *out, ts_error *err);

/**
 * Detect the format of @p path: a file ending in .csv -> OECD ICIO; a folder with
 * file_parameters.json -> pymrio; with Z.csv -> native; with Z_part*_rows*.csv -> WIOD.
 * A folder with only some files of one layout is given that layout (its reader then names
 * the missing files). Errors (TS_ERR_INPUT, naming @p path and the layouts expected): no
 * such path, a file that is not .csv, a folder of no known layout.
 */
ts_status ts_mrio_detect_format(const char *path, ts_mrio_format *out, ts_error *err);

/**
 * Read a table in format @p format (TS_FORMAT_AUTO: detected from @p path) and run
 * ts_mrio_check() on it. Every reader gives the same ts_mrio for the same table (regions,
 * sectors and categories in the order of the files; Z, Y, x in M USD/year as given;
 * v = x - colsum(Z) unless a native v.csv is present).
 * Errors (TS_ERR_INPUT, CLI exit 2) name the file, the physical line (header = 1) and the
 * 1-based field (label columns count): missing file, empty/NaN/Inf/non-numeric cell,
 * ragged row (the column is the first missing or extra field), duplicate or unknown label,
 * labels that do not make a complete regions x sectors grid, malformed quoting. Warnings
 * and notes go to @p log. On error *@p out is NULL.
 */
ts_status ts_mrio_read_format(const char *path, ts_mrio_format format, const ts_logger *log,
                              ts_mrio **out, ts_error *err);

/** ts_mrio_read_format(path, TS_FORMAT_AUTO, ...). */
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
 * Read a pymrio / EXIOBASE text folder (what pymrio's save()/save_all() writes):
 * file_parameters.json (systemtype IOSystem; per file `name`, `nr_index_col`, `nr_header`,
 * as strings or numbers) and the tab-separated files it lists: Z.txt, Y.txt (2 header rows:
 * region, then sector or category; usually a third row naming the index columns; 2 index
 * columns region, sector), x.txt (header region, sector, indout), A.txt. Rows and columns
 * are mapped by their (region, sector) labels; regions, sectors and final-demand categories
 * are taken in the order of first appearance in the columns of Z (or A) and Y. Extension
 * sub-folders (satellite accounts) are not read. metadata.json "name" becomes the name.
 * Final-demand categories keep their label as name; the EXIOBASE long names get short
 * codes (households HH, non-profit NPISH, government GOV, gross fixed capital formation
 * GFCF, changes in inventories INV, changes in valuables VAL, exports EXP), others are
 * their own code.
 * Derived data (each with a note to @p log): no x.txt -> x = rowsum(Z) + rowsum(Y);
 * coefficients only (A and Y, no Z) -> x = (I - A)^-1 y (y = rowsum(Y), LAPACKE_dgesv) and
 * Z = A diag(x), or Z = A diag(x) with x.txt; TS_ERR_INPUT naming A.txt when (I - A) is
 * singular. Z and A both present: a warning when A differs from Z / x (relative 1e-6).
 * Errors as ts_mrio_read_format(); also file_parameters.json missing, invalid, of an
 * Extension, or listing no Y / neither Z nor A. Does not run ts_mrio_check().
 */
ts_status ts_mrio_read_pymrio(const char *dir, const ts_logger *log, ts_mrio **out,
                              ts_error *err);

/**
 * Read an OECD ICIO csv (one file). Header: a corner cell (empty, V1 or anything), then
 * <CTRY>_<SECTOR> industry columns, <CTRY>_<CATEGORY> final-demand columns and the total
 * column (TOTAL in the 2021 edition, OUT in 2023). Rows: the industries, then tax rows
 * (<CTRY>_TAXSUB or TAXSUB in 2021, TLS in 2023), value added (VALU / VA) and output
 * (OUTPUT / OUT), which are not industries. Labels are split at the first '_' (sector codes
 * such as A01_02 keep theirs). Industries are the row labels that are also column labels;
 * other <CTRY>_<X> columns are final demand, categories in order of appearance. x = the
 * total column (else the output row, else row sums). Split countries <ISO2><digits>
 * (CN1/CN2, MX1/MX2) whose country (CHN, MEX) is in the file are folded into it (rows and
 * columns summed, a note); a split part without its country is an error naming it.
 * Warnings: the output row differs from the total column, or the value-added and tax rows
 * from x - colsum(Z). Name = the file name without .csv; source = the edition layout.
 * Does not run ts_mrio_check().
 */
ts_status ts_mrio_read_icio(const char *path, const ts_logger *log, ts_mrio **out,
                            ts_error *err);

/**
 * Read a WIOD world-table folder as shipped in data/mrio_wiod2013_2011: Z split by rows
 * into Z_part<k>_rows_<FROM>-<TO>.csv (read in order of k; each with the full header
 * `row,<CTRY>_<SECTOR>,...`), F_final_demand.csv (`row,<CTRY>_<CATEGORY>,...`),
 * x_gross_output.csv (`row,...,gross_output`; other columns ignored), countries.csv (or
 * regions.csv), sectors.csv, final_demand_categories.csv (`code`, `name`, other columns
 * ignored), optional table.json. Labels mapped as in ts_mrio_read_native(). Errors as
 * ts_mrio_read_native(). Does not run ts_mrio_check().
 */
ts_status ts_mrio_read_wiod(const char *dir, const ts_logger *log, ts_mrio **out,
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
 * Write @p m as a pymrio text folder @p dir (the layout of pymrio's IOSystem.save():
 * Z.txt, Y.txt, x.txt, unit.txt, file_parameters.json, metadata.json; readable by
 * pymrio.load_all), replaced like ts_mrio_write_native. Matrix labels are the codes;
 * metadata.json carries, besides pymrio's fields, a "tradeshock" object with the names of
 * regions, sectors and final-demand categories and the table's metadata, which
 * ts_mrio_read_pymrio reads back: native -> pymrio -> native keeps codes, names,
 * categories and values exactly (v.csv, when present, is not carried). Errors:
 * TS_ERR_INPUT (a code with a tab or line break), TS_ERR_IO, TS_ERR_NOMEM.
 */
ts_status ts_mrio_write_pymrio(const ts_mrio *m, const char *dir, ts_error *err);

/**
 * Write @p m as one OECD ICIO csv file @p path, 2023-edition conventions (V1 corner,
 * <CTRY>_<SECTOR> industries, <CTRY>_<CATEGORY> final demand, OUT column; VA and OUT
 * rows), under a temporary name renamed into place. ts_mrio_read_icio reads it back to the
 * same codes and values (names are not part of the format). Errors: TS_ERR_INPUT (a region
 * code with '_', a category code equal to a sector code, a comma or quote in a code),
 * TS_ERR_IO, TS_ERR_NOMEM.
 */
ts_status ts_mrio_write_icio(const ts_mrio *m, const char *path, ts_error *err);

/**
 * Check a table and repair what can be repaired (issue 3 §2). Warnings (TS_LOG_WARN) and
 * notes (TS_LOG_INFO) go to @p log, each naming the industries concerned with their values;
 * they never make the call fail. The findings describe the table as given; repairs are
 * applied last:
 * - NaN/Inf in Z, Y, x or v (from a file): error TS_ERR_INPUT naming the cell.
 * - negative gross output (x < 0), and near-zero output with much larger inputs (x > 0 with
 *   colsum(Z) > x and either x <= 1e-6 * max|x| or colsum(Z) >= 100 x): warning, then the
 *   industry is made zero-output for the model: x := 0, so its A column is 0. Its sales
 *   (Z row, Y row) are kept: what others bought from it is data. -0.0 in x becomes +0.0.
 * - every industry with x = 0 (given, or made so above) whose Z column is not zero: its
 *   inputs cannot be coefficients (0/0), so they are moved into the final demand of its
 *   region (first category), with a warning; rows stay balanced, so the suppliers' x is
 *   explained and a run without events is a steady state.
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

/**
 * Interpret the table's `unit` and `currency` text (as a reader stored it; @p m->unit_from
 * names its file) and bring the values to millions of that currency: a scale word or
 * number (M, Mill, Mio, mn, million, 1e6; k, thousand, 1000, "1 000"; bn, billion; none:
 * millions) and a currency (a 3-letter code, $, dollar(s), euro(s); none: USD), e.g.
 * "M USD/year", "1000 USD", "M.EUR", "USD million", "kEUR". A scale other than millions
 * multiplies Z, Y, x and v (a note with the factor goes to @p log). Afterwards
 * m->currency is the code and m->unit "M <code>/year". Errors (TS_ERR_INPUT naming the
 * file and the key `unit` or `currency`): a text that is not a unit, a unit whose
 * currency differs from `currency`. ts_mrio_read() calls it; call it after building a
 * table by hand only if you set unit/currency.
 */
ts_status ts_mrio_unit_apply(ts_mrio *m, const ts_logger *log, ts_error *err);

/** Parse a unit text: *@p scale = currency units per table unit (0 if not said),
 *  @p currency = ISO code ("" if not said). Returns 0, 1 for text that is not a unit,
 *  -1 out of memory. */
int ts_unit_parse(const char *text, double *scale, char currency[4]);

/** Labels of the table's money unit (never NULL; USD when the table gives none; valid
 *  until 8 further calls on the same thread): the currency code ("EUR"), the amount unit
 *  ("M EUR"), the key/column suffix ("meur", as in total_output_loss_meur) and the unit
 *  of daily flows ("1e6 EUR/day"). */
const char *ts_mrio_currency(const ts_mrio *m);
const char *ts_mrio_money(const ts_mrio *m);
const char *ts_mrio_money_key(const ts_mrio *m);
const char *ts_mrio_flow_units(const ts_mrio *m);

/** @p tmpl (e.g. a CSV header "region,welfare_change_musd") with every "_musd" replaced by
 *  "_" ts_mrio_money_key(m) ("_meur"); heap string, NULL when out of memory. */
char *ts_mrio_money_header(const ts_mrio *m, const char *tmpl);

/** Index of region / sector / final-demand category @p code, or -1. */
int ts_mrio_region_index(const ts_mrio *m, const char *code);
int ts_mrio_sector_index(const ts_mrio *m, const char *code);
int ts_mrio_fd_index(const ts_mrio *m, const char *code);

/** Column sums of Z: total intermediate inputs of each industry, [n], M USD/yr. */
void ts_mrio_colsum_Z(const ts_mrio *m, double *out);

/**
 * Aggregate regions and/or sectors by concordance maps (docs/formats.md "Aggregation").
 * A map is a CSV with a header naming a code column (`code`; also `country`, `region`,
 * `sector` when no `code`), a group column (`group`; also `to`, `aggregate`, or `region` in
 * a region map whose code column is `country`, as in WIOD's region_map.csv) and optionally
 * the group's name (`group_name`, or `name` next to `code,group`). Every code of the table
 * must be mapped exactly once; groups are ordered by first appearance in the map and take
 * the first non-empty name given (else the group code). NULL map: that dimension is kept.
 * Z, Y, x, v are sums over the members (rows and columns; final-demand columns by the
 * consuming region's group; categories unchanged), so every total is preserved (exactly
 * for integer data, to rounding otherwise); has_v_file and metadata are kept.
 * Errors (TS_ERR_INPUT, naming the map file, line and column): no header / code or group
 * column, ragged line, empty code or group, a code not in the table (with a hint), a code
 * mapped twice (both lines), a code of the table not mapped (all listed).
 */
ts_status ts_mrio_aggregate(const ts_mrio *m, const char *region_map, const char *sector_map,
                            ts_mrio **out, ts_error *err);

/**
 * How to split one sector (the parent) into itself and a new product in every region
 * (issue 7 §3, issue 11: spec v2). Sizes in M USD/yr of the table.
 *
 * - Output:  x_new(r) = output_share[r] * x_parent(r); x_parent loses the same amount
 *            (with @c import_share: derived, see below).
 * - Inputs:  the new product's input column is output_share[r] times the parent's
 *            column (the same input structure per unit of output); so its value-added
 *            share equals the parent's. Column sums of other industries do not change.
 *            @c input_coef / @c input_origin override products of that column; the
 *            parent's column of the same region takes the opposite change (its cells
 *            must stay >= 0), so every row sum and the pair's column sum are kept.
 * - Sales (v1, @c import_share NULL): the new product's sales x_new(r) are carved out of
 *            the parent's sales row of r (intermediate and final): buyer sector s
 *            receives buyer_share[s] of them, final demand fd_share, the new product
 *            itself (as buyer) self_share; within a buyer class, across buyer
 *            regions/columns, in proportion to the parent's existing sales to them. A cell
 *            never gives more than it has; what does not fit is spread over the other
 *            buyers with room (iteratively). The shares are normalised over the classes
 *            the region actually sells to. So the new product inherits the parent's
 *            trade pattern.
 * - Sales (v2, @c import_share set; mrio/split_origin.c):
 *   1. use U_j of every buyer column j (intermediate and final): the world total
 *      W = Σ_r output_share[r] x_parent(r) (or, with @c use_musd, each buyer region's
 *      total) spread over the buyer classes as in v1, but over the parent's purchases
 *      from all origins (column totals of the parent's rows, positive cells);
 *   2. the new product's sales from origin r to j: N[r,j] = import_share[t(j),q(j)](r) U_j,
 *      so the origin mix of every buyer is exactly the spec's;
 *   3. the new product's output is DERIVED: x_new(r) = Σ_j N[r,j] (the target
 *      output_share[r] x_parent(r) only sizes W; both are reported);
 *   4. the parent's rows give up U_j in each column j in proportion to their origins,
 *      then are rebalanced (RAS, biproportional) so that each region's parent row sums
 *      to its old sales minus x_new(r) and each column keeps its old total: the parent
 *      moves value between origins (reported as @c ts_split_report.moved).
 *   5. the new product's column is re-sized to theta'(r) = x_new(r) / x_parent(r) of the
 *      pair's column (except the parent/new product rows, set in 2-4).
 * Kept to rounding (tested to 1e-9 relative): x and the row sum of every other industry;
 * every column sum of Z (intermediate inputs) and Y (final demand) of every other
 * industry and final-demand column; for each region r the pair (parent + new product):
 * output x_parent'(r) + x_new(r) = x_parent(r), the sum of its two columns, and its row
 * gap (the new product's row is exactly balanced, the parent keeps the old gap); v is
 * recomputed as x − column sum, so the pair's value added is kept too.
 */
typedef struct ts_split_spec {
    const char *parent;          /**< code of the sector to split, e.g. "c12" */
    const char *code;            /**< code of the new product, e.g. "MAG" */
    const char *name;            /**< its name */
    const double *output_share;  /**< [R] share of the parent's output, in [0, 1) */
    const double *buyer_share;   /**< [S] sales share by buyer sector of the ORIGINAL table */
    double self_share;           /**< share sold to the new product itself (all regions) */
    double fd_share;             /**< share sold to final demand */
    const unsigned char *fd_mask;/**< [R*F] final-demand columns the new product may sell to
                                      (NULL = all), e.g. only USA_CONS_g and USA_GFCF */
    const unsigned char *buyer_regions; /**< [R] regions whose industries may buy it
                                      (NULL = all); final demand too unless fd_mask */
    const double *import_share;  /**< NULL = v1; else [(S+2) * R * R]: for buyer class t
                                      (0..S-1 a sector of the ORIGINAL table, S the new
                                      product, S+1 final demand) and buyer region q, the
                                      share of origin r at [(t*R + q)*R + r]; each (t,q)
                                      sums to 1 */
    const double *use_musd;      /**< NULL, or [R] the new product's use by buyer region,
                                      M USD/yr (v2 only; replaces W's regional spread) */
    const double *input_coef;    /**< NULL, or [S+1] (new table's sectors but the new
                                      product's own index, S = itself): purchases of product
                                      p, all origins, per unit of the new product's output;
                                      NaN = keep the parent's structure */
    const double *input_origin;  /**< NULL, or [(S+1) * R]: origin shares of the new
                                      product's purchases of p (same indexing as input_coef);
                                      a row whose first entry is NaN = keep */
} ts_split_spec;

/** What a split did, per region (arrays [R]), M USD/yr. */
typedef struct ts_split_report {
    size_t R;
    double *target;     /**< output_share x parent output (the spec's size) */
    double *output;     /**< the new product's built output */
    double *moved;      /**< parent sales of region r moved to or from other origins (RAS) */
    double moved_total; /**< Σ_r |moved| / 2 */
    int v2;             /**< 1 when import_share was used */
    int iterations;     /**< RAS iterations */
} ts_split_report;
void ts_split_report_free(ts_split_report *rep);

/**
 * Split a sector into the parent and a new product placed right after it
 * (new S = S+1). Returns a new table in @p out; @p m is not changed. @p rep (may be
 * NULL) receives what the split did (free with ts_split_report_free).
 * Errors: unknown parent, shares out of range, a region whose parent has no sales or
 * whose derived output exceeds its parent's sales, an override that would make a cell of
 * the parent negative, a RAS that does not converge (TS_ERR_INPUT).
 */
ts_status ts_mrio_split_sector(const ts_mrio *m, const ts_split_spec *spec,
                               ts_mrio **out, ts_error *err);
ts_status ts_mrio_split(const ts_mrio *m, const ts_split_spec *spec, ts_mrio **out,
                        ts_split_report *rep, ts_error *err);

/**
 * Read a split specification (YAML, docs/formats.md "Sector split") for table @p m:
 *   parent: c12            # sector to split
 *   code: MAG              # new product code;  name: its name
 *   sets: {motors: [c13, c14, c15], services: c17-c35}  # named sector sets (keys below)
 *   output_musd: {CHN: 12000, ...}   # new product's output, M USD/yr of the table,
 *                                    # by region (absent regions: 0); or instead
 *   output_share: {CHN: 0.0098, ...} # share of the parent's output
 *   self_share: 0.28       # share of its sales bought by the new product itself
 *   buyer_share: {c15: 0.40, ...}    # shares of the REST of its sales by buyer sector
 *   fd_share: 0.015        # share of the rest sold to final demand
 *   fd_columns: [USA_CONS_g]  # optional: only these final-demand columns
 *   buyer_regions: [USA]   # optional: only industries of these regions buy it
 *   import_shares: {default: {CHN: 0.85, ...}, JPN: {...}}   # v2: origin mix by buyer
 *   import_shares_by_sector: {MAG: {default: {...}, JPN: {...}}}  # per buyer sector
 *   use_musd: {USA: 700, ...}        # v2: use by buyer region instead of W's spread
 *   inputs: {c12: 0.2, ...}          # purchases per unit of output (all origins)
 *   input_origins: {MAG: {JPN: 0.5, ...}}  # origin mix of the new product's purchases
 * Errors (TS_ERR_INPUT) name the file, line and key path (e.g. import_shares.JPN.CHM)
 * with the nearest code. Free with ts_split_spec_free().
 */
ts_status ts_split_spec_read(const char *path, const ts_mrio *m, ts_split_spec **out,
                             ts_error *err);
void ts_split_spec_free(ts_split_spec *spec);

#ifdef __cplusplus
}
#endif
#endif
