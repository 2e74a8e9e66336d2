/**
 * @file scenario.h
 * @brief Scenario files (YAML, docs/scenario-format.md): parameters and dated events.
 *
 * Two steps, so that a scenario can be checked before and against its table:
 * 1. ts_scenario_parse() reads the YAML (libfyaml) and checks structure, types and
 *    ranges; region and sector codes are kept as text with their line numbers.
 * 2. ts_scenario_resolve() maps those codes onto a loaded ::ts_mrio and fails with
 *    the key path and line of the first unknown code.
 *
 * Time: day d is start_date + d days; day 0 is the first simulated day. An event is
 * in force on every day d with start <= d <= end (end inclusive); without `end` it
 * lasts to the horizon.
 */
#ifndef TRADESHOCK_SCENARIO_H
#define TRADESHOCK_SCENARIO_H

#include <stddef.h>

#include "tradeshock/mrio.h"
#include "tradeshock/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Event kinds (model.md §3.7). */
typedef enum ts_event_type {
    TS_EVENT_EXPORT_RESTRICTION = 0, /**< exporter `from` blocks `share` of `products` to `to` */
    TS_EVENT_TARIFF,                 /**< importer `to` taxes `products` from `from` at `rate` */
    TS_EVENT_CAPACITY_LOSS,          /**< `regions` x `sectors` lose `share` of capacity */
    TS_EVENT_DEMAND_CHANGE,          /**< final demand of `regions` for `products` x (1+share) */
    TS_EVENT_TRUCE                   /**< ends the events named in `ends` on its start day */
} ts_event_type;

/** Name of an event type as written in YAML ("export_restriction", ...). */
const char *ts_event_type_name(ts_event_type t);

/**
 * A list of region or sector codes as written in the scenario, with where each came
 * from, and (after ts_scenario_resolve()) their indices in the table.
 * `all` is set when the YAML said `all` (then n = 0 and idx lists every index
 * after resolution, excluding nothing).
 */
typedef struct ts_code_list {
    size_t n;        /**< number of codes */
    char **codes;    /**< [n] as written */
    long *lines;     /**< [n] 1-based YAML line of each code */
    int *idx;        /**< [n_idx] resolved indices (NULL before resolution) */
    size_t n_idx;    /**< number of resolved indices (all: R or S) */
    int all;         /**< 1 if the value was the word `all` */
    int present;     /**< 1 if the key was given */
    long line;       /**< line of the key */
} ts_code_list;

/** One dated event. Fields that do not apply to a type are 0 / empty. */
typedef struct ts_event {
    ts_event_type type;
    char *name;            /**< optional `name` (truce refers to events by name) */
    long line;             /**< YAML line where the event starts */
    ts_code_list from;     /**< exporter region(s) (export_restriction, tariff) */
    ts_code_list to;       /**< importer region(s); absent = all other regions */
    ts_code_list products; /**< product (sector) codes; absent = all */
    ts_code_list regions;  /**< affected regions (capacity_loss, demand_change) */
    ts_code_list sectors;  /**< affected sectors (capacity_loss) */
    double share;          /**< [0,1]: fraction blocked / capacity lost; demand_change: >= -1 */
    double rate;           /**< tariff: ad-valorem change as a fraction, >= -1 */
    int start;             /**< first day in force (day number) */
    int end;               /**< last day in force, inclusive (INT_MAX = open) */
    int recovery_days;     /**< capacity_loss: linear recovery after `end` (0 = none) */
    size_t n_ends;         /**< truce: number of events it ends */
    char **ends;           /**< truce: names of the events it ends */
} ts_event;

/** Model parameters (model.md §3); defaults in brackets. */
typedef struct ts_params {
    double inventory_days;        /**< s, target stock in days of use [90] */
    size_t n_product_days;        /**< per-product overrides of s (INFINITY = never binds) */
    char **product_days_codes;    /**< [n_product_days] product codes */
    long *product_days_lines;     /**< [n_product_days] YAML lines */
    double *product_days;         /**< [n_product_days] days (may be INFINITY) */
    double *inventory_days_by_product; /**< [S] after resolution: s_p per product */
    /** Per-buyer overrides, written `REE: {default: 45, c13: 60, c31: infinite}`:
     *  override k applies to product product_days_codes[buyer_days_product[k]] held by
     *  industries of sector buyer_days_codes[k]. */
    size_t n_buyer_days;
    size_t *buyer_days_product;   /**< [n_buyer_days] index into product_days_codes */
    char **buyer_days_codes;      /**< [n_buyer_days] buying sector codes */
    long *buyer_days_lines;       /**< [n_buyer_days] YAML lines */
    double *buyer_days;           /**< [n_buyer_days] days (may be INFINITY) */
    /** [S*S] after resolution: target stock of input p held by an industry of sector b,
     *  inventory_days_matrix[p*S + b], days (INFINITY = never binds). */
    double *inventory_days_matrix;
    double psi;                   /**< production cut below psi * s days of use, (0,1] [0.8] */
    double restoration_days;      /**< tau, stock gap closed at 1/tau per day, > 0 [60] */
    double alpha_max;             /**< overproduction ceiling, >= 1 [1.25] */
    double alpha_tau_days;        /**< overproduction time constant, > 0 [365] */
    double collapse_threshold;    /**< industry "collapsed" below this share of x0 [0.1] */
} ts_params;

/** A parsed scenario. Owned by the caller, freed with ts_scenario_free(). */
typedef struct ts_scenario {
    char *file;            /**< the YAML file as given */
    char *name;            /**< `name` */
    char *table;           /**< `table` as written */
    char *table_path;      /**< `table` resolved against the scenario file's folder */
    long table_line;       /**< YAML line of `table` */
    int start_year, start_month, start_day; /**< `start_date` */
    int horizon_days;      /**< number of simulated days (> 0) */
    ts_params params;
    size_t n_events;
    ts_event *events;      /**< [n_events] in file order */
} ts_scenario;

/** Default parameters (the values in brackets in ::ts_params). */
void ts_params_default(ts_params *p);

/**
 * Parse and validate a scenario file. Errors are TS_ERR_INPUT with the file, the
 * line and the key path (`events[0].share`): YAML syntax, unknown or duplicate keys,
 * missing required keys (name, table, start_date, horizon_days; events need type and
 * start), wrong types, invalid calendar dates, share outside [0,1], rate < -1,
 * end before start, unknown event type. Table existence is not checked here.
 */
ts_status ts_scenario_parse(const char *path, ts_scenario **out, ts_error *err);

/**
 * Resolve region/sector codes against @p m (fills every ts_code_list's idx and
 * params.inventory_days_by_product). Errors name the key path and line of the first
 * unknown code and list the known codes.
 */
ts_status ts_scenario_resolve(ts_scenario *sc, const ts_mrio *m, ts_error *err);

/** Free a scenario (NULL is a no-op). */
void ts_scenario_free(ts_scenario *sc);

/** Write the calendar date of day @p day as YYYY-MM-DD into @p buf (>= 11 bytes). */
void ts_scenario_date(const ts_scenario *sc, int day, char *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
