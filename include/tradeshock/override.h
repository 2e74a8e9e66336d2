/**
 * @file override.h
 * @brief Parameter overrides by key path: set any value of a scenario file before it is
 *        parsed (ensembles, sensitivity, calibration, the Python binding, `run --set`).
 *
 * An override replaces one value of the scenario's YAML document tree (libfyaml) after
 * the file is read and before the scenario is parsed and validated, so every field the
 * parser knows can be set and every check of ts_scenario_parse() applies to the new
 * value (validation stays in one place). Path syntax (docs/scenario-format.md,
 * "Overrides by key path"):
 *
 *   path     := segment ( '.' key | '[' item ']' )*
 *   segment  := key
 *   key      := one mapping key, any characters except '.', '[' and ']'
 *   item     := N (0-based index in a list) | NAME (the list item whose `name` is NAME)
 *
 * e.g. `parameters.psi`, `parameters.inventory_days_by_product.REE.c15`,
 * `parameters.substitutability.REE`, `events[ree-curbs].share`, `events[2].start`,
 * `retaliation[0].delay_days`, `horizon_days`.
 *
 * Rules: the value is YAML text as it would be written in the file (`0.5`, `infinite`,
 * `2025-11-01`, `30` for a day number, `[USA, JPN]`). A missing last key is added (so
 * defaults can be set: `parameters.psi` on a file without it); missing intermediate keys
 * are added as mappings. A key under a single number that stands for every product
 * (`substitutability: 0.3`, `inventory_days_by_product: {REE: 45}`) turns that number into
 * `{default: <number>, KEY: value}`. A mapping or list cannot be replaced by a single
 * value (name one of its keys). Errors are TS_ERR_INPUT (CLI exit 2) naming the override
 * path and value: bad syntax, an index out of range, an unknown list item name (with the
 * nearest name), a value of the wrong kind; validation errors of the overridden value
 * (range, unknown key - with the nearest known key -, unknown code at resolution) name the
 * key path and say which override set it.
 */
#ifndef TRADESHOCK_OVERRIDE_H
#define TRADESHOCK_OVERRIDE_H

#include <stddef.h>

#include "tradeshock/scenario.h"
#include "tradeshock/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One override: the value at key path @p path becomes the YAML text @p value. */
typedef struct ts_override {
    const char *path;   /**< key path, syntax above */
    const char *value;  /**< YAML text, e.g. "0.5", "infinite", "2025-11-01" */
} ts_override;

/**
 * ts_scenario_parse() with @p n overrides applied in order (a later one on the same path
 * wins). @p ov may be NULL when @p n is 0. Errors as ts_scenario_parse(), plus those of
 * the overrides (see above); the scenario is then not created.
 */
ts_status ts_scenario_parse_overrides(const char *path, const ts_override *ov, size_t n,
                                      ts_scenario **out, ts_error *err);

/** Check the syntax of an override path (no file needed). TS_ERR_INPUT with key = path. */
ts_status ts_override_check_path(const char *path, ts_error *err);

/**
 * Write @p v as YAML text that reads back to the same double: "%.17g" with '.' whatever
 * the locale, "infinite" for +inf. @p buf >= 32 bytes.
 */
void ts_override_number(double v, char *buf, size_t len);

/**
 * If @p err (from ts_scenario_resolve() of scenario @p sc parsed with these @p n
 * overrides) concerns a key path set by one of them (the path itself, a key under it or
 * above it; `events[NAME]` matched through the names of @p sc), rewrite it to say so
 * ("... (the value was set by override PATH=VALUE)"), without the file's line (the value
 * is not in the file). Otherwise leave it. ts_scenario_parse_overrides() does this itself.
 */
void ts_override_annotate(ts_error *err, const ts_scenario *sc, const ts_override *ov,
                          size_t n);

#ifdef __cplusplus
}
#endif
#endif
