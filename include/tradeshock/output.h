/**
 * @file output.h
 * @brief Results folder: loss accounting, summary.json, timeseries.nc, timeseries.csv,
 *        stockouts.csv, and the short human summary.
 *
 * Losses are sums over the simulated days of (x0 - x_t) in M USD (daily flows of
 * M USD/day summed over days); percentages are of the baseline over the same days,
 * sum_t x0 = T x0. Value-added loss assumes each industry's value-added share of
 * output v/x stays at its baseline (Leontief technology).
 */
#ifndef TRADESHOCK_OUTPUT_H
#define TRADESHOCK_OUTPUT_H

#include <stdio.h>

#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"
#include "tradeshock/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Loss accounting of a run (all M USD over the horizon unless stated). */
typedef struct ts_losses {
    size_t n, R;
    double *industry;        /**< [n] output loss */
    double *industry_base;   /**< [n] baseline output over the horizon */
    double *industry_va;     /**< [n] value-added loss */
    double *region;          /**< [R] output loss */
    double *region_base;     /**< [R] baseline output */
    double *region_va;       /**< [R] value-added loss */
    double *region_unmet;    /**< [R] unmet final demand of consumers in the region */
    int *region_recovery;    /**< [R] first day from which the region's daily loss stays
                                  below 0.1% of baseline to the end, after it was above;
                                  -1 never hit, T never recovered within the horizon */
    double total, total_base, total_va, total_unmet;
    int recovery_day;        /**< the same for the world */
    int *rank;               /**< [n] industries by loss, largest first */
    size_t n_groups;         /**< reporting groups of the scenario (ts_losses_groups) */
    double *group;           /**< [n_groups] output loss: sum of weight x member loss */
    double *group_base;      /**< [n_groups] baseline output: sum of weight x member base */
    double *group_va;        /**< [n_groups] value-added loss */
    int *group_first_stockout; /**< [n_groups] first day any member was input-limited, -1 */
} ts_losses;

/** Compute losses of @p r on table @p m. */
ts_status ts_losses_compute(const ts_result *r, const ts_mrio *m, ts_losses **out, ts_error *err);
void ts_losses_free(ts_losses *l);

/** Fill the group fields of @p l from the scenario's reporting groups (weighted sums of
 *  member industries, docs/model.md §2 "Recording"). */
ts_status ts_losses_groups(ts_losses *l, const ts_result *r, const ts_scenario *sc, ts_error *err);

/** Files of a results folder, as bits of ts_run_info.outputs (`run --outputs`). */
enum {
    TS_OUT_SUMMARY = 1,   /**< summary.json and scenario.yaml: always written */
    TS_OUT_STOCKOUTS = 2, /**< stockouts.csv */
    TS_OUT_NC = 4,        /**< timeseries.nc */
    TS_OUT_CSV = 8,       /**< timeseries.csv */
    TS_OUT_ALL = 15
};

/** Files in the order ts_output_write writes them (index of ts_run_info.file_seconds). */
#define TS_OUT_NFILES 5
extern const char *const ts_output_files[TS_OUT_NFILES]; /**< summary.json, timeseries.nc,
    timeseries.csv, stockouts.csv, scenario.yaml */

/** Above this many industry-days (n x horizon) timeseries.csv is off by default: it
 *  would hold about 6 rows of ~60 bytes per industry-day (more than ~200 MB); the
 *  NetCDF file has the same series at full precision. */
#define TS_OUT_CSV_DEFAULT_MAX_INDUSTRY_DAYS 600000.0

/** The default set for a table of @p n industries over @p horizon days: everything,
 *  without timeseries.csv above TS_OUT_CSV_DEFAULT_MAX_INDUSTRY_DAYS. */
unsigned ts_output_default_set(size_t n, int horizon);

/** Parse a comma-separated list of summary, stockouts, nc, csv (or `all`) into bits;
 *  TS_OUT_SUMMARY is always added. Error: TS_ERR_INPUT naming the unknown word. */
ts_status ts_output_parse_set(const char *list, unsigned *out, ts_error *err);

/** Facts about the run echoed into summary.json. */
typedef struct ts_run_info {
    const char *scenario_file;  /**< path as given */
    const char *table_path;     /**< table folder actually used */
    double seconds;             /**< wall time of the simulation (not written: determinism) */
    unsigned outputs;           /**< TS_OUT_* bits to write; 0 = TS_OUT_ALL */
    double *file_seconds;       /**< optional [TS_OUT_NFILES]: wall time spent on each file
                                     (0 for files not written); not written anywhere */
} ts_run_info;

/**
 * Write summary.json, timeseries.nc (ts_output_write_netcdf), timeseries.csv,
 * stockouts.csv and scenario.yaml (a byte copy of the scenario file, skipped when the
 * scenario was not read from a readable file) into the existing folder @p dir, those of
 * info->outputs (summary.json and scenario.yaml always).
 * The caller makes the folder appear complete (temporary name, then rename).
 * Errors: TS_ERR_IO naming the file.
 */
ts_status ts_output_write(const ts_result *r, const ts_losses *l, const ts_mrio *m,
                          const ts_scenario *sc, const ts_run_info *info, const char *dir,
                          ts_error *err);

/**
 * Write @p r as a netCDF-4 file following CF-1.8 (the same numbers as timeseries.csv,
 * which rounds them to 10 significant digits, plus the industries with zero output).
 *
 * Dimensions: time (T days; coordinate variable time, units "days since <start_date>",
 * calendar standard), region (R), sector (S), product (S: input products, one per sector),
 * partner (R: trade partner regions), cover_pair (only in the gathered cover layout
 * below), group (reporting groups; absent when none).
 * Index coordinates (NC_STRING coordinate variables named like their dimension, holding
 * the codes, so xarray's .sel(region="USA", sector="c15") works): region, sector,
 * product, partner, group; names as auxiliary coordinates region_name(region),
 * sector_name(sector), product_name(product), listed in the data variables'
 * `coordinates` attribute.
 * Variables (flows in "1e6 USD/day" = M USD/day; C order, last dimension fastest):
 *  - baseline_output(region, sector): x0;
 *  - production, capacity, demand, unmet_final_demand (time, region, sector): the
 *    ts_result arrays [T*n] as they are (i = r*S + s); output_loss(time, region,
 *    sector) = baseline_output - production;
 *  - input_limited(time, region, sector): byte 0/1 (ts_result.limited);
 *  - unmet_final_demand_by_consumer(time, region);
 *  - exports(time, region, partner): deliveries from region to partner; imports(time,
 *    region, partner): from partner to region (both 0 on the diagonal);
 *  - region_output_loss(time, region) and world_output_loss(time): sums of
 *    baseline_output - production;
 *  - inventory_days: stock at the start of the day in days of baseline use, NaN (also
 *    the _FillValue) where not recorded (not an input, or not among the recorded pairs).
 *    Dense inventory_days(time, region, sector, product) when R*S*S <= 32768 cells a day
 *    (TS_NC_DENSE_COVER_CELLS in netcdf.c: every 10-region table; 41-region WIOD is
 *    above). Above it, gathered (CF 8.2 "compression by gathering"): cover_pair(cover_pair)
 *    int with compress = "region sector product" (pair k is input product p held by
 *    industry j = r*S + s, stored as j*S + p), the codes cover_region, cover_sector,
 *    cover_product (cover_pair) as auxiliary coordinates, and inventory_days(time,
 *    cover_pair); tradeshock.open_results() (python/) decodes it to the dense form;
 *  - when the scenario has reporting groups (dimension group, G): group(group) names,
 *    group_baseline_output(group) and group_output_loss(time, group), the sums of
 *    weight x baseline_output and weight x (baseline_output - production) over the
 *    group's members.
 * Storage: netCDF-4 deflate level 1 with shuffle on every variable of 2 or more
 * dimensions; time series chunked by size: about 2^17 values a chunk, filled from the
 * last dimension backwards (a small table's chunk spans many days of every industry; a
 * large one's fewer days).
 * Every variable has units (except labels and flags) and long_name. Global attributes:
 * Conventions, title, source, tradeshock_version, scenario, scenario_file,
 * scenario_events (one line per event), start_date, horizon_days, table, table_path,
 * table_year, table_unit, table_source, table_licence, parameter_* (inventory_days, psi,
 * restoration_days, alpha_max, alpha_tau_days, collapse_threshold,
 * capital_to_value_added, substitution_days, substitutability and armington_sigma
 * defaults, import_demand_elasticity: doubles; mode, rationing: text), scenario_json
 * (summary.json's "scenario" echo as JSON: every parameter including per-product values,
 * events, retaliation rules, splits), retaliation_answer_count, retaliation_answers
 * (one line per answer given during the run) and retaliation_answers_json (summary.json's
 * events_log), comment. No timestamps: the same inputs give a byte-identical file.
 *
 * Ensembles: every time-varying variable is written through one helper that prepends
 * the file's leading dimensions; an ensemble writer adds a leading `quantile` dimension
 * (coordinate variable quantile, values in [0, 1]) and writes one slice per quantile,
 * leaving the rest of this layout unchanged (not implemented yet: there is no ensemble).
 *
 * The file is replaced if it exists; on error it is removed. Errors: TS_ERR_IO (the
 * message names @p path and the netCDF error), TS_ERR_NOMEM.
 */
ts_status ts_output_write_netcdf(const ts_result *r, const ts_mrio *m, const ts_scenario *sc,
                                 const ts_run_info *info, const char *path, ts_error *err);

/** The short human summary (top losses, first stock-outs, collapse warning). */
void ts_output_print_summary(FILE *f, const ts_result *r, const ts_losses *l,
                             const ts_mrio *m, const ts_scenario *sc);

#ifdef __cplusplus
}
#endif
#endif
