/* ts_scenario_parse(): read a scenario YAML file with libfyaml (docs/scenario-format.md).
 * The document is loaded with duplicate keys allowed so that this module can report
 * them itself (key path and both lines); syntax errors are collected through a
 * libfyaml diagnostic object (never printed) and reported with the parser's line and
 * column. Top level and `parameters` are read here, `events` in events.c. */
#define _POSIX_C_SOURCE 200809L
#include "scenario/internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/infile.h"
#include "core/util.h"
#include "tradeshock/override.h"

static const char *const top_keys[] = {"name", "description", "table", "start_date",
                                       "horizon_days", "parameters", "groups", "events",
                                       "retaliation", "splits", "observations", "ensemble",
                                       "sets"};
static const char *const param_keys[] = {
    "inventory_days", "inventory_days_by_product", "psi", "restoration_days",
    "alpha_max", "alpha_tau_days", "collapse_threshold", "substitution_days",
    "substitutability", "armington_sigma", "import_demand_elasticity", "rationing", "priority",
    "capital_to_value_added", "mode", "alpha_max_by_product", "psi_by_product",
    "restoration_days_by_product", "criticality", "transit", "cover_spread",
    "catch_up_days_by_product"};

#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_HORIZON 1000000L

/* ---- loading ------------------------------------------------------------ */

typedef struct sc_yaml {
    struct fy_diag *diag;
    struct fy_parser *parser;
    struct fy_document *doc;
} sc_yaml;

static void yaml_close(sc_yaml *y)
{
    if (y->doc)
        fy_parse_document_destroy(y->parser, y->doc);
    if (y->parser)
        fy_parser_destroy(y->parser);
    if (y->diag)
        fy_diag_destroy(y->diag);
    memset(y, 0, sizeof *y);
}

/* Discard anything libfyaml would print (collect mode keeps the errors instead). */
static void diag_sink(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
    (void)diag;
    (void)user;
    (void)buf;
    (void)len;
}

/* Turn the first collected libfyaml error into a TS_ERR_INPUT; 0 if none was collected.
 * @p what prefixes the message, @p hint (NULL: chosen from the message) follows it. */
static ts_status diag_error(sc_ctx *c, struct fy_diag *diag, const char *what,
                            const char *hint)
{
    void *it = NULL;
    struct fy_diag_error *e, *first = NULL;
    while ((e = fy_diag_errors_iterate(diag, &it)))
        if (e->type >= FYET_ERROR) {
            first = e;
            break;
        }
    if (!first)
        return TS_OK;
    const char *msg = first->msg ? first->msg : "invalid YAML";
    if (hint)
        ;
    else if (strstr(msg, "tab"))
        hint = " - YAML does not allow tab characters for indentation; indent with spaces";
    else if (strstr(msg, "duplicate key"))
        hint = " - each key may appear only once in a mapping";
    else
        hint = " - check the indentation and the ': ' after each key near this place";
    return ts_error_set(c->err, TS_ERR_INPUT, c->file, first->line, first->column, NULL,
                        "%s: %s%s", what, msg, hint);
}

static ts_status syntax_error(sc_ctx *c, struct fy_diag *diag)
{
    return diag_error(c, diag, "YAML syntax error", NULL);
}

/* Size of the tree once aliases are expanded, counting at most @p budget nodes: a few
 * lines of nested aliases can expand to billions of nodes ("billion laughs"). */
static long expanded_size(struct fy_node *n, long budget, int depth)
{
    if (!n || budget <= 0 || depth > 200)
        return budget + 1;
    if (fy_node_is_alias(n))
        return expanded_size(fy_node_resolve_alias(n), budget, depth + 1);
    long used = 1;
    void *it = NULL;
    if (fy_node_get_type(n) == FYNT_SEQUENCE) {
        struct fy_node *item;
        while (used <= budget && (item = fy_node_sequence_iterate(n, &it)))
            used += expanded_size(item, budget - used, depth + 1);
    } else if (fy_node_get_type(n) == FYNT_MAPPING) {
        struct fy_node_pair *p;
        while (used <= budget && (p = fy_node_mapping_iterate(n, &it))) {
            used += expanded_size(fy_node_pair_key(p), budget - used, depth + 1);
            if (used <= budget)
                used += expanded_size(fy_node_pair_value(p), budget - used, depth + 1);
        }
    }
    return used;
}

/* Duplicate keys anywhere in the tree, before aliases are expanded. */
static ts_status dup_walk(sc_ctx *c, struct fy_node *n, const char *path, int depth)
{
    if (!n || depth > 64 || fy_node_is_alias(n))
        return TS_OK;
    char kp[SC_PATH_MAX];
    ts_status st;
    if (fy_node_get_type(n) == FYNT_SEQUENCE) {
        void *it = NULL;
        struct fy_node *item;
        size_t i = 0;
        while ((item = fy_node_sequence_iterate(n, &it))) {
            sc_path_idx(kp, path, i++);
            if ((st = dup_walk(c, item, kp, depth + 1)))
                return st;
        }
        return TS_OK;
    }
    if (fy_node_get_type(n) != FYNT_MAPPING)
        return TS_OK;
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(n, &it))) {
        struct fy_node *k = fy_node_pair_key(p);
        if (!k || fy_node_get_type(k) != FYNT_SCALAR)
            continue; /* reported by sc_check_keys() */
        size_t l;
        const char *s = sc_scalar(k, &l);
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(l < 100 ? l : 100), s);
        sc_path_key(kp, path, name);
        void *it2 = NULL;
        struct fy_node_pair *q;
        while ((q = fy_node_mapping_iterate(n, &it2)) && q != p) {
            struct fy_node *k2 = fy_node_pair_key(q);
            if (!k2 || fy_node_get_type(k2) != FYNT_SCALAR)
                continue;
            size_t l2;
            const char *s2 = sc_scalar(k2, &l2);
            if (l2 == l && memcmp(s, s2, l) == 0)
                return sc_fail(c, sc_line(k), sc_col(k), kp,
                               "duplicate key '%s': given on line %ld and again on line %ld "
                               "(each key may appear only once in a mapping)",
                               name, sc_line(k2), sc_line(k));
        }
        if ((st = dup_walk(c, fy_node_pair_value(p), kp, depth + 1)))
            return st;
    }
    return TS_OK;
}

static ts_status yaml_open(sc_ctx *c, const char *path, sc_yaml *y)
{
    memset(y, 0, sizeof *y);
    FILE *f = NULL;
    ts_status ost = ts_open_input(path, "a scenario file (YAML)", &f, c->err);
    if (ost)
        return ost;
    fclose(f);

    struct fy_diag_cfg dc;
    fy_diag_cfg_default(&dc);
    dc.fp = NULL;
    dc.output_fn = diag_sink;
    dc.colorize = false;
    y->diag = fy_diag_create(&dc);
    if (!y->diag)
        return sc_nomem(c);
    fy_diag_set_collect_errors(y->diag, true);

    struct fy_parse_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    /* Duplicates are allowed here and reported by dup_walk() with both lines; aliases
     * are resolved only after that check (libfyaml's resolver rejects duplicates with a
     * message that names neither the key nor the first line). */
    cfg.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG | FYPCF_ALLOW_DUPLICATE_KEYS |
                FYPCF_DEFAULT_VERSION_AUTO;
    cfg.diag = y->diag;
    y->parser = fy_parser_create(&cfg);
    if (!y->parser)
        return sc_nomem(c);
    /* libfyaml must only see valid UTF-8 (it loops forever on some invalid bytes) */
    ts_status vst = ts_utf8_check_file(path, TS_YAML_MAX_BYTES, c->err);
    if (vst)
        return vst;
    if (fy_parser_set_input_file(y->parser, path) != 0)
        return ts_error_set(c->err, TS_ERR_IO, path, 0, 0, NULL,
                            "cannot read the scenario file");

    y->doc = fy_parse_load_document(y->parser);
    ts_status st = syntax_error(c, y->diag);
    if (st)
        return st;
    if (!y->doc || !fy_document_root(y->doc))
        return sc_fail(c, 1, 0, NULL,
                       "the scenario file is empty; expected a mapping with at least "
                       "name, table, start_date and horizon_days");

    /* A second document (after '---') would be silently ignored: refuse it. */
    struct fy_document *more = fy_parse_load_document(y->parser);
    st = syntax_error(c, y->diag);
    if (!st && more && fy_document_root(more))
        st = sc_fail(c, sc_line(fy_document_root(more)), 0, NULL,
                     "a second YAML document (after '---') is not allowed; a scenario "
                     "file holds one mapping");
    if (more)
        fy_parse_document_destroy(y->parser, more);
    if (st)
        return st;

    if ((st = dup_walk(c, fy_document_root(y->doc), "", 0)))
        return st;
    if (expanded_size(fy_document_root(y->doc), 1000000, 0) > 1000000)
        return sc_fail(c, 1, 0, NULL,
                       "the file expands to more than a million YAML nodes once its aliases "
                       "(*name) are expanded; a scenario needs far fewer (nested aliases?)");
    if (fy_document_resolve(y->doc) != 0) {
        static const char *const hint =
            " - aliases (*name) are expanded, but a merge key (<<) may not be combined "
            "with keys that override it; write the keys out instead";
        st = diag_error(c, y->diag, "YAML error while expanding aliases", hint);
        if (!st)
            st = sc_fail(c, 1, 0, NULL, "YAML error: cannot expand the aliases (*name)%s",
                         hint);
    }
    return st;
}

/* ---- helpers ------------------------------------------------------------------ */

static ts_status out_of_range(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                              const char *path, const char *expect)
{
    size_t l;
    const char *s = sc_scalar(val, &l);
    return sc_fail(c, sc_vline(key, val), sc_col(val), path,
                   "%.*s is out of range: expected %s", (int)l, s, expect);
}

static ts_status missing(sc_ctx *c, long line, const char *path, const char *what)
{
    return sc_fail(c, line, 0, path, "missing required key '%s' (%s)",
                   strrchr(path, '.') ? strrchr(path, '.') + 1 : path, what);
}

/* `table` relative to the folder of the scenario file (absolute paths kept). */
static char *resolve_table(const char *file, const char *table)
{
    const char *slash = strrchr(file, '/');
    if (table[0] == '/' || !slash)
        return ts_strdup(table);
    return ts_asprintf("%.*s/%s", (int)(slash - file), file, table);
}

/* ---- parameters ---------------------------------------------------------------- */

typedef enum { R_POS, R_UNIT_OC, R_UNIT_OO, R_GE1 } range_kind;

typedef struct param_spec {
    const char *key;
    range_kind range;
    size_t off;
} param_spec;

static const param_spec param_specs[] = {
    {"inventory_days", R_POS, offsetof(ts_params, inventory_days)},
    {"psi", R_UNIT_OC, offsetof(ts_params, psi)},
    {"restoration_days", R_POS, offsetof(ts_params, restoration_days)},
    {"alpha_max", R_GE1, offsetof(ts_params, alpha_max)},
    {"alpha_tau_days", R_POS, offsetof(ts_params, alpha_tau_days)},
    {"collapse_threshold", R_UNIT_OO, offsetof(ts_params, collapse_threshold)},
    {"capital_to_value_added", R_POS, offsetof(ts_params, capital_to_value_added)},
};


static const char *range_text(range_kind r)
{
    switch (r) {
    case R_POS: return "a number > 0";
    case R_UNIT_OC: return "a number in (0, 1]";
    case R_UNIT_OO: return "a number in (0, 1) (both ends excluded)";
    case R_GE1: return "a number >= 1 (1 = no overproduction)";
    }
    return "a number";
}

static int in_range(range_kind r, double v)
{
    switch (r) {
    case R_POS: return v > 0;
    case R_UNIT_OC: return v > 0 && v <= 1;
    case R_UNIT_OO: return v > 0 && v < 1;
    case R_GE1: return v >= 1;
    }
    return 0;
}

static ts_status parse_product_days(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                                    const char *path)
{
    ts_params *p = &c->sc->params;
    if (sc_is_null(val))
        return TS_OK;
    if (fy_node_get_type(val) != FYNT_MAPPING)
        return sc_fail(c, sc_vline(key, val), 0, path,
                       "expected a mapping of product codes to days (e.g. 'SRV: infinite'), "
                       "got %s",
                       SC_DESC(val));
    ts_status st = sc_check_keys(c, val, path, NULL, 0);
    if (st)
        return st;
    size_t n = (size_t)fy_node_mapping_item_count(val);
    if (n == 0)
        return TS_OK;
    p->product_days_codes = calloc(n, sizeof *p->product_days_codes);
    p->product_days_lines = calloc(n, sizeof *p->product_days_lines);
    p->product_days = calloc(n, sizeof *p->product_days);
    if (!p->product_days_codes || !p->product_days_lines || !p->product_days)
        return sc_nomem(c);
    void *it = NULL;
    struct fy_node_pair *pr;
    char kp[SC_PATH_MAX];
    while ((pr = fy_node_mapping_iterate(val, &it))) {
        struct fy_node *k = fy_node_pair_key(pr), *v = fy_node_pair_value(pr);
        char *code = sc_strdup_scalar(k);
        if (!code)
            return sc_nomem(c);
        const ts_code_list *set = sc_set_find(c, code);
        if (set) {
            /* a set name: one entry per member, the same number of days */
            sc_path_key(kp, path, code);
            free(code);
            if (fy_node_get_type(v) == FYNT_MAPPING)
                return sc_fail(c, sc_line(k), sc_col(k), kp,
                               "a set takes one number of days here, not a per-buyer mapping");
            size_t cap = n + set->n;
            char **nc = realloc(p->product_days_codes, cap * sizeof *nc);
            if (nc)
                p->product_days_codes = nc;
            long *nl = nc ? realloc(p->product_days_lines, cap * sizeof *nl) : NULL;
            if (nl)
                p->product_days_lines = nl;
            double *nd = nl ? realloc(p->product_days, cap * sizeof *nd) : NULL;
            if (!nd)
                return sc_nomem(c);
            p->product_days = nd;
            n = cap;
            double d = 0;
            st = sc_read_number(c, k, v, kp, "a number of days >= 0 (0: no stock) or infinite",
                                1, &d);
            if (st)
                return st;
            if (!(d >= 0))
                return out_of_range(c, k, v, kp, "a number of days >= 0, or infinite");
            for (size_t m = 0; m < set->n; m++) {
                size_t i = p->n_product_days++;
                p->product_days_codes[i] = ts_strdup(set->codes[m]);
                if (!p->product_days_codes[i])
                    return sc_nomem(c);
                p->product_days_lines[i] = sc_line(k);
                p->product_days[i] = d;
            }
            continue;
        }
        size_t i = p->n_product_days++;
        p->product_days_codes[i] = code;
        p->product_days_lines[i] = sc_line(k);
        sc_path_key(kp, path, code);
        if (fy_node_get_type(v) == FYNT_MAPPING) {
            /* per-buyer form: {default: 45, c13: 60, c31: infinite} */
            st = sc_check_keys(c, v, kp, NULL, 0);
            if (st)
                return st;
            p->product_days[i] = NAN; /* no `default`: the global inventory_days */
            size_t nb = (size_t)fy_node_mapping_item_count(v), base = p->n_buyer_days;
            size_t *bp = realloc(p->buyer_days_product, (base + nb + 1) * sizeof *bp);
            if (bp)
                p->buyer_days_product = bp;
            char **bc = realloc(p->buyer_days_codes, (base + nb + 1) * sizeof *bc);
            if (bc)
                p->buyer_days_codes = bc;
            long *bl = realloc(p->buyer_days_lines, (base + nb + 1) * sizeof *bl);
            if (bl)
                p->buyer_days_lines = bl;
            double *bd = realloc(p->buyer_days, (base + nb + 1) * sizeof *bd);
            if (bd)
                p->buyer_days = bd;
            if (!bp || !bc || !bl || !bd)
                return sc_nomem(c);
            void *it2 = NULL;
            struct fy_node_pair *pb;
            char kb[SC_PATH_MAX];
            while ((pb = fy_node_mapping_iterate(v, &it2))) {
                struct fy_node *k2 = fy_node_pair_key(pb), *v2 = fy_node_pair_value(pb);
                char *buyer = sc_strdup_scalar(k2);
                if (!buyer)
                    return sc_nomem(c);
                sc_path_key(kb, kp, buyer);
                double d2 = 0;
                st = sc_read_number(c, k2, v2, kb, "a number of days >= 0 (0: no stock), or infinite (never binds)",
                                    1, &d2);
                if (!st && !(d2 >= 0))
                    st = out_of_range(c, k2, v2, kb, "a number of days >= 0, or infinite");
                if (st) {
                    free(buyer);
                    return st;
                }
                if (!strcmp(buyer, "default")) {
                    free(buyer);
                    p->product_days[i] = d2;
                    continue;
                }
                size_t b = p->n_buyer_days++;
                p->buyer_days_product[b] = i;
                p->buyer_days_codes[b] = buyer;
                p->buyer_days_lines[b] = sc_line(k2);
                p->buyer_days[b] = d2;
            }
            continue;
        }
        double d = 0;
        st = sc_read_number(c, k, v, kp, "a number of days >= 0 (0: no stock), infinite (never "
                            "binds), or a mapping {default: days, <buyer sector>: days}", 1, &d);
        if (st)
            return st;
        if (!(d >= 0))
            return out_of_range(c, k, v, kp, "a number of days >= 0, or infinite");
        p->product_days[i] = d;
    }
    return TS_OK;
}

static ts_status parse_parameters(sc_ctx *c, struct fy_node *key, struct fy_node *val)
{
    if (sc_is_null(val))
        return TS_OK;
    if (fy_node_get_type(val) != FYNT_MAPPING)
        return sc_fail(c, sc_vline(key, val), 0, "parameters",
                       "expected a mapping of parameter names to values, got %s",
                       SC_DESC(val));
    ts_status st = sc_check_keys(c, val, "parameters", param_keys, NKEYS(param_keys));
    if (st)
        return st;
    char kp[SC_PATH_MAX];
    for (size_t i = 0; i < NKEYS(param_specs); i++) {
        struct fy_node *k, *v = sc_lookup(val, param_specs[i].key, &k);
        if (!k)
            continue;
        sc_path_key(kp, "parameters", param_specs[i].key);
        double d;
        st = sc_read_number(c, k, v, kp, range_text(param_specs[i].range), 0, &d);
        if (st)
            return st;
        if (!in_range(param_specs[i].range, d))
            return out_of_range(c, k, v, kp, range_text(param_specs[i].range));
        *(double *)((char *)&c->sc->params + param_specs[i].off) = d;
    }
    /* `mode: default | ario` (docs/model.md, "ARIO-compatible mode") */
    static const char *const modes[] = {"default", "ario"};
    int mode = 0;
    struct fy_node *k, *v = sc_lookup(val, "mode", &k);
    if (k && (st = sc_read_choice(c, k, v, "parameters.mode", "mode", modes, 2, &mode)))
        return st;
    c->sc->params.mode = mode ? TS_MODE_ARIO : TS_MODE_DEFAULT;
    v = sc_lookup(val, "inventory_days_by_product", &k);
    if (k) {
        sc_path_key(kp, "parameters", "inventory_days_by_product");
        st = parse_product_days(c, k, v, kp);
    }
    if (!st)
        st = sc_parse_policy_params(c, val);
    if (!st)
        st = sc_parse_dynamics_params(c, val);
    return st;
}

/* ---- top level -------------------------------------------------------------------- */

static ts_status parse_top(sc_ctx *c, struct fy_node *root)
{
    ts_scenario *sc = c->sc;
    if (fy_node_get_type(root) != FYNT_MAPPING)
        return sc_fail(c, sc_line(root), 0, NULL,
                       "the top level must be a mapping (name:, table:, start_date:, "
                       "horizon_days:, parameters:, events:), got %s",
                       SC_DESC(root));
    ts_status st = sc_check_keys(c, root, "", top_keys, NKEYS(top_keys));
    if (st)
        return st;
    long l0 = sc_line(root);

    struct fy_node *kn, *kt, *ks, *kh, *k;
    struct fy_node *vn = sc_lookup(root, "name", &kn);
    struct fy_node *vt = sc_lookup(root, "table", &kt);
    struct fy_node *vs = sc_lookup(root, "start_date", &ks);
    struct fy_node *vh = sc_lookup(root, "horizon_days", &kh);
    if (!kn)
        return missing(c, l0, "name", "a short name for the scenario");
    if (!kt)
        return missing(c, l0, "table",
                       "the table folder, relative to the scenario file's folder");
    if (!ks)
        return missing(c, l0, "start_date", "the date of day 0, YYYY-MM-DD");
    if (!kh)
        return missing(c, l0, "horizon_days", "the number of simulated days");

    if ((st = sc_read_string(c, kn, vn, "name", "a name (text)", &sc->name)))
        return st;
    /* description: free text, checked but not kept (ts_scenario has no field for it) */
    struct fy_node *v = sc_lookup(root, "description", &k);
    if (k && !sc_is_null(v) && (st = sc_read_string(c, k, v, "description", "a text",
                                                     &sc->description)))
        return st;
    if ((st = sc_read_string(c, kt, vt, "table", "a path to the table", &sc->table)))
        return st;
    sc->table_line = sc_line(kt);
    sc->table_path = resolve_table(sc->file, sc->table);
    if (!sc->table_path)
        return sc_nomem(c);

    if ((st = sc_read_date(c, ks, vs, "start_date", &sc->start_year, &sc->start_month,
                           &sc->start_day)))
        return st;
    c->start_abs = ts_days_from_civil(sc->start_year, sc->start_month, sc->start_day);
    long h = 0;
    if ((st = sc_read_int(c, kh, vh, "horizon_days", "a positive whole number of days", 1,
                          MAX_HORIZON, &h)))
        return st;
    sc->horizon_days = (int)h;

    v = sc_lookup(root, "sets", &k);
    if (k && (st = sc_read_sets(c, k, v)))
        return st;
    v = sc_lookup(root, "parameters", &k);
    if (k && (st = parse_parameters(c, k, v)))
        return st;
    v = sc_lookup(root, "splits", &k);
    if (k && !sc_is_null(v)) {
        ts_code_list tmp = {0};
        if ((st = sc_read_codes(c, k, v, "splits", "a split specification file", &tmp))) {
            sc_code_list_clear(&tmp);
            return st;
        }
        sc->splits = calloc(tmp.n ? tmp.n : 1, sizeof *sc->splits);
        if (!sc->splits) {
            sc_code_list_clear(&tmp);
            return sc_nomem(c);
        }
        for (size_t i = 0; i < tmp.n; i++)
            sc->splits[sc->n_splits++] = resolve_table(sc->file, tmp.codes[i]);
        sc->split_lines = tmp.lines;
        tmp.lines = NULL;
        sc_code_list_clear(&tmp);
    }
    v = sc_lookup(root, "observations", &k);
    if (k && !sc_is_null(v)) {
        char *obs = NULL;
        if ((st = sc_read_string(c, k, v, "observations", "a path to an observations file",
                                 &obs)))
            return st;
        sc->observations = resolve_table(sc->file, obs);
        sc->observations_line = sc_line(k);
        free(obs);
        if (!sc->observations)
            return sc_nomem(c);
    }
    v = sc_lookup(root, "groups", &k);
    if (k && (st = sc_parse_groups(c, k, v)))
        return st;
    v = sc_lookup(root, "events", &k);
    if (k && (st = sc_parse_events(c, k, v)))
        return st;
    v = sc_lookup(root, "retaliation", &k);
    if (k && (st = sc_parse_retaliation(c, k, v)))
        return st;
    v = sc_lookup(root, "ensemble", &k);
    if (k && (st = sc_parse_ensemble(c, k, v)))
        return st;
    return TS_OK;
}

ts_status ts_scenario_parse(const char *path, ts_scenario **out, ts_error *err)
{
    return ts_scenario_parse_overrides(path, NULL, 0, out, err);
}

ts_status ts_scenario_parse_overrides(const char *path, const ts_override *ov, size_t n_ov,
                                      ts_scenario **out, ts_error *err)
{
    char (*canon)[SC_PATH_MAX] = NULL;
    ts_error_clear(err);
    if (out)
        *out = NULL;
    if (!path || !out)
        return ts_error_set(err, TS_ERR_INTERNAL, NULL, 0, 0, NULL,
                            "ts_scenario_parse: NULL argument");
    ts_scenario *sc = calloc(1, sizeof *sc);
    if (!sc)
        return ts_error_set(err, TS_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
    ts_params_default(&sc->params);
    sc_ctx c = {.file = path, .err = err, .sc = sc};
    sc_yaml y;
    ts_status st;
    sc->file = ts_strdup(path);
    if (!sc->file) {
        st = sc_nomem(&c);
        memset(&y, 0, sizeof y);
        goto fail;
    }
    st = yaml_open(&c, path, &y);
    if (!st && n_ov && !(canon = calloc(n_ov, sizeof *canon)))
        st = sc_nomem(&c);
    if (!st && n_ov && ov && (st = sc_apply_overrides(&c, y.doc, ov, n_ov, canon)))
        goto fail;
    if (!st && (st = parse_top(&c, fy_document_root(y.doc))) && canon)
        sc_annotate_overrides(err, ov, canon, n_ov);
    if (st)
        goto fail;
    free(canon);
    yaml_close(&y);
    sc_sets_free(&c);
    *out = sc;
    return TS_OK;
fail:
    free(canon);
    yaml_close(&y);
    sc_sets_free(&c);
    ts_scenario_free(sc);
    return st;
}
