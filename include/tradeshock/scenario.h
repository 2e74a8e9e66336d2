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

/** Event kinds (docs/model.md §2 "Events"). */
typedef enum ts_event_type {
    TS_EVENT_EXPORT_RESTRICTION = 0, /**< exporter `from` blocks `share` of `products` to `to` */
    TS_EVENT_TARIFF,                 /**< importer `to` taxes `products` from `from` at `rate` */
    TS_EVENT_CAPACITY_LOSS,          /**< `regions` x `sectors` lose `share` of capacity */
    TS_EVENT_DEMAND_CHANGE,          /**< final demand of `regions` for `products` x (1+share) */
    TS_EVENT_TRUCE,                  /**< ends the events named in `ends` on its start day */
    TS_EVENT_CAPITAL_DESTRUCTION     /**< `regions` x `sectors` lose `share` of their productive
                                          capital (or `damage` M USD in all); capacity falls
                                          with the capital (docs/model.md, "Capacity") */
} ts_event_type;

/** Recovery curve of a capacity_loss or capital_destruction after its `end`
 *  (docs/model.md, "Capacity"; k = days since `end`, rho = recovery_days). */
typedef enum ts_recovery {
    TS_RECOVERY_LINEAR = 0, /**< 1 - k/rho, 0 from k = rho */
    TS_RECOVERY_CONVEX,     /**< (1 - 1/rho)^(4k): fast first, ~98 % recovered at rho */
    TS_RECOVERY_CONCAVE     /**< rho / (rho + 1e-6 k^e): s-shaped, half recovered at rho/2 */
} ts_recovery;

/** Name of a recovery curve as written in YAML ("linear", "convex", "concave"). */
const char *ts_recovery_name(ts_recovery r);

/** Model variants (docs/model.md, "ARIO-compatible mode"). */
typedef enum ts_model_mode {
    TS_MODE_DEFAULT = 0, /**< tradeshock's model */
    TS_MODE_ARIO         /**< BoARIO's ARIOPsiModel order of operations (and its quirks) */
} ts_model_mode;

/** Quirks of the reference implementation (BoARIO @ecd475f) that TS_MODE_ARIO reproduces
 *  because its reference runs need them (docs/model.md lists these and the quirks NOT
 *  reproduced); a set bit in ts_params.ario_quirks_off turns one off. */
enum {
    TS_ARIO_CAPACITY_LAG = 1u << 0,  /**< capacity_loss acts one day late */
    TS_ARIO_ROUND_RECOVERY = 1u << 1 /**< a recovering capacity loss is rounded to 6 decimals */
};

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
    ts_code_list sectors;  /**< affected sectors (capacity_loss, capital_destruction) */
    double share;          /**< [0,1]: fraction blocked / capacity lost / capital destroyed;
                                demand_change: >= -1 */
    double damage;         /**< capital_destruction: capital destroyed in all, M USD (table
                                units), split over the industries hit in proportion to their
                                capital; 0 when `share` is given */
    double rate;           /**< tariff: ad-valorem change as a fraction, >= -1 */
    int start;             /**< first day in force (day number) */
    int end;               /**< last day in force, inclusive (INT_MAX = open) */
    int recovery_days;     /**< capacity_loss, capital_destruction: recovery after `end`
                                (0 = none) */
    ts_recovery recovery;  /**< recovery curve (default linear) */
    int licence_delay_days;/**< export_restriction: nothing passes during the first d days
                                (licences pending), then (1 - share) does [0] */
    ts_code_list exempt;   /**< export_restriction: importers left out of `to` */
    ts_code_list buyers;   /**< export_restriction: end-user restriction, only deliveries to
                                these buying sectors or group members (absent = all buyers) */
    unsigned char *buyer_mask; /**< [n] after resolution: 1 for industries `buyers` covers
                                (NULL = all) */
    int review_days;       /**< export_restriction, licensing as a process: applications
                                (orders) are decided this many days after they are made;
                                nothing ships in the first review_days [0: the simple form] */
    size_t n_approval;     /**< approval schedule entries (0: approval = 1 - share) */
    int *approval_from;    /**< [n_approval] first day of application the rate applies to,
                                increasing */
    double *approval_rate; /**< [n_approval] share of applications approved, [0, 1] */
    int phase_days;        /**< truce: the events it ends fade out linearly over this many
                                days instead of stopping at once [0] */
    ts_code_list content_of; /**< export_restriction: embodied-content rule (China's
                                extraterritorial rule of 9 Oct 2025): the exports of
                                `products` from EVERY other region are restricted too, in
                                proportion to their content of these products made in
                                `from` (docs/model.md §2 "Overproduction") */
    double content_threshold; /**< the de-minimis trigger: content below it is free [0.001] */
    double *content_share; /**< [n] after resolution (content_of given): c_i = Σ_{f∈from,
                                q∈content_of} (L − I)_{(f,q),i} for i = (r,p), r ∉ from,
                                p ∈ products, c_i >= threshold (else 0), capped at 1; the
                                daily model blocks share · c_i of i's exports to `to` */
    size_t n_ends;         /**< truce: number of events it ends */
    char **ends;           /**< truce: names of the events it ends */
} ts_event;

/**
 * A number per product: `default` plus per-product overrides, written either as one
 * number or as a mapping `{default: 0.5, REE: 0.03}`.
 */
typedef struct ts_product_values {
    double deflt;          /**< value for products not listed */
    size_t n;              /**< overrides */
    char **codes;          /**< [n] product codes */
    long *lines;           /**< [n] YAML lines */
    double *values;        /**< [n] values */
    double *by_product;    /**< [S] after ts_scenario_resolve() */
} ts_product_values;

/** One member of a reporting group: an industry `<REGION>_<SECTOR>` with a weight. */
typedef struct ts_group_member {
    char *label;           /**< as written, e.g. "USA_c15" */
    long line;
    double weight;         /**< share of the industry's output in the group, (0, 1] */
    int industry;          /**< index r*S+s after resolution */
} ts_group_member;

/** A named set of industries: reported together (summary.json `groups`) and usable as
 *  buyers of an end-user restriction or as a priority-rationing class. */
typedef struct ts_group {
    char *name;
    long line;
    size_t n;
    ts_group_member *members;
} ts_group;

/**
 * A retaliation rule (docs/model.md §2 "Events"): when region(s) `by` start an event of type `when`
 * against region(s) `against`, each `against` region answers on the actor with an event
 * of type `respond` after `delay_days`, of size min(cap, factor x the trigger's rate or
 * share), on `products` (absent: the trigger's products), for as long as the trigger
 * lasts. A rule fires once per trigger; answers can trigger other rules (depth <= 8).
 */
typedef struct ts_retaliation {
    char *name;
    long line;
    ts_event_type when;     /**< tariff or export_restriction */
    ts_event_type respond;  /**< tariff or export_restriction */
    ts_code_list by;        /**< acting regions of the trigger (tariff: importer `to`;
                                 restriction: exporter `from`) */
    ts_code_list against;   /**< targets of the trigger (tariff: `from`; restriction: `to`) */
    ts_code_list products;  /**< products of the answer (absent: the trigger's) */
    double factor;          /**< answer size = factor x trigger size [1] */
    double cap;             /**< largest answer: tariff rate or restriction share [1e9 / 1] */
    int delay_days;         /**< days between trigger start and answer start [0] */
} ts_retaliation;

/** Input criticality classes (docs/model.md, "Input criticality"; Pichler et al. 2022). */
typedef enum ts_crit_class {
    TS_CRIT_CRITICAL = 0,  /**< binds by the psi rule (the ARIO default) */
    TS_CRIT_IMPORTANT,     /**< binds with pass-through beta < 1: x <= x* (1 - beta (1 - f)) */
    TS_CRIT_NONCRITICAL    /**< never binds; the stock is still held and reordered */
} ts_crit_class;

/** One criticality rule: inputs x buyers get class `cls` (later rules win). */
typedef struct ts_crit_rule {
    ts_code_list inputs;   /**< input products (`all` allowed) */
    ts_code_list buyers;   /**< buying sectors (`all` allowed) */
    ts_crit_class cls;
    long line;
} ts_crit_rule;

/** `parameters.criticality` (docs/scenario-format.md). Absent: every input critical. */
typedef struct ts_criticality {
    int present;           /**< 1 if the key was given */
    long line;             /**< YAML line of the key */
    int pichler;           /**< `default: pichler`: the documented default classification
                                (goods bought by services non-critical; energy and the
                                products of export restrictions critical) before the rules */
    double pass_through;   /**< beta of important inputs, (0, 1) [0.5, Pichler et al. 2022] */
    size_t n_rules;
    ts_crit_rule *rules;   /**< [n_rules] in file order */
    unsigned char *cls;    /**< [S*S] after resolution: class of input p for buying sector b,
                                cls[p*S + b] (ts_crit_class) */
} ts_criticality;

/** One `parameters.transit` rule: goods of `products` shipped from `from` to `to` spend
 *  `days` at sea (docs/model.md, "Goods in transit"); later rules win. */
typedef struct ts_transit_rule {
    ts_code_list products, from, to;
    int days;              /**< whole days in transit, >= 0 */
    long line;
} ts_transit_rule;

/** `parameters.cover_spread` for one product: the firms of each buying industry hold a
 *  lognormal distribution of stock cover, simulated as `classes` cover classes of equal
 *  output weight (docs/model.md, "Stocks that differ across firms"). */
typedef struct ts_cover_spread {
    char *product;         /**< product code as written */
    long line;
    double cv;             /**< coefficient of variation of the cover days, [0, 5] */
    int classes;           /**< K in [1, 64] */
} ts_cover_spread;

/** Model parameters (docs/model.md §2); defaults in brackets. */
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
    /** [S*n] after resolution: target stock of input p held by industry j
     *  no: per (input p, buying industry j): inventory_days_matrix[p*n + j], days
     *  (INFINITY = never binds, 0 = no stock). Buyer keys may be a sector code (all its
     *  industries), a region code (all industries of the region) or an industry label
     *  <REGION>_<SECTOR>; the more specific key wins (industry > region > sector). */
    double *inventory_days_matrix;
    double psi;                   /**< production cut below psi * s days of use, (0,1] [0.8] */
    double restoration_days;      /**< tau, stock gap closed at 1/tau per day, > 0 [60] */
    double alpha_max;             /**< overproduction ceiling, >= 1 [1.25] */
    double alpha_tau_days;        /**< overproduction time constant, > 0 [365] */
    double collapse_threshold;    /**< industry "collapsed" below this share of x0 [0.1] */
    double capital_to_value_added; /**< productive capital K = this x value added (clipped
                                        at 0), for capital_destruction [4] */
    ts_model_mode mode;           /**< model variant [TS_MODE_DEFAULT] */
    unsigned ario_quirks_off;     /**< TS_ARIO_* quirks NOT reproduced in TS_MODE_ARIO [0] */
    double substitution_days;     /**< tau_sub: order shares move toward targets at
                                       1/tau_sub per day (tariffs, shortages) [60] */
    ts_product_values substitutability; /**< share of an under-delivering origin's
                                       orders that buyers can move elsewhere, [0,1] [0] */
    ts_product_values armington_sigma;  /**< Armington elasticity by product [1.5] */
    double import_demand_elasticity; /**< eps <= 0: final demand for a product changes by
                                       eps (P'/P - 1) under tariffs [-1] */
    int priority_rationing;       /**< 0 proportional (default), 1 by priority classes */
    size_t n_priority;            /**< priority classes, served in this order */
    char **priority;              /**< [n_priority] group names or `intermediate`/`final` */
    long *priority_lines;         /**< [n_priority] YAML lines */
    int *priority_group;          /**< [n_priority] after resolution: group index, or
                                       TS_PRIORITY_INTERMEDIATE / TS_PRIORITY_FINAL */
    /* critical-input dynamics (docs/model.md "Critical-input dynamics"); every one is
     * off (today's model) unless given */
    /* per-product values: by_product[p] is NAN where the scenario gives none, and the
     * scalar parameter (alpha_max, psi, restoration_days) applies there */
    ts_product_values alpha_max_p; /**< `alpha_max_by_product`: overproduction ceiling */
    ts_product_values psi_p;      /**< `psi_by_product` */
    ts_product_values tau_p;      /**< `restoration_days_by_product` */
    ts_product_values catch_p;    /**< `catch_up_days_by_product`: restoration days of an input
                                       once it has constrained its buyer (catch-up; NAN = none) */
    ts_criticality crit;          /**< `criticality` */
    size_t n_transit;
    ts_transit_rule *transit;     /**< [n_transit] `transit` rules */
    int *transit_days;            /**< [S*R*R] after resolution: days at sea of product p from
                                       region r to q, [(p*R + r)*R + q] (NULL = none) */
    int transit_max;              /**< largest of transit_days (0 = no transit) */
    size_t n_spread;
    ts_cover_spread *spread;      /**< [n_spread] `cover_spread` entries */
    int *spread_product;          /**< [n_spread] after resolution: product index */
} ts_params;

/** Priority classes that are not groups (ts_params.priority_group). */
#define TS_PRIORITY_INTERMEDIATE (-1)
#define TS_PRIORITY_FINAL (-2)

/** A parsed scenario. Owned by the caller, freed with ts_scenario_free(). */
typedef struct ts_scenario {
    char *file;            /**< the YAML file as given */
    char *name;            /**< `name` */
    char *description;     /**< `description` (may be NULL) */
    char *table;           /**< `table` as written */
    char *table_path;      /**< `table` resolved against the scenario file's folder */
    long table_line;       /**< YAML line of `table` */
    int start_year, start_month, start_day; /**< `start_date` */
    int horizon_days;      /**< number of simulated days (> 0) */
    ts_params params;
    size_t n_events;
    ts_event *events;      /**< [n_events] in file order */
    size_t n_groups;
    ts_group *groups;      /**< [n_groups] reporting groups (`groups`) */
    size_t n_retaliation;
    ts_retaliation *retaliation; /**< [n_retaliation] rules (`retaliation`) */
    size_t n_splits;
    char **splits;         /**< [n_splits] sector-split specs (`splits`), resolved against the
                                scenario file's folder, applied to the table in order */
    long *split_lines;     /**< [n_splits] YAML lines */
    char *observations;    /**< `observations`: an observations file (history.h), resolved
                                against the scenario file's folder; NULL if absent */
    long observations_line;/**< YAML line of `observations` */
    struct ts_ensemble_spec *ensemble; /**< `ensemble` block (tradeshock/ensemble.h), NULL
                                            if absent */
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

/**
 * Load the scenario's table (or @p table_override, e.g. from `run --table`) and apply
 * its `splits` in order (ts_split_spec_read + ts_mrio_split_sector), so that groups and
 * events can name the new sectors. A missing table is TS_ERR_INPUT at key `table` (or
 * `--table`) naming the resolved path; a bad split spec names the spec file and line.
 */
ts_status ts_scenario_load_table(const ts_scenario *sc, const char *table_override,
                                 const ts_logger *log, ts_mrio **out, ts_error *err);

/** Index of the group named @p name, or -1. */
int ts_scenario_group_index(const ts_scenario *sc, const char *name);

/** Free a scenario (NULL is a no-op). */
void ts_scenario_free(ts_scenario *sc);

/** Write the calendar date of day @p day as YYYY-MM-DD into @p buf (>= 11 bytes). */
void ts_scenario_date(const ts_scenario *sc, int day, char *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
