/* The scenario's `ensemble` block (docs/ensemble.md): members, seed, and a distribution
 * for any value named by an override key path. Checked here; whether each path exists
 * in the scenario is checked when the first member is built (the override's errors). */
#include "scenario/internal.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tradeshock/ensemble.h"
#include "tradeshock/override.h"

#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

static const char *const ens_keys[] = {"members", "seed", "parameters", "rank_groups",
                                       "watch", "acceptance", "calibrate"};
static const char *const item_keys[] = {"name", "path", "dist", "min", "max", "mode",
                                        "mean", "sd", "median", "sigma", "values",
                                        "weights", "truncate", "integer", "source"};
static const char *const dists[] = {"uniform", "normal", "lognormal", "triangular", "choice"};
/* keys each distribution needs (NULL-terminated) */
static const char *const need[5][4] = {{"min", "max", NULL},
                                       {"mean", "sd", NULL},
                                       {"median", "sigma", NULL},
                                       {"min", "mode", "max", NULL},
                                       {"values", NULL}};

static ts_status num_key(sc_ctx *c, struct fy_node *map, const char *path, const char *key,
                         double *out)
{
    struct fy_node *k, *v = sc_lookup(map, key, &k);
    char kp[SC_PATH_MAX];
    sc_path_key(kp, path, key);
    return sc_read_number(c, k, v, kp, "a number", 0, out);
}

static ts_status take_list(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                           const char *path, const char *what, size_t *n, char ***out)
{
    ts_code_list l = {0};
    ts_status st = sc_read_codes(c, key, val, path, what, &l);
    if (!st && l.all)
        st = sc_fail(c, sc_line(key), 0, path, "expected %s, not 'all'", what);
    if (st) {
        sc_code_list_clear(&l);
        return st;
    }
    *n = l.n;
    *out = l.codes;
    l.codes = NULL;
    l.n = 0;
    sc_code_list_clear(&l);
    return TS_OK;
}

static ts_status parse_item(sc_ctx *c, struct fy_node *item, const char *path, ts_uncertain *u)
{
    u->lo = -INFINITY;
    u->hi = INFINITY;
    u->line = sc_line(item);
    if (fy_node_get_type(item) != FYNT_MAPPING)
        return sc_fail(c, sc_line(item), 0, path,
                       "expected a mapping {path: ..., dist: ..., ...}, got %s", SC_DESC(item));
    ts_status st = sc_check_keys(c, item, path, item_keys, NKEYS(item_keys));
    if (st)
        return st;
    char kp[SC_PATH_MAX];
    struct fy_node *k, *v = sc_lookup(item, "path", &k);
    sc_path_key(kp, path, "path");
    if (!k)
        return sc_fail(c, u->line, 0, kp,
                       "missing required key 'path' (the key path of the value to vary, "
                       "e.g. events[ree-curbs].share)");
    if ((st = take_list(c, k, v, kp, "a key path or a list of key paths", &u->n_paths,
                        &u->paths)))
        return st;
    for (size_t i = 0; i < u->n_paths; i++) {
        ts_error e;
        if (ts_override_check_path(u->paths[i], &e))
            return sc_fail(c, sc_vline(k, v), 0, kp, "%s", e.msg);
        if (!strncmp(u->paths[i], "ensemble", 8) || !strcmp(u->paths[i], "table") ||
            !strncmp(u->paths[i], "splits", 6) || !strcmp(u->paths[i], "horizon_days") ||
            !strcmp(u->paths[i], "start_date"))
            return sc_fail(c, sc_vline(k, v), 0, kp,
                           "'%s' cannot vary across members (the table and its splits are "
                           "loaded once; members share the calendar)", u->paths[i]);
    }
    v = sc_lookup(item, "name", &k);
    sc_path_key(kp, path, "name");
    if (k && (st = sc_read_string(c, k, v, kp, "a short label", &u->name)))
        return st;
    if (!u->name && !(u->name = ts_strdup(u->paths[0])))
        return sc_nomem(c);
    v = sc_lookup(item, "source", &k);
    sc_path_key(kp, path, "source");
    if (k && (st = sc_read_string(c, k, v, kp, "the source of the range (text)", &u->source)))
        return st;
    v = sc_lookup(item, "dist", &k);
    sc_path_key(kp, path, "dist");
    if (!k)
        return sc_fail(c, u->line, 0, kp,
                       "missing required key 'dist' (uniform, normal, lognormal, "
                       "triangular or choice)");
    int d = 0;
    if ((st = sc_read_choice(c, k, v, kp, "distribution", dists, NKEYS(dists), &d)))
        return st;
    u->dist = (ts_dist_kind)d;
    for (size_t i = 0; i < NKEYS(item_keys); i++) {
        const char *key = item_keys[i];
        int param = !strcmp(key, "min") || !strcmp(key, "max") || !strcmp(key, "mode") ||
                    !strcmp(key, "mean") || !strcmp(key, "sd") || !strcmp(key, "median") ||
                    !strcmp(key, "sigma") || !strcmp(key, "values") || !strcmp(key, "weights");
        if (!param || !sc_lookup(item, key, &k) || !k)
            continue;
        int ok = !strcmp(key, "weights") && u->dist == TS_DIST_CHOICE;
        for (int q = 0; q < 4 && need[d][q]; q++)
            ok |= !strcmp(need[d][q], key);
        if (!ok) {
            sc_path_key(kp, path, key);
            return sc_fail(c, sc_line(k), 0, kp, "key '%s' does not apply to a %s distribution "
                           "(it takes %s%s%s%s%s)", key, dists[d], need[d][0],
                           need[d][1] ? ", " : "", need[d][1] ? need[d][1] : "",
                           need[d][2] ? ", " : "", need[d][2] ? need[d][2] : "");
        }
    }
    for (int q = 0; q < 4 && need[d][q]; q++)
        if (!sc_lookup(item, need[d][q], &k) && !k) {
            sc_path_key(kp, path, need[d][q]);
            return sc_fail(c, u->line, 0, kp, "missing required key '%s' (a %s distribution "
                           "needs %s%s%s%s%s)", need[d][q], dists[d], need[d][0],
                           need[d][1] ? ", " : "", need[d][1] ? need[d][1] : "",
                           need[d][2] ? ", " : "", need[d][2] ? need[d][2] : "");
        }
    switch (u->dist) {
    case TS_DIST_UNIFORM:
        if ((st = num_key(c, item, path, "min", &u->a)) || (st = num_key(c, item, path, "max", &u->b)))
            return st;
        if (u->b < u->a)
            return sc_fail(c, u->line, 0, path, "max %g is below min %g", u->b, u->a);
        break;
    case TS_DIST_TRIANGULAR:
        if ((st = num_key(c, item, path, "min", &u->a)) ||
            (st = num_key(c, item, path, "max", &u->b)) ||
            (st = num_key(c, item, path, "mode", &u->c)))
            return st;
        if (!(u->a <= u->c && u->c <= u->b))
            return sc_fail(c, u->line, 0, path, "expected min <= mode <= max, got %g, %g, %g",
                           u->a, u->c, u->b);
        break;
    case TS_DIST_NORMAL:
        if ((st = num_key(c, item, path, "mean", &u->a)) || (st = num_key(c, item, path, "sd", &u->b)))
            return st;
        if (u->b < 0)
            return sc_fail(c, u->line, 0, path, "sd %g is negative", u->b);
        break;
    case TS_DIST_LOGNORMAL:
        if ((st = num_key(c, item, path, "median", &u->a)) ||
            (st = num_key(c, item, path, "sigma", &u->b)))
            return st;
        if (!(u->a > 0) || u->b < 0)
            return sc_fail(c, u->line, 0, path, "a lognormal needs median > 0 and sigma >= 0");
        break;
    case TS_DIST_CHOICE:
        v = sc_lookup(item, "values", &k);
        sc_path_key(kp, path, "values");
        if ((st = take_list(c, k, v, kp, "a list of values", &u->n_values, &u->values)))
            return st;
        if (!(u->weights = calloc(u->n_values, sizeof *u->weights)))
            return sc_nomem(c);
        v = sc_lookup(item, "weights", &k);
        sc_path_key(kp, path, "weights");
        double total = 0;
        if (k) {
            if (fy_node_get_type(v) != FYNT_SEQUENCE ||
                (size_t)fy_node_sequence_item_count(v) != u->n_values)
                return sc_fail(c, sc_line(k), 0, kp, "expected a list of %zu weights (one per "
                               "value)", u->n_values);
            for (size_t i = 0; i < u->n_values; i++) {
                char ip[SC_PATH_MAX];
                sc_path_idx(ip, kp, i);
                struct fy_node *w = fy_node_sequence_get_by_index(v, (int)i);
                if ((st = sc_read_number(c, k, w, ip, "a weight >= 0", 0, &u->weights[i])))
                    return st;
                if (u->weights[i] < 0)
                    return sc_fail(c, sc_line(w), 0, ip, "a weight must be >= 0");
                total += u->weights[i];
            }
            if (!(total > 0))
                return sc_fail(c, sc_line(k), 0, kp, "the weights sum to 0");
        } else {
            for (size_t i = 0; i < u->n_values; i++)
                u->weights[i] = 1;
        }
        break;
    }
    v = sc_lookup(item, "truncate", &k);
    sc_path_key(kp, path, "truncate");
    if (k) {
        if (u->dist == TS_DIST_CHOICE)
            return sc_fail(c, sc_line(k), 0, kp, "a choice cannot be truncated");
        if (fy_node_get_type(v) != FYNT_SEQUENCE || fy_node_sequence_item_count(v) != 2)
            return sc_fail(c, sc_line(k), 0, kp, "expected [lo, hi]");
        double lh[2];
        for (int i = 0; i < 2; i++) {
            char ip[SC_PATH_MAX];
            sc_path_idx(ip, kp, (size_t)i);
            if ((st = sc_read_number(c, k, fy_node_sequence_get_by_index(v, i), ip,
                                     "a number or .inf", 1, &lh[i])))
                return st;
        }
        if (!(lh[0] < lh[1]))
            return sc_fail(c, sc_line(k), 0, kp, "expected lo < hi, got [%g, %g]", lh[0], lh[1]);
        u->lo = lh[0];
        u->hi = lh[1];
    }
    /* the support of bounded distributions is their truncation too */
    if (u->dist == TS_DIST_UNIFORM || u->dist == TS_DIST_TRIANGULAR) {
        if (u->a > u->lo)
            u->lo = u->a;
        if (u->b < u->hi)
            u->hi = u->b;
        if (u->lo > u->hi)
            return sc_fail(c, u->line, 0, kp, "the truncation does not meet [min, max]");
    }
    if (u->dist == TS_DIST_LOGNORMAL && u->lo < 0)
        u->lo = 0;
    if ((u->dist == TS_DIST_NORMAL || u->dist == TS_DIST_LOGNORMAL) && u->b > 0) {
        double z0 = isinf(u->lo) ? -INFINITY
                    : (u->dist == TS_DIST_NORMAL ? (u->lo - u->a) / u->b
                       : u->lo > 0 ? log(u->lo / u->a) / u->b : -INFINITY);
        double z1 = isinf(u->hi) ? INFINITY
                    : (u->dist == TS_DIST_NORMAL ? (u->hi - u->a) / u->b
                       : log(u->hi / u->a) / u->b);
        if (!(ts_norm_cdf(z1) - ts_norm_cdf(z0) > 1e-12))
            return sc_fail(c, u->line, 0, kp, "the truncation [%g, %g] leaves (almost) no "
                           "probability", u->lo, u->hi);
    }
    v = sc_lookup(item, "integer", &k);
    if (k) {
        size_t l;
        const char *s = sc_scalar(v, &l);
        if (sc_is_plain(v) && (sc_text_is(s, l, "true") || sc_text_is(s, l, "false")))
            u->integer = sc_text_is(s, l, "true");
        else {
            sc_path_key(kp, path, "integer");
            return sc_fail(c, sc_vline(k, v), 0, kp, "expected true or false, got %s",
                           SC_DESC(v));
        }
    }
    return TS_OK;
}

static ts_status parse_calibrate(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                                 ts_ensemble_spec *e);
static ts_status parse_params(sc_ctx *c, struct fy_node *k, struct fy_node *v,
                              ts_ensemble_spec *e);

ts_status sc_parse_ensemble(sc_ctx *c, struct fy_node *key, struct fy_node *val)
{
    if (sc_is_null(val))
        return TS_OK;
    if (fy_node_get_type(val) != FYNT_MAPPING)
        return sc_fail(c, sc_vline(key, val), 0, "ensemble",
                       "expected a mapping (members:, seed:, parameters:), got %s", SC_DESC(val));
    ts_status st = sc_check_keys(c, val, "ensemble", ens_keys, NKEYS(ens_keys));
    if (st)
        return st;
    ts_ensemble_spec *e = calloc(1, sizeof *e);
    if (!e)
        return sc_nomem(c);
    c->sc->ensemble = e;
    e->members = 100;
    e->seed = 1;
    e->acceptance = 0.1;
    struct fy_node *k, *v = sc_lookup(val, "members", &k);
    long x;
    if (k && (st = sc_read_int(c, k, v, "ensemble.members", "a number of members", 1, 10000000,
                               &e->members)))
        return st;
    v = sc_lookup(val, "seed", &k);
    if (k) {
        if ((st = sc_read_int(c, k, v, "ensemble.seed", "a whole number >= 0", 0, LONG_MAX, &x)))
            return st;
        e->seed = (uint64_t)x;
    }
    v = sc_lookup(val, "acceptance", &k);
    if (k) {
        if ((st = sc_read_number(c, k, v, "ensemble.acceptance", "a share in (0, 1]", 0,
                                 &e->acceptance)))
            return st;
        if (!(e->acceptance > 0 && e->acceptance <= 1))
            return sc_fail(c, sc_vline(k, v), 0, "ensemble.acceptance",
                           "%g is out of range: expected a share in (0, 1]", e->acceptance);
    }
    v = sc_lookup(val, "rank_groups", &k);
    if (k && (st = take_list(c, k, v, "ensemble.rank_groups", "a reporting group name",
                             &e->n_rank_groups, &e->rank_groups)))
        return st;
    v = sc_lookup(val, "watch", &k);
    if (k && (st = take_list(c, k, v, "ensemble.watch", "an industry REGION_SECTOR",
                             &e->n_watch, &e->watch)))
        return st;
    v = sc_lookup(val, "parameters", &k);
    if (k && !sc_is_null(v) && (st = parse_params(c, k, v, e)))
        return st;
    v = sc_lookup(val, "calibrate", &k);
    return k ? parse_calibrate(c, k, v, e) : TS_OK;
}

/* `calibrate: {scenario: FILE, parameters: [input names]}` */
static ts_status parse_calibrate(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                                 ts_ensemble_spec *e)
{
    static const char *const ck[] = {"scenario", "parameters"};
    if (fy_node_get_type(val) != FYNT_MAPPING)
        return sc_fail(c, sc_vline(key, val), 0, "ensemble.calibrate",
                       "expected {scenario: <backtest scenario>, parameters: [<input names>]}, "
                       "got %s", SC_DESC(val));
    ts_status st = sc_check_keys(c, val, "ensemble.calibrate", ck, 2);
    if (st)
        return st;
    struct fy_node *k, *v = sc_lookup(val, "scenario", &k);
    char *file = NULL;
    if (!k)
        return sc_fail(c, sc_line(key), 0, "ensemble.calibrate.scenario",
                       "missing required key 'scenario' (a backtest scenario with "
                       "observations:)");
    if ((st = sc_read_string(c, k, v, "ensemble.calibrate.scenario", "a scenario file", &file)))
        return st;
    const char *slash = strrchr(c->sc->file, '/');
    e->calib_scenario = (file[0] == '/' || !slash)
                            ? ts_strdup(file)
                            : ts_asprintf("%.*s/%s", (int)(slash - c->sc->file), c->sc->file,
                                          file);
    free(file);
    if (!e->calib_scenario)
        return sc_nomem(c);
    v = sc_lookup(val, "parameters", &k);
    if (!k)
        return sc_fail(c, sc_line(key), 0, "ensemble.calibrate.parameters",
                       "missing required key 'parameters' (the names of the inputs that also "
                       "apply to the backtest)");
    size_t n = 0;
    char **names = NULL;
    if ((st = take_list(c, k, v, "ensemble.calibrate.parameters", "an input name", &n, &names)))
        return st;
    e->calib = calloc(n + 1, sizeof *e->calib);
    for (size_t i = 0; e->calib && i < n; i++) {
        size_t j = 0;
        while (j < e->n && strcmp(e->params[j].name, names[i]) != 0)
            j++;
        if (j == e->n) {
            const char **known = calloc(e->n + 1, sizeof *known);
            for (size_t q = 0; known && q < e->n; q++)
                known[q] = e->params[q].name;
            const char *sug = known ? sc_suggest(names[i], known, e->n) : NULL;
            st = sc_fail(c, sc_line(k), 0, "ensemble.calibrate.parameters",
                         "'%s' is not the name of an input of ensemble.parameters%s%s%s",
                         names[i], sug ? " - did you mean '" : "", sug ? sug : "",
                         sug ? "'?" : "");
            free(known);
            break;
        }
        e->calib[e->n_calib++] = j;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (!e->calib)
        return sc_nomem(c);
    return st;
}

static ts_status parse_params(sc_ctx *c, struct fy_node *k, struct fy_node *v,
                              ts_ensemble_spec *e)
{
    ts_status st;
    if (fy_node_get_type(v) != FYNT_SEQUENCE)
        return sc_fail(c, sc_vline(k, v), 0, "ensemble.parameters",
                       "expected a list of {path:, dist:, ...}, got %s", SC_DESC(v));
    size_t n = (size_t)fy_node_sequence_item_count(v);
    if (!(e->params = calloc(n ? n : 1, sizeof *e->params)))
        return sc_nomem(c);
    char ip[SC_PATH_MAX];
    for (size_t i = 0; i < n; i++) {
        sc_path_idx(ip, "ensemble.parameters", i);
        e->n = i + 1;
        if ((st = parse_item(c, fy_node_sequence_get_by_index(v, (int)i), ip, &e->params[i])))
            return st;
    }
    return TS_OK;
}

ts_status sc_resolve_ensemble(ts_scenario *sc, const ts_mrio *m, ts_error *err)
{
    ts_ensemble_spec *e = sc->ensemble;
    if (!e)
        return TS_OK;
    for (size_t i = 0; i < e->n_rank_groups; i++)
        if (ts_scenario_group_index(sc, e->rank_groups[i]) < 0)
            return ts_error_set(err, TS_ERR_INPUT, sc->file, 0, 0, "ensemble.rank_groups",
                                "'%s' is not a group of the scenario (groups:)",
                                e->rank_groups[i]);
    for (size_t i = 0; i < e->n_watch; i++)
        if (sc_industry_index(m, e->watch[i]) < 0)
            return ts_error_set(err, TS_ERR_INPUT, sc->file, 0, 0, "ensemble.watch",
                                "'%s' is not an industry REGION_SECTOR of the table",
                                e->watch[i]);
    return TS_OK;
}
