/* Embodied-content export restrictions (scenario.h, ts_event.content_of; docs/model.md
 * "Embodied-content restrictions"): China's extraterritorial rule of 9 October 2025 (MOFCOM No. 61) requires a licence
 * for foreign-made items with at least 0.1% Chinese-origin rare-earth content. Static,
 * at resolution: the content of every exporter industry i = (r, p) is its whole-chain
 * requirement of the controlled products made in the restricting regions,
 *   c_i = Σ_{f ∈ from} Σ_{q ∈ content_of} (L − I)_{(f,q), i}      (L = (I − A)⁻¹),
 * the value of Chinese controlled content per unit of i's output (Miller & Blair 2009 §2.3:
 * (L − I) is the direct plus indirect input requirement). The daily model only sees the
 * resulting share per exporter (sim/events.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/internal.h"
#include "tradeshock/analysis.h"

static ts_status resolve_codes(const ts_mrio *m, ts_code_list *l, const char *kp, ts_error *err)
{
    free(l->idx);
    l->idx = NULL;
    l->n_idx = 0;
    if (l->all) {
        l->idx = malloc((m->S ? m->S : 1) * sizeof *l->idx);
        if (!l->idx)
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        for (size_t s = 0; s < m->S; s++)
            l->idx[s] = (int)s;
        l->n_idx = m->S;
        return TS_OK;
    }
    l->idx = malloc((l->n ? l->n : 1) * sizeof *l->idx);
    if (!l->idx)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t k = 0; k < l->n; k++) {
        int s = ts_mrio_sector_index(m, l->codes[k]);
        if (s < 0)
            return ts_error_set(err, TS_ERR_INPUT, NULL, l->lines[k], 0, kp,
                                "'%s' is not a product (sector) of the table", l->codes[k]);
        l->idx[l->n_idx++] = s;
    }
    return TS_OK;
}

ts_status sc_resolve_content(ts_scenario *sc, const ts_mrio *m, ts_error *err)
{
    size_t n = m->n, S = m->S;
    ts_leontief *lf = NULL;
    double *col = NULL;
    ts_status st = TS_OK;
    for (size_t e = 0; e < sc->n_events && !st; e++) {
        ts_event *ev = &sc->events[e];
        free(ev->content_share);
        ev->content_share = NULL;
        if (ev->type != TS_EVENT_EXPORT_RESTRICTION || !ev->content_of.present)
            continue;
        char kp[SC_PATH_MAX], ep[SC_PATH_MAX];
        sc_path_idx(ep, "events", e);
        sc_path_key(kp, ep, "content_of");
        if ((st = resolve_codes(m, &ev->content_of, kp, err)))
            break;
        if (!lf && (st = ts_leontief_create(m, NULL, &lf, err)))
            break;
        if (!col && !(col = malloc((n ? n : 1) * sizeof *col))) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            break;
        }
        if (!(ev->content_share = calloc(n ? n : 1, sizeof *ev->content_share))) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            break;
        }
        unsigned char *isfrom = calloc(m->R ? m->R : 1, 1);
        if (!isfrom) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            break;
        }
        for (size_t a = 0; a < ev->from.n_idx; a++)
            isfrom[ev->from.idx[a]] = 1;
        for (size_t r = 0; r < m->R && !st; r++) {
            if (isfrom[r])
                continue;
            for (size_t b = 0; b < ev->products.n_idx && !st; b++) {
                size_t i = r * S + (size_t)ev->products.idx[b];
                if ((st = ts_leontief_columns(lf, &i, 1, col, err)))
                    break;
                double c = 0;
                for (size_t a = 0; a < ev->from.n_idx; a++)
                    for (size_t q = 0; q < ev->content_of.n_idx; q++) {
                        size_t k = (size_t)ev->from.idx[a] * S + (size_t)ev->content_of.idx[q];
                        c += col[k] - (k == i ? 1.0 : 0.0);
                    }
                ev->content_share[i] = c >= ev->content_threshold && c > 0 ? fmin(c, 1.0) : 0.0;
            }
        }
        free(isfrom);
    }
    free(col);
    ts_leontief_free(lf);
    return st;
}
