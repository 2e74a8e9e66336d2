/* The `events` list of a scenario (docs/scenario-format.md, docs/model.md §2 "Events"). */
#include "scenario/internal.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

/* Every event key; bit k of a type's mask says whether key k applies to it. */
enum {
    K_TYPE, K_NAME, K_FROM, K_TO, K_PRODUCTS, K_REGIONS, K_SECTORS, K_SHARE, K_RATE,
    K_START, K_END, K_RECOVERY, K_ENDS, K_CURVE, K_DAMAGE, K_LICENCE, K_EXEMPT, K_BUYERS,
    K_PHASE, K_CONTENT_OF, K_CONTENT_THRESHOLD, K_REVIEW, K_APPROVAL, K_COUNT
};
static const char *const event_keys[K_COUNT] = {
    "type", "name", "from", "to", "products", "regions", "sectors",
    "share", "rate", "start", "end", "recovery_days", "ends", "recovery", "damage",
    "licence_delay_days", "exempt", "buyers", "phase_days", "content_of", "content_threshold",
    "review_days", "approval"};

#define N_TYPES 6

#define B(k) (1u << (k))
#define COMMON (B(K_TYPE) | B(K_NAME) | B(K_START))
static const unsigned type_keys[N_TYPES] = {
    /* export_restriction */ COMMON | B(K_FROM) | B(K_TO) | B(K_PRODUCTS) | B(K_SHARE) | B(K_END) |
        B(K_LICENCE) | B(K_EXEMPT) | B(K_BUYERS) | B(K_CONTENT_OF) | B(K_CONTENT_THRESHOLD) |
        B(K_REVIEW) | B(K_APPROVAL),
    /* tariff */ COMMON | B(K_FROM) | B(K_TO) | B(K_PRODUCTS) | B(K_RATE) | B(K_END),
    /* capacity_loss */ COMMON | B(K_REGIONS) | B(K_SECTORS) | B(K_SHARE) | B(K_END) |
        B(K_RECOVERY) | B(K_CURVE),
    /* demand_change */ COMMON | B(K_REGIONS) | B(K_PRODUCTS) | B(K_SHARE) | B(K_END),
    /* truce */ COMMON | B(K_ENDS) | B(K_PHASE),
    /* capital_destruction */ COMMON | B(K_REGIONS) | B(K_SECTORS) | B(K_SHARE) | B(K_DAMAGE) |
        B(K_END) | B(K_RECOVERY) | B(K_CURVE)};
/* Keys that must be given (besides type and start). */
static const unsigned type_required[N_TYPES] = {
    B(K_FROM), B(K_TO) | B(K_RATE), B(K_REGIONS) | B(K_SHARE), B(K_SHARE), B(K_ENDS),
    B(K_REGIONS) /* and share or damage: checked in parse_event */};

static const char *const type_names[N_TYPES] = {"export_restriction", "tariff", "capacity_loss",
                                                "demand_change", "truce", "capital_destruction"};
#define TYPE_LIST "export_restriction, tariff, capacity_loss, demand_change, truce, " \
                  "capital_destruction"

static const char *key_help(int k, ts_event_type t)
{
    switch (k) {
    case K_START: return "the first day in force: a date YYYY-MM-DD or a day number";
    case K_FROM: return "the exporting region(s)";
    case K_TO: return "the importing region(s) that levy the tariff";
    case K_RATE: return "the ad-valorem tariff change as a fraction, 0.25 = 25 %";
    case K_REGIONS: return "the region(s) hit";
    case K_SHARE:
        return t == TS_EVENT_DEMAND_CHANGE ? "the relative change of final demand, -0.1 = -10 %"
                                            : "the share of capacity lost, in [0, 1]";
    case K_DAMAGE: return "the capital destroyed, M USD";
    case K_ENDS: return "the name(s) of the events the truce ends";
    }
    return "required";
}

static void list_keys(unsigned mask, char *buf, size_t len)
{
    size_t off = 0;
    buf[0] = 0;
    for (int k = 0; k < K_COUNT && off < len; k++)
        if (mask & B(k))
            off += (size_t)snprintf(buf + off, len - off, "%s%s", off ? ", " : "",
                                    event_keys[k]);
}

static int valid_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
            return 0;
    return 1;
}

/* ---- one event ------------------------------------------------------------ */

static ts_status read_type(sc_ctx *c, struct fy_node *item, const char *ep, long eline,
                           ts_event *ev)
{
    char kp[SC_PATH_MAX];
    sc_path_key(kp, ep, "type");
    struct fy_node *k, *v = sc_lookup(item, "type", &k);
    if (!k)
        return sc_fail(c, eline, 0, kp, "missing required key 'type' (one of: " TYPE_LIST ")");
    char *t = NULL;
    ts_status st = sc_read_string(c, k, v, kp, "an event type", &t);
    if (st)
        return st;
    for (int i = 0; i < N_TYPES; i++)
        if (strcmp(t, type_names[i]) == 0) {
            ev->type = (ts_event_type)i;
            free(t);
            return TS_OK;
        }
    const char *sug = sc_suggest(t, type_names, N_TYPES);
    char hint[96] = "";
    if (sug)
        snprintf(hint, sizeof hint, " - did you mean '%s'?", sug);
    st = sc_fail(c, sc_vline(k, v), sc_col(v), kp,
                 "unknown event type '%s'%s (valid types: " TYPE_LIST ")", t, hint);
    free(t);
    return st;
}

static ts_status read_ends(sc_ctx *c, struct fy_node *k, struct fy_node *v, const char *kp,
                           ts_event *ev)
{
    ts_code_list tmp = {0};
    ts_status st = sc_read_codes(c, k, v, kp, "an event name", &tmp);
    if (!st && tmp.all)
        st = sc_fail(c, sc_vline(k, v), sc_col(v), kp,
                     "a truce names the events it ends; 'all' is not allowed here");
    if (!st) {
        ev->n_ends = tmp.n;
        ev->ends = tmp.codes;
        tmp.codes = NULL;
        tmp.n = 0;
    }
    sc_code_list_clear(&tmp);
    return st;
}

/* `recovery: linear | convex | concave` and, for capital_destruction, `damage` (exactly
 * one of share and damage). Runs after share and recovery_days are read. */
static ts_status read_recovery(sc_ctx *c, struct fy_node *item, const char *ep, ts_event *ev)
{
    static const char *const curves[] = {"linear", "convex", "concave"};
    char kp[SC_PATH_MAX];
    struct fy_node *k, *v;
    ts_status st;
    if ((v = sc_lookup(item, "recovery", &k)), k) {
        int i = 0;
        sc_path_key(kp, ep, "recovery");
        if ((st = sc_read_choice(c, k, v, kp, "recovery curve", curves, 3, &i)))
            return st;
        ev->recovery = (ts_recovery)i;
        if (ev->recovery == TS_RECOVERY_CONCAVE && ev->recovery_days < 3)
            return sc_fail(c, sc_vline(k, v), sc_col(v), kp,
                           "a concave recovery needs recovery_days >= 3 (got %d): the "
                           "s-curve is half-way at recovery_days / 2",
                           ev->recovery_days);
    }
    if (ev->type != TS_EVENT_CAPITAL_DESTRUCTION)
        return TS_OK;
    struct fy_node *ks;
    sc_lookup(item, "share", &ks);
    v = sc_lookup(item, "damage", &k);
    sc_path_key(kp, ep, k ? "damage" : "share");
    if (!k == !ks)
        return sc_fail(c, k ? sc_line(k) : ev->line, 0, kp,
                       k ? "give either 'share' (of each industry's capital) or 'damage' (M USD "
                           "in all), not both"
                         : "missing required key: 'share' (the share of capital destroyed, in "
                           "[0, 1]) or 'damage' (the capital destroyed, M USD)");
    if (k) {
        const char *what = "an amount of capital destroyed > 0, M USD";
        if ((st = sc_read_number(c, k, v, kp, what, 0, &ev->damage)))
            return st;
        if (!(ev->damage > 0)) {
            size_t l;
            const char *s = sc_scalar(v, &l);
            return sc_fail(c, sc_vline(k, v), sc_col(v), kp, "%.*s is out of range: expected %s",
                           (int)l, s, what);
        }
    }
    return TS_OK;
}

static ts_status parse_event(sc_ctx *c, struct fy_node *item, const char *ep, long eline,
                             ts_event *ev)
{
    static const char *const region_what = "a region code";
    static const char *const product_what = "a product (sector) code";
    ev->line = eline;
    ev->end = INT_MAX;
    ts_status st = sc_check_keys(c, item, ep, event_keys, K_COUNT);
    if (st)
        return st;
    if ((st = read_type(c, item, ep, eline, ev)))
        return st;
    const ts_event_type t = ev->type;
    char kp[SC_PATH_MAX], list[256];

    /* keys that do not apply to this type, then the required ones */
    for (int kk = 0; kk < K_COUNT; kk++) {
        struct fy_node *k;
        sc_lookup(item, event_keys[kk], &k);
        if (k && !(type_keys[t] & B(kk))) {
            sc_path_key(kp, ep, event_keys[kk]);
            list_keys(type_keys[t], list, sizeof list);
            return sc_fail(c, sc_line(k), sc_col(k), kp,
                           "key '%s' does not apply to %s events (their keys: %s)",
                           event_keys[kk], type_names[t], list);
        }
    }
    unsigned req = type_required[t] | B(K_START);
    for (int kk = 0; kk < K_COUNT; kk++) {
        struct fy_node *k;
        sc_lookup(item, event_keys[kk], &k);
        if (!k && (req & B(kk))) {
            sc_path_key(kp, ep, event_keys[kk]);
            return sc_fail(c, eline, 0, kp,
                           "missing required key '%s' (every %s event needs it: %s)",
                           event_keys[kk], type_names[t], key_help(kk, t));
        }
    }

    struct fy_node *k, *v;
    if ((v = sc_lookup(item, "name", &k)), k) {
        sc_path_key(kp, ep, "name");
        if ((st = sc_read_string(c, k, v, kp, "an event name", &ev->name)))
            return st;
        if (!valid_name(ev->name))
            return sc_fail(c, sc_vline(k, v), sc_col(v), kp,
                           "'%s' is not a valid event name (use letters, digits, '_', '-', "
                           "'.')",
                           ev->name);
    }

    struct {
        int key;
        ts_code_list *list;
        const char *what;
    } lists[] = {{K_FROM, &ev->from, region_what},         {K_TO, &ev->to, region_what},
                 {K_PRODUCTS, &ev->products, product_what}, {K_REGIONS, &ev->regions, region_what},
                 {K_SECTORS, &ev->sectors, "a sector code"},
                 {K_EXEMPT, &ev->exempt, region_what},
                 {K_BUYERS, &ev->buyers, "a buying sector code or a group name"},
                 {K_CONTENT_OF, &ev->content_of, product_what}};
    for (size_t i = 0; i < NKEYS(lists); i++) {
        v = sc_lookup(item, event_keys[lists[i].key], &k);
        if (!k)
            continue;
        sc_path_key(kp, ep, event_keys[lists[i].key]);
        if ((st = sc_read_codes(c, k, v, kp, lists[i].what, lists[i].list)))
            return st;
    }
    if ((t == TS_EVENT_EXPORT_RESTRICTION || t == TS_EVENT_TARIFF) && ev->from.all &&
        ev->to.all) {
        sc_path_key(kp, ep, "to");
        return sc_fail(c, ev->to.line, 0, kp,
                       "'from' and 'to' cannot both be all: name the exporter(s) or the "
                       "importer(s)");
    }

    if (t == TS_EVENT_EXPORT_RESTRICTION)
        ev->share = 1.0;
    if ((v = sc_lookup(item, "share", &k)), k) {
        sc_path_key(kp, ep, "share");
        int demand = (t == TS_EVENT_DEMAND_CHANGE);
        const char *what = demand ? "a relative change in [-1, 100] (-0.1 = a 10 % fall)"
                                  : "a number in [0, 1]";
        if ((st = sc_read_number(c, k, v, kp, what, 0, &ev->share)))
            return st;
        if (demand ? !(ev->share >= -1.0 && ev->share <= 100.0)
                   : !(ev->share >= 0.0 && ev->share <= 1.0)) {
            size_t l;
            const char *s = sc_scalar(v, &l);
            return sc_fail(c, sc_vline(k, v), sc_col(v), kp, "%.*s is out of range: expected %s",
                           (int)l, s, what);
        }
    }
    if (ev->content_of.present) {
        ev->content_threshold = 0.001; /* China's 0.1% de-minimis (MOFCOM No. 61 of 2025) */
        if (ev->buyers.present) {
            sc_path_key(kp, ep, "content_of");
            return sc_fail(c, ev->content_of.line, 0, kp,
                           "an embodied-content restriction cannot have 'buyers' (end-user "
                           "restrictions of re-exports are not modelled)");
        }
    }
    if ((v = sc_lookup(item, "content_threshold", &k)), k) {
        sc_path_key(kp, ep, "content_threshold");
        const char *what = "a content share in [0, 1] (0.001 = 0.1 %)";
        if (!ev->content_of.present)
            return sc_fail(c, sc_line(k), sc_col(k), kp, "needs content_of (the controlled "
                           "products whose embodied content triggers the rule)");
        if ((st = sc_read_number(c, k, v, kp, what, 0, &ev->content_threshold)))
            return st;
        if (!(ev->content_threshold >= 0 && ev->content_threshold <= 1)) {
            size_t l;
            const char *sv = sc_scalar(v, &l);
            return sc_fail(c, sc_vline(k, v), sc_col(v), kp, "%.*s is out of range: expected %s",
                           (int)l, sv, what);
        }
    }
    if ((v = sc_lookup(item, "rate", &k)), k) {
        sc_path_key(kp, ep, "rate");
        const char *what = "a rate >= -1 as a fraction (0.25 = 25 %)";
        if ((st = sc_read_number(c, k, v, kp, what, 0, &ev->rate)))
            return st;
        if (!(ev->rate >= -1.0)) {
            size_t l;
            const char *s = sc_scalar(v, &l);
            return sc_fail(c, sc_vline(k, v), sc_col(v), kp,
                           "%.*s is out of range: expected %s; below -1 the price factor "
                           "(1 + rate) would be negative",
                           (int)l, s, what);
        }
    }
    if ((v = sc_lookup(item, "recovery_days", &k)), k) {
        long r = 0;
        sc_path_key(kp, ep, "recovery_days");
        if ((st = sc_read_int(c, k, v, kp, "a whole number of days >= 0", 0, 10000000L, &r)))
            return st;
        ev->recovery_days = (int)r;
    }
    if ((st = read_recovery(c, item, ep, ev)))
        return st;
    static const struct {
        int key;
        const char *what;
    } days_keys[] = {{K_LICENCE, "a whole number of days >= 0"}, {K_PHASE, "a whole number of days >= 0"}};
    for (size_t i = 0; i < NKEYS(days_keys); i++)
        if ((v = sc_lookup(item, event_keys[days_keys[i].key], &k)), k) {
            long r = 0;
            sc_path_key(kp, ep, event_keys[days_keys[i].key]);
            if ((st = sc_read_int(c, k, v, kp, days_keys[i].what, 0, 10000000L, &r)))
                return st;
            if (days_keys[i].key == K_LICENCE)
                ev->licence_delay_days = (int)r;
            else
                ev->phase_days = (int)r;
        }
    /* licensing as a process (scenario/licensing.c) */
    if (ev->type == TS_EVENT_EXPORT_RESTRICTION && (st = sc_parse_licensing(c, item, ep, ev)))
        return st;

    char d1[32], d2[32];
    v = sc_lookup(item, "start", &k);
    sc_path_key(kp, ep, "start");
    if ((st = sc_read_day(c, k, v, kp, &ev->start)))
        return st;
    if (ev->start < 0) {
        sc_day_text(c, ev->start, d1, sizeof d1);
        sc_day_text(c, 0, d2, sizeof d2);
        return sc_fail(c, sc_vline(k, v), sc_col(v), kp,
                       "start %s is before start_date %s; an event already in force when the "
                       "simulation begins starts on day 0",
                       d1, d2);
    }
    if ((v = sc_lookup(item, "end", &k)), k) {
        sc_path_key(kp, ep, "end");
        int end = 0;
        if ((st = sc_read_day(c, k, v, kp, &end)))
            return st;
        if (end < ev->start) {
            sc_day_text(c, end, d1, sizeof d1);
            sc_day_text(c, ev->start, d2, sizeof d2);
            return sc_fail(c, sc_vline(k, v), sc_col(v), kp,
                           "end %s (day %d) is before start %s (day %d); end is the last "
                           "day in force (inclusive) and must be on or after start",
                           d1, end, d2, ev->start);
        }
        ev->end = end;
    }
    if (t == TS_EVENT_TRUCE) {
        v = sc_lookup(item, "ends", &k);
        sc_path_key(kp, ep, "ends");
        if ((st = read_ends(c, k, v, kp, ev)))
            return st;
    }
    return TS_OK;
}

/* ---- cross-event checks: unique names, truce targets ----------------------- */

static ts_status check_names(sc_ctx *c, struct fy_node *seq)
{
    ts_scenario *sc = c->sc;
    char kp[SC_PATH_MAX], ep[SC_PATH_MAX];
    for (size_t i = 0; i < sc->n_events; i++) {
        if (!sc->events[i].name)
            continue;
        for (size_t j = 0; j < i; j++)
            if (sc->events[j].name && strcmp(sc->events[i].name, sc->events[j].name) == 0) {
                struct fy_node *k, *v;
                v = sc_lookup(fy_node_sequence_get_by_index(seq, (int)i), "name", &k);
                sc_path_idx(ep, "events", i);
                sc_path_key(kp, ep, "name");
                return sc_fail(c, sc_vline(k, v), sc_col(v), kp,
                               "event name '%s' is used twice (events[%zu] and events[%zu]); "
                               "names must be unique",
                               sc->events[i].name, j, i);
            }
    }
    /* names of events a truce can end, for messages */
    char known[512];
    size_t off = 0;
    known[0] = 0;
    const char **names = calloc(sc->n_events + 1, sizeof *names);
    size_t nn = 0;
    if (!names)
        return sc_nomem(c);
    for (size_t i = 0; i < sc->n_events; i++)
        if (sc->events[i].name && sc->events[i].type != TS_EVENT_TRUCE) {
            names[nn++] = sc->events[i].name;
            if (off < sizeof known)
                off += (size_t)snprintf(known + off, sizeof known - off, "%s%s", off ? ", " : "",
                                        sc->events[i].name);
        }
    ts_status st = TS_OK;
    for (size_t i = 0; i < sc->n_events && !st; i++) {
        ts_event *ev = &sc->events[i];
        if (ev->type != TS_EVENT_TRUCE)
            continue;
        struct fy_node *k, *v = sc_lookup(fy_node_sequence_get_by_index(seq, (int)i), "ends", &k);
        int is_list = v && fy_node_get_type(v) == FYNT_SEQUENCE;
        for (size_t e = 0; e < ev->n_ends && !st; e++) {
            struct fy_node *at = is_list ? fy_node_sequence_get_by_index(v, (int)e) : v;
            sc_path_idx(ep, "events", i);
            sc_path_key(kp, ep, "ends");
            if (is_list) {
                char tmp[SC_PATH_MAX];
                sc_path_idx(tmp, kp, e);
                memcpy(kp, tmp, sizeof kp);
            }
            size_t j;
            for (j = 0; j < sc->n_events; j++)
                if (sc->events[j].name && strcmp(sc->events[j].name, ev->ends[e]) == 0)
                    break;
            if (j == sc->n_events) {
                const char *sug = sc_suggest(ev->ends[e], names, nn);
                char hint[96] = "";
                if (sug)
                    snprintf(hint, sizeof hint, " - did you mean '%s'?", sug);
                st = sc_fail(c, sc_vline(k, at), sc_col(at), kp,
                             "no event is named '%s'%s (named events: %s)", ev->ends[e], hint,
                             nn ? known : "none; give the events to end a 'name'");
            } else if (sc->events[j].type == TS_EVENT_TRUCE) {
                st = sc_fail(c, sc_vline(k, at), sc_col(at), kp,
                             "'%s' is a truce; a truce ends other events, not truces",
                             ev->ends[e]);
            }
        }
    }
    free(names);
    return st;
}

ts_status sc_parse_events(sc_ctx *c, struct fy_node *key, struct fy_node *val)
{
    if (sc_is_null(val))
        return TS_OK;
    if (fy_node_get_type(val) != FYNT_SEQUENCE)
        return sc_fail(c, sc_vline(key, val), 0, "events",
                       "expected a list of events ('- type: ...' items), got %s", SC_DESC(val));
    size_t n = (size_t)fy_node_sequence_item_count(val);
    if (n == 0)
        return TS_OK;
    ts_scenario *sc = c->sc;
    sc->events = calloc(n, sizeof *sc->events);
    if (!sc->events)
        return sc_nomem(c);
    sc->n_events = n;
    void *it = NULL;
    struct fy_node *item;
    char ep[SC_PATH_MAX];
    size_t i = 0;
    while ((item = fy_node_sequence_iterate(val, &it))) {
        sc_path_idx(ep, "events", i);
        long eline = sc_line(item);
        if (eline <= 0)
            eline = sc_line(key);
        if (sc_is_null(item) || fy_node_get_type(item) != FYNT_MAPPING)
            return sc_fail(c, eline, 0, ep,
                           "expected an event (a mapping with type, start, ...), got %s",
                           SC_DESC(item));
        ts_status st = parse_event(c, item, ep, eline, &sc->events[i]);
        if (st)
            return st;
        i++;
    }
    return check_names(c, val);
}
