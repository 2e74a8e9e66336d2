/* Splitting one sector into the parent and a new product (mrio.h, ts_split_spec).
 *
 * Step A (columns, the new product's inputs): in every region r the new column is
 * theta_r times the parent's column and the parent keeps (1 - theta_r) of it; so the
 * new product has the parent's input structure and value-added share, and every row
 * sum is unchanged.
 * Step B (rows, the new product's sales): x_new(r) = theta_r x_parent(r) is carved out
 * of the parent's positive sales (cells of Z and Y) of region r: each buyer class
 * (a sector of the original table, the new product itself, or final demand) gets its
 * share, spread over the class's cells in proportion to what the parent sold there.
 * Moving value between two rows of one column leaves every column sum unchanged.
 * With import_share (spec v2) Step B is split_origin.c: the origin mix of every buyer is
 * the spec's and the parent's rows are rebalanced between origins. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "mrio/split.h"
#include "tradeshock/mrio.h"

static size_t n_classes(size_t S) { return S + 2; }

ts_status ts_split_carve(size_t R, size_t S1, size_t F, size_t Snew, size_t S, double *zrow,
                         double *yrow, double *znew, double *ynew, double X,
                         const double *w_class, const unsigned char *zmask,
                         const unsigned char *fd_mask, const char *what, ts_error *err)
{
    size_t n1 = R * S1, K = R * F, C = n_classes(S);
    double *avail = calloc(C, sizeof *avail), *take = calloc(C, sizeof *take);
    unsigned char *full = calloc(C, 1);
    ts_status st = TS_OK;
    if (!avail || !take || !full) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    for (size_t j = 0; j < n1; j++)
        if (zrow[j] > 0 && (!zmask || zmask[j]))
            avail[ts_split_class(j % S1, Snew, S)] += zrow[j];
    for (size_t k = 0; k < K; k++)
        if (yrow[k] > 0 && (!fd_mask || fd_mask[k]))
            avail[S + 1] += yrow[k];

    /* Give each class its weight's share of what is left; a class that cannot take it
     * all is filled and the rest goes round again among the others. */
    double left = X;
    for (int it = 0; it < 64 && left > 1e-12 * X; it++) {
        double wsum = 0;
        for (size_t c = 0; c < C; c++)
            if (!full[c] && avail[c] - take[c] > 0)
                wsum += w_class[c];
        if (wsum <= 0) {
            /* no weighted class has room: spread over any class with room, by room */
            double room = 0;
            for (size_t c = 0; c < C; c++)
                room += avail[c] - take[c];
            if (room < left * (1 - 1e-12)) {
                st = ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                                  "%s %.6g M USD/yr in all to the allowed buyers, less than "
                                  "the new product's %.6g",
                                  what, room, left);
                goto done;
            }
            for (size_t c = 0; c < C; c++)
                take[c] += left * (avail[c] - take[c]) / room;
            left = 0;
            break;
        }
        double given = 0;
        for (size_t c = 0; c < C; c++) {
            if (full[c] || avail[c] - take[c] <= 0)
                continue;
            double want = left * w_class[c] / wsum, room = avail[c] - take[c];
            if (want >= room) {
                want = room;
                full[c] = 1;
            }
            take[c] += want;
            given += want;
        }
        left -= given;
    }
    /* within a class, in proportion to the parent's sales in each cell */
    for (size_t j = 0; j < n1; j++) {
        size_t c = ts_split_class(j % S1, Snew, S);
        if (zrow[j] > 0 && avail[c] > 0 && (!zmask || zmask[j])) {
            double a = take[c] * (zrow[j] / avail[c]);
            if (a > zrow[j])
                a = zrow[j];
            znew[j] = a;
            zrow[j] -= a;
        }
    }
    for (size_t k = 0; k < K; k++)
        if (yrow[k] > 0 && avail[S + 1] > 0 && (!fd_mask || fd_mask[k])) {
            double a = take[S + 1] * (yrow[k] / avail[S + 1]);
            if (a > yrow[k])
                a = yrow[k];
            ynew[k] = a;
            yrow[k] -= a;
        }
done:
    free(avail);
    free(take);
    free(full);
    return st;
}

void ts_split_report_free(ts_split_report *rep)
{
    if (!rep)
        return;
    free(rep->target);
    free(rep->output);
    free(rep->moved);
    memset(rep, 0, sizeof *rep);
}

ts_status ts_mrio_split_sector(const ts_mrio *m, const ts_split_spec *spec, ts_mrio **out,
                               ts_error *err)
{
    return ts_mrio_split(m, spec, out, NULL, err);
}

/* v2: re-size the new product's column to its derived output: in every row but the new
 * product's own rows (whose cells carry the spec's origin mix), the pair's two cells of
 * region q are shared theta' : 1 - theta'. Moves within a row: row sums and the pair's
 * column sum are kept. */
static void resize_columns(ts_mrio *o, size_t P, size_t Snew)
{
    size_t R = o->R, S1 = o->S, n1 = o->n;
    for (size_t q = 0; q < R; q++) {
        size_t p = q * S1 + P, c = q * S1 + Snew;
        double tot = o->x[p] + o->x[c], th = tot > 0 ? o->x[c] / tot : 0.0;
        for (size_t i = 0; i < n1; i++) {
            if (i % S1 == Snew)
                continue;
            double t = o->Z[i * n1 + p] + o->Z[i * n1 + c];
            o->Z[i * n1 + c] = th * t;
            o->Z[i * n1 + p] = t - th * t;
        }
    }
}

ts_status ts_mrio_split(const ts_mrio *m, const ts_split_spec *spec, ts_mrio **out,
                        ts_split_report *rep, ts_error *err)
{
    *out = NULL;
    int P = ts_mrio_sector_index(m, spec->parent);
    if (P < 0)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "parent",
                            "sector '%s' to split is not in the table", spec->parent);
    if (!spec->code || !*spec->code || ts_mrio_sector_index(m, spec->code) >= 0)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "code",
                            "the new product needs a code not already in the table (got '%s')",
                            spec->code ? spec->code : "");
    size_t R = m->R, S = m->S, F = m->F, n = m->n, K = R * F;
    for (size_t r = 0; r < R; r++)
        if (!(spec->output_share[r] >= 0 && spec->output_share[r] < 1))
            return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "output_share",
                                "region %s: output share %g not in [0, 1)", m->regions[r].code,
                                spec->output_share[r]);
    double wsum = spec->self_share + spec->fd_share;
    for (size_t s = 0; s < S; s++) {
        if (!(spec->buyer_share[s] >= 0))
            return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "buyer_share",
                                "buyer share of %s is negative", m->sectors[s].code);
        wsum += spec->buyer_share[s];
    }
    if (!(spec->self_share >= 0 && spec->fd_share >= 0 && wsum > 0))
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "buyer_share",
                            "sales shares must be non-negative and not all zero");

    size_t S1 = S + 1, n1 = R * S1, Snew = (size_t)P + 1;
    ts_mrio *o = NULL;
    double *w_class = NULL, *target = NULL;
    unsigned char *zmask = NULL, *ymask = NULL;
    ts_status st = ts_mrio_create(R, S1, F, &o, err);
    if (st)
        return st;
    w_class = calloc(n_classes(S), sizeof *w_class);
    target = calloc(R, sizeof *target);
    if (!w_class || !target)
        goto nomem;
    if (spec->buyer_regions) {
        /* only industries (and, unless fd_mask says otherwise, final demand) of the
         * allowed regions buy the new product */
        zmask = calloc(n1, 1);
        ymask = calloc(K > 0 ? K : 1, 1);
        if (!zmask || !ymask)
            goto nomem;
        for (size_t j = 0; j < n1; j++)
            zmask[j] = spec->buyer_regions[j / S1] != 0;
        for (size_t k = 0; k < K; k++)
            ymask[k] = spec->fd_mask ? spec->fd_mask[k] : spec->buyer_regions[k / F] != 0;
    }
    const unsigned char *fdm = ymask ? ymask : spec->fd_mask;
    for (size_t s = 0; s < S; s++)
        w_class[s] = spec->buyer_share[s];
    w_class[S] = spec->self_share;
    w_class[S + 1] = spec->fd_share;

    /* labels */
    for (size_t r = 0; r < R; r++) {
        o->regions[r].code = ts_strdup(m->regions[r].code);
        o->regions[r].name = ts_strdup(m->regions[r].name);
    }
    for (size_t s = 0, t = 0; t < S1; t++) {
        if (t == Snew) {
            o->sectors[t].code = ts_strdup(spec->code);
            o->sectors[t].name = ts_strdup(spec->name ? spec->name : spec->code);
        } else {
            o->sectors[t].code = ts_strdup(m->sectors[s].code);
            o->sectors[t].name = ts_strdup(m->sectors[s].name);
            s++;
        }
    }
    for (size_t f = 0; f < F; f++) {
        o->fd_cats[f].code = ts_strdup(m->fd_cats[f].code);
        o->fd_cats[f].name = ts_strdup(m->fd_cats[f].name);
    }

    /* Step A: copy into the new layout, splitting parent columns by theta. */
    for (size_t i = 0; i < n; i++) {
        size_t r = i / S, s = i % S, i1 = r * S1 + (s < Snew ? s : s + 1);
        for (size_t j = 0; j < n; j++) {
            size_t rj = j / S, sj = j % S, j1 = rj * S1 + (sj < Snew ? sj : sj + 1);
            double z = m->Z[i * n + j];
            if (sj == (size_t)P) {
                double th = spec->output_share[rj];
                o->Z[i1 * n1 + j1] = z * (1 - th);
                o->Z[i1 * n1 + rj * S1 + Snew] = z * th;
            } else {
                o->Z[i1 * n1 + j1] = z;
            }
        }
        memcpy(o->Y + i1 * K, m->Y + i * K, K * sizeof *o->Y);
        if (s == (size_t)P) {
            double th = spec->output_share[r];
            o->x[i1] = m->x[i] * (1 - th);
            o->x[r * S1 + Snew] = m->x[i] * th;
        } else {
            o->x[i1] = m->x[i];
        }
    }
    for (size_t r = 0; r < R; r++)
        target[r] = o->x[r * S1 + Snew];
    /* Step B: the new product's sales, carved out of the parent's row (v1) or bought
     * by every buyer with the spec's origin mix (v2). */
    if (spec->import_share) {
        st = ts_split_sales_v2(o, (size_t)P, Snew, spec, target, zmask, fdm, rep, err);
        if (st)
            goto fail;
        resize_columns(o, (size_t)P, Snew);
    } else {
        for (size_t r = 0; r < R; r++) {
            size_t p = r * S1 + (size_t)P, q = r * S1 + Snew;
            double X = o->x[q];
            if (X <= 0)
                continue;
            char what[160];
            snprintf(what, sizeof what, "region %s: the parent sector sells", m->regions[r].code);
            st = ts_split_carve(R, S1, F, Snew, S, o->Z + p * n1, o->Y + p * K, o->Z + q * n1,
                                o->Y + q * K, X, w_class, zmask, fdm, what, err);
            if (st)
                goto fail;
        }
        if (rep) {
            memset(rep, 0, sizeof *rep);
            rep->R = R;
            rep->target = calloc(R, sizeof *rep->target);
            rep->output = calloc(R, sizeof *rep->output);
            rep->moved = calloc(R, sizeof *rep->moved);
            if (!rep->target || !rep->output || !rep->moved)
                goto nomem;
            for (size_t r = 0; r < R; r++)
                rep->target[r] = rep->output[r] = target[r];
        }
    }
    if (spec->input_coef || spec->input_origin) {
        const char **codes = calloc(R, sizeof *codes);
        if (!codes)
            goto nomem;
        for (size_t r = 0; r < R; r++)
            codes[r] = m->regions[r].code;
        st = ts_split_inputs(o, (size_t)P, Snew, spec, codes, err);
        free(codes);
        if (st)
            goto fail;
    }
    ts_mrio_colsum_Z(o, o->v);
    for (size_t j = 0; j < n1; j++)
        o->v[j] = o->x[j] - o->v[j];
    o->has_v_file = 0;
    o->name = m->name ? ts_asprintf("%s, %s split from %s", m->name, spec->code, spec->parent) : NULL;
    o->year = ts_strdup(m->year);
    o->currency = ts_strdup(m->currency);
    o->unit = ts_strdup(m->unit);
    o->source = ts_strdup(m->source);
    o->licence = ts_strdup(m->licence);
    free(w_class);
    free(target);
    free(zmask);
    free(ymask);
    *out = o;
    return TS_OK;
nomem:
    st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
fail:
    free(w_class);
    free(target);
    free(zmask);
    free(ymask);
    ts_mrio_free(o);
    if (rep)
        ts_split_report_free(rep);
    return st;
}
