/* Internal helpers of the scenario module (src/scenario/): YAML node access with
 * line numbers, key checks, typed value readers. Not part of the public API. */
#ifndef TS_SCENARIO_INTERNAL_H
#define TS_SCENARIO_INTERNAL_H

#include <stddef.h>

#include <libfyaml.h>

#include "tradeshock/scenario.h"

/** Longest key path kept (`events[12].products[3]`, ...). */
#define SC_PATH_MAX 256

/** Parsing context: where errors go and what is known so far. */
typedef struct sc_ctx {
    const char *file;   /**< scenario file as given (for messages) */
    ts_error *err;      /**< caller's error (may be NULL) */
    ts_scenario *sc;    /**< scenario being filled */
    long start_abs;     /**< days from 1970-01-01 of start_date (valid once parsed) */
    size_t n_sets;      /**< named sector sets (`sets`; sets.c) */
    char **set_names;
    ts_code_list *set_members;
} sc_ctx;

/* ---- yaml.c: nodes ---------------------------------------------------- */

/** 1-based line of a node (scalar: its token; mapping/sequence: first child), 0 if unknown. */
long sc_line(struct fy_node *n);
/** 1-based column of a scalar node, 0 if unknown. */
long sc_col(struct fy_node *n);
/** Line of a value if it is a scalar with a position, else the line of its key. */
long sc_vline(struct fy_node *key, struct fy_node *val);
/** 1 if @p n is NULL or a plain null scalar (`~`, `null`, empty). */
int sc_is_null(struct fy_node *n);
/** "the string", "the number", "a list", "a mapping", "nothing (an empty value)". */
const char *sc_kind(struct fy_node *n);
/** sc_kind() followed by the value as written (scalars): "the string 'one year'". */
const char *sc_desc(struct fy_node *n, char *buf, size_t len);
/** sc_desc() into a temporary buffer that lives until the end of the enclosing block. */
#define SC_DESC(n) sc_desc((n), (char[112]){0}, 112)
/** Scalar text of @p n in a static-lifetime-of-the-document buffer, with its length. */
const char *sc_scalar(struct fy_node *n, size_t *len);
/** 1 if the scalar was written without quotes (plain style). */
int sc_is_plain(struct fy_node *n);
/** Heap copy of a scalar's text (NULL on allocation failure). */
char *sc_strdup_scalar(struct fy_node *n);
/** 1 if the @p len bytes at @p s are exactly the word @p w. */
int sc_text_is(const char *s, size_t len, const char *w);
/** YAML 1.2 core-schema number (no inf/nan); sets *out and *is_int (may be NULL). */
int sc_number_text(const char *s, size_t len, double *out, int *is_int);
/** `.inf`, `.Inf`, `.INF`, `infinite` (optionally with `+`). */
int sc_inf_text(const char *s, size_t len);
/** " 'value'" as written (shortened), or "" for a non-scalar - for messages. */
void sc_value_text(struct fy_node *n, char *buf, size_t len);

/** Child key path: "parent.key" (or "key" when parent is empty). */
void sc_path_key(char *buf, const char *parent, const char *key);
/** Child key path for a sequence item: "parent[i]". */
void sc_path_idx(char *buf, const char *parent, size_t i);

/** Record a TS_ERR_INPUT at @p line / @p col under key path @p key. Returns TS_ERR_INPUT. */
ts_status sc_fail(sc_ctx *c, long line, long col, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/** Record TS_ERR_NOMEM. */
ts_status sc_nomem(sc_ctx *c);

/** Edit distance (optimal string alignment: insert, delete, substitute, swap). */
size_t sc_edit_distance(const char *a, const char *b);
/** Closest of @p known to @p word when close enough to be a typo, else NULL. */
const char *sc_suggest(const char *word, const char *const *known, size_t n);

/**
 * Check the keys of mapping @p map (path @p path): every key a scalar, no key twice
 * (the message names both lines), every key in @p known (else "did you mean ...").
 * @p known NULL accepts any key (only the scalar and duplicate checks are made).
 */
ts_status sc_check_keys(sc_ctx *c, struct fy_node *map, const char *path,
                        const char *const *known, size_t n_known);

/** Find @p key in mapping @p map; returns the value and sets *keynode (NULL if absent). */
struct fy_node *sc_lookup(struct fy_node *map, const char *key, struct fy_node **keynode);

/* ---- values.c: typed values (key = key node, val = value node, path = key path) ---- */

/** A non-empty string scalar (quoted or plain). */
ts_status sc_read_string(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                         const char *path, const char *what, char **out);
/** A finite number (plain scalar); with @p allow_inf also `.inf` / `infinite`. */
ts_status sc_read_number(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                         const char *path, const char *what, int allow_inf, double *out);
/** A whole number (plain scalar, optional sign) in [lo, hi]. */
ts_status sc_read_int(sc_ctx *c, struct fy_node *key, struct fy_node *val, const char *path,
                      const char *what, long lo, long hi, long *out);
/** An ISO calendar date YYYY-MM-DD. */
ts_status sc_read_date(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                       const char *path, int *y, int *m, int *d);
/** A day: ISO date (converted with c->start_abs) or a non-negative day number. */
ts_status sc_read_day(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                      const char *path, int *day);
/** One code, a list of codes or the word `all`; fills @p out (present, line, codes...). */
ts_status sc_read_codes(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                        const char *path, const char *what, ts_code_list *out);

/** One of @p n words (`mode: ario`, `recovery: convex`): *out = its index; otherwise
 *  "unknown <what> 'x' - did you mean ...? (valid: ...)". */
ts_status sc_read_choice(sc_ctx *c, struct fy_node *key, struct fy_node *val, const char *path,
                         const char *what, const char *const *words, size_t n, int *out);

/** "2025-02-01" for day @p day of the scenario being parsed (buf >= 16). */
void sc_day_text(const sc_ctx *c, int day, char *buf, size_t len);

/* ---- events.c ------------------------------------------------------------ */

/** Parse the `events` sequence @p val (key node @p key) into c->sc->events. */
ts_status sc_parse_events(sc_ctx *c, struct fy_node *key, struct fy_node *val);

/* ---- policy.c: groups, retaliation, policy parameters -------------------- */

ts_status sc_parse_policy_params(sc_ctx *c, struct fy_node *params);
ts_status sc_parse_groups(sc_ctx *c, struct fy_node *key, struct fy_node *val);
ts_status sc_parse_retaliation(sc_ctx *c, struct fy_node *key, struct fy_node *val);
ts_status sc_parse_product_values(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                                  const char *path, double lo, double hi, const char *what,
                                  ts_product_values *out);
void sc_product_values_clear(ts_product_values *v);
/** Industry index of a label <REGION>_<SECTOR> (region codes may contain '_'), or -1. */
int sc_industry_index(const ts_mrio *m, const char *label);
ts_status sc_resolve_policy(ts_scenario *sc, const ts_mrio *m, ts_error *err);
/* ---- sets.c: named sector sets ------------------------------------------ */
ts_status sc_read_sets(sc_ctx *c, struct fy_node *key, struct fy_node *val);
/** Members of set @p name (codes as written, ranges expanded), or NULL. */
const ts_code_list *sc_set_find(const sc_ctx *c, const char *name);
void sc_sets_free(sc_ctx *c);
/* Embodied-content restrictions (content.c): fill content_share of the events that give
 * content_of, from the table's Leontief inverse. */
ts_status sc_resolve_content(ts_scenario *sc, const ts_mrio *m, ts_error *err);
void sc_policy_free(ts_scenario *sc);
void sc_policy_defaults(ts_params *p);
/** Per-product values into by_product[S] (unknown codes are errors naming @p path). */
ts_status sc_resolve_values(const ts_scenario *sc, const ts_mrio *m, ts_product_values *v,
                            const char *path, ts_error *err);
/** Resolve a code list: every code a region (@p regions = 1) or a product; `all` = all. */
ts_status sc_resolve_codes(const ts_scenario *sc, const ts_mrio *m, ts_code_list *l,
                           int regions, const char *path, ts_error *err);

/* ---- licensing.c: review_days and approval of an export restriction ------ */

ts_status sc_parse_licensing(sc_ctx *c, struct fy_node *item, const char *ep, ts_event *ev);

/* ---- dynamics.c: critical-input dynamics parameters ----------------------- */

ts_status sc_parse_dynamics_params(sc_ctx *c, struct fy_node *params);
ts_status sc_resolve_dynamics(ts_scenario *sc, const ts_mrio *m, ts_error *err);
void sc_dynamics_free(ts_params *p);
void sc_dynamics_defaults(ts_params *p);

/* ---- override.c: overrides by key path (tradeshock/override.h) ------------ */

struct ts_override;
/** Apply @p n overrides to @p doc in order; canon[i] receives override i's path with list
 *  items as indices (events[2].share), for messages. */
ts_status sc_apply_overrides(sc_ctx *c, struct fy_document *doc, const struct ts_override *ov,
                             size_t n, char (*canon)[SC_PATH_MAX]);
/** Rewrite @p err when its key is covered by one of the overrides (canonical paths). */
void sc_annotate_overrides(ts_error *err, const struct ts_override *ov,
                           char (*canon)[SC_PATH_MAX], size_t n);

/* ---- ensemble_spec.c: the `ensemble` block (tradeshock/ensemble.h) ------- */

ts_status sc_parse_ensemble(sc_ctx *c, struct fy_node *key, struct fy_node *val);
ts_status sc_resolve_ensemble(ts_scenario *sc, const ts_mrio *m, ts_error *err);

/* ---- scenario.c ---------------------------------------------------------- */

/** Free the contents of a code list (not the list itself) and zero it. */
void sc_code_list_clear(ts_code_list *l);

#endif
