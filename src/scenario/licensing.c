/* Licensing as a process (docs/model.md, "Licensing"; docs/scenario-format.md): the
 * optional `review_days` and `approval: [{from: DATE, rate: r}, ...]` of an
 * export_restriction. The fixed `share` (with `licence_delay_days`) stays the simple
 * form. */
#include "scenario/internal.h"

#include <stdlib.h>

static const char *const approval_keys[] = {"from", "rate"};

ts_status sc_parse_licensing(sc_ctx *c, struct fy_node *item, const char *ep, ts_event *ev)
{
    struct fy_node *k, *v;
    char kp[SC_PATH_MAX], ip[SC_PATH_MAX], fp[SC_PATH_MAX];
    ts_status st;
    if ((v = sc_lookup(item, "review_days", &k)), k) {
        long r;
        sc_path_key(kp, ep, "review_days");
        if ((st = sc_read_int(c, k, v, kp, "a whole number of days in [0, 3650]", 0, 3650, &r)))
            return st;
        ev->review_days = (int)r;
    }
    if (!((v = sc_lookup(item, "approval", &k)), k))
        return TS_OK;
    sc_path_key(kp, ep, "approval");
    if (fy_node_get_type(v) != FYNT_SEQUENCE || fy_node_sequence_item_count(v) < 1)
        return sc_fail(c, sc_vline(k, v), 0, kp,
                       "expected a list of {from: DATE, rate: share}, got %s", SC_DESC(v));
    size_t n = (size_t)fy_node_sequence_item_count(v);
    ev->approval_from = calloc(n, sizeof *ev->approval_from);
    ev->approval_rate = calloc(n, sizeof *ev->approval_rate);
    if (!ev->approval_from || !ev->approval_rate)
        return sc_nomem(c);
    void *it = NULL;
    struct fy_node *a;
    while ((a = fy_node_sequence_iterate(v, &it))) {
        size_t i = ev->n_approval++;
        sc_path_idx(ip, kp, i);
        if (fy_node_get_type(a) != FYNT_MAPPING)
            return sc_fail(c, sc_line(a), 0, ip, "expected {from: DATE, rate: share}, got %s", SC_DESC(a));
        if ((st = sc_check_keys(c, a, ip, approval_keys, 2)))
            return st;
        struct fy_node *k2, *v2 = sc_lookup(a, "from", &k2);
        sc_path_key(fp, ip, "from");
        if (!k2)
            return sc_fail(c, sc_line(a), 0, fp, "missing required key 'from' (a date or day)");
        if ((st = sc_read_day(c, k2, v2, fp, &ev->approval_from[i])))
            return st;
        if (i > 0 && ev->approval_from[i] <= ev->approval_from[i - 1])
            return sc_fail(c, sc_vline(k2, v2), 0, fp, "dates must increase (the entry before starts on day %d)",
                           ev->approval_from[i - 1]);
        v2 = sc_lookup(a, "rate", &k2);
        sc_path_key(fp, ip, "rate");
        if (!k2)
            return sc_fail(c, sc_line(a), 0, fp, "missing required key 'rate' (share approved)");
        if ((st = sc_read_number(c, k2, v2, fp, "a share in [0, 1]", 0, &ev->approval_rate[i])))
            return st;
        if (!(ev->approval_rate[i] >= 0 && ev->approval_rate[i] <= 1))
            return sc_fail(c, sc_vline(k2, v2), 0, fp, "%g is out of range; expected a share in [0, 1]",
                           ev->approval_rate[i]);
    }
    return TS_OK;
}
