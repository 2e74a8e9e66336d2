/* Consistency checks and repairs of a table (ts_mrio_check, mrio.h).
 *
 * Policy (documented at ts_mrio_check in mrio.h): warnings never stop a run, errors do.
 * - NaN/Inf anywhere: error.
 * - Negative gross output, and near-zero output with absurdly large inputs: the industry
 *   is made zero-output for the model: x := 0 and its input column of Z := 0, so its A
 *   column is 0 (the convention 0/0 := 0). Its sales (Z row, Y row) are kept as given: the
 *   other industries' purchases from it are data. Every change is logged.
 * - Row-balance gaps, v.csv inconsistent with x - colsum(Z), value added <= 0 (A column
 *   sum >= 1), value added share below 1e-6 (near-singular I - A), zero-output industries
 *   with flows, final demand all zero: warnings naming the industries.
 * - Zero-output industries and negative final-demand entries: informational notes.
 * Checks describe the table as given; repairs come last. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tradeshock/mrio.h"

#define REL_TOL 1e-6       /* relative tolerance of the balance identities */
#define ABS_TOL 1e-9       /* M USD: differences below this are noise at any scale */
#define NEAR_ZERO 1e-6     /* x below this share of the largest output is "near zero" */
#define ABSURD_A 100.0     /* an A column sum this large is not an economic coefficient */
#define MAX_LIST 25        /* industries named in one message */

/* A growing message buffer. */
typedef struct sbuf {
    char s[4000];
    size_t len;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    if (b->len >= sizeof b->s - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(b->s + b->len, sizeof b->s - b->len, fmt, ap);
    va_end(ap);
    if (k > 0)
        b->len += (size_t)k;
    if (b->len > sizeof b->s - 1)
        b->len = sizeof b->s - 1;
}

static void label_of(const ts_mrio *m, size_t i, char *buf, size_t len)
{
    snprintf(buf, len, "%s_%s", m->regions[i / m->S].code, m->sectors[i % m->S].code);
}

static void fd_label_of(const ts_mrio *m, size_t k, char *buf, size_t len)
{
    snprintf(buf, len, "%s_%s", m->regions[k / m->F].code, m->fd_cats[k % m->F].code);
}

static const char *plural(size_t k, const char *one, const char *many)
{
    return k == 1 ? one : many;
}

static ts_status check_finite(const ts_mrio *m, ts_error *err)
{
    size_t n = m->n, K = m->R * m->F;
    char a[256], b[256];
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++)
            if (!isfinite(m->Z[i * n + j])) {
                label_of(m, i, a, sizeof a);
                label_of(m, j, b, sizeof b);
                return ts_error_set(err, TS_ERR_INPUT, m->path, 0, 0, NULL,
                                    "Z[%s, %s] = %g; expected finite numbers only", a, b,
                                    m->Z[i * n + j]);
            }
        for (size_t k = 0; k < K; k++)
            if (!isfinite(m->Y[i * K + k])) {
                label_of(m, i, a, sizeof a);
                fd_label_of(m, k, b, sizeof b);
                return ts_error_set(err, TS_ERR_INPUT, m->path, 0, 0, NULL,
                                    "Y[%s, %s] = %g; expected finite numbers only", a, b,
                                    m->Y[i * K + k]);
            }
        if (!isfinite(m->x[i]) || (m->has_v_file && !isfinite(m->v[i]))) {
            label_of(m, i, a, sizeof a);
            return ts_error_set(err, TS_ERR_INPUT, m->path, 0, 0, NULL,
                                "%s[%s] = %g; expected finite numbers only",
                                isfinite(m->x[i]) ? "v" : "x", a,
                                isfinite(m->x[i]) ? m->v[i] : m->x[i]);
        }
    }
    return TS_OK;
}

/* Indices of the flagged industries, sorted by decreasing |key|. */
static size_t sorted_flags(const char *flag, const double *key, size_t n, size_t *idx)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (flag[i]) {
            size_t p = k++;
            while (p > 0 && fabs(key[idx[p - 1]]) < fabs(key[i])) {
                idx[p] = idx[p - 1];
                p--;
            }
            idx[p] = i;
        }
    return k;
}

static double pct(double part, double whole)
{
    return whole != 0 ? 100.0 * part / whole : NAN;
}

static void row_balance(const ts_mrio *m, const double *rs, char *flag, double *gap,
                        size_t *idx, const ts_logger *log)
{
    size_t n = m->n;
    for (size_t i = 0; i < n; i++) {
        gap[i] = m->x[i] - rs[i];
        double scale = fmax(fabs(m->x[i]), fabs(rs[i]));
        flag[i] = fabs(gap[i]) > REL_TOL * scale && fabs(gap[i]) > ABS_TOL;
    }
    size_t k = sorted_flags(flag, gap, n, idx);
    if (!k)
        return;
    sbuf b = {.len = 0};
    char lab[256];
    size_t w = idx[0];
    label_of(m, w, lab, sizeof lab);
    sb_printf(&b, "row balance: gross output x differs from the row sum of Z and Y by more "
                  "than %g (relative) for %zu of %zu industries; worst %s: x = %.10g, row sum = "
                  "%.10g, gap x - row sum = %+g %s",
              REL_TOL, k, n, lab, m->x[w], rs[w], gap[w], ts_mrio_money(m));
    if (m->x[w] != 0)
        sb_printf(&b, " (%+.2g%% of x)", pct(gap[w], m->x[w]));
    for (size_t t = 1; t < k && t < 5; t++) {
        label_of(m, idx[t], lab, sizeof lab);
        sb_printf(&b, "%s%s %+g", t == 1 ? "; next: " : ", ", lab, gap[idx[t]]);
        if (m->x[idx[t]] != 0)
            sb_printf(&b, " (%+.2g%%)", pct(gap[idx[t]], m->x[idx[t]]));
    }
    if (k > 5)
        sb_printf(&b, ", ...");
    size_t wr = w; /* the largest gap relative to x */
    for (size_t t = 0; t < k; t++)
        if (m->x[idx[t]] > 0 &&
            (m->x[wr] <= 0 || fabs(gap[idx[t]]) / m->x[idx[t]] > fabs(gap[wr]) / m->x[wr]))
            wr = idx[t];
    if (wr != w && m->x[wr] > 0) {
        label_of(m, wr, lab, sizeof lab);
        sb_printf(&b, "; largest relative gap %s %+g (%+.2g%% of x = %g)", lab, gap[wr],
                  pct(gap[wr], m->x[wr]), m->x[wr]);
    }
    sb_printf(&b, ". x is used as given (x.csv); the dynamic model keeps each gap as a fixed "
                  "final demand so that its baseline reproduces x (docs/model.md)");
    ts_log(log, TS_LOG_WARN, "%s", b.s);
}

static void v_file_check(const ts_mrio *m, const double *cs, char *flag, double *gap,
                         size_t *idx, const ts_logger *log)
{
    size_t n = m->n;
    for (size_t j = 0; j < n; j++) {
        double res = m->x[j] - cs[j];
        gap[j] = m->v[j] - res;
        double scale = fmax(fabs(m->x[j]), fmax(fabs(m->v[j]), fabs(res)));
        flag[j] = fabs(gap[j]) > REL_TOL * scale && fabs(gap[j]) > ABS_TOL;
    }
    size_t k = sorted_flags(flag, gap, n, idx);
    if (!k)
        return;
    sbuf b = {.len = 0};
    char lab[256];
    sb_printf(&b, "v.csv disagrees with the residual x - colsum(Z) for %zu of %zu industries:",
              k, n);
    for (size_t t = 0; t < k && t < MAX_LIST; t++) {
        size_t j = idx[t];
        label_of(m, j, lab, sizeof lab);
        sb_printf(&b, "%s %s v.csv %g vs residual %g (gap %+g %s", t ? "," : "", lab,
                  m->v[j], m->x[j] - cs[j], gap[j], ts_mrio_money(m));
        if (m->x[j] != 0)
            sb_printf(&b, ", %+.2g%% of x", pct(gap[j], m->x[j]));
        sb_printf(&b, ")");
    }
    if (k > MAX_LIST)
        sb_printf(&b, ", ... (%zu in all)", k);
    sb_printf(&b, ". The values of v.csv are used as given; the column identity x = colsum(Z) "
                  "+ v does not hold for these industries");
    ts_log(log, TS_LOG_WARN, "%s", b.s);
}

/* One message listing the industries with flag set: "<head> a (...), b (...)". */
typedef void (*detail_fn)(const ts_mrio *m, size_t j, const double *cs, sbuf *b);

static size_t list_flagged(const ts_mrio *m, const char *flag, const double *key,
                           const double *cs, size_t *idx, detail_fn detail, ts_log_level lvl,
                           const char *head, const char *tail, const ts_logger *log)
{
    size_t k = sorted_flags(flag, key, m->n, idx);
    if (!k)
        return 0;
    sbuf b = {.len = 0};
    char lab[256];
    sb_printf(&b, "%s (%zu %s):", head, k, plural(k, "industry", "industries"));
    for (size_t t = 0; t < k && t < MAX_LIST; t++) {
        label_of(m, idx[t], lab, sizeof lab);
        sb_printf(&b, "%s %s", t ? "," : "", lab);
        if (detail)
            detail(m, idx[t], cs, &b);
    }
    if (k > MAX_LIST)
        sb_printf(&b, ", ... (%zu in all)", k);
    sb_printf(&b, "%s", tail);
    ts_log(log, lvl, "%s", b.s);
    return k;
}

static void d_negx(const ts_mrio *m, size_t j, const double *cs, sbuf *b)
{
    sb_printf(b, " x = %g (value added x - inputs = %g)", m->x[j], m->x[j] - cs[j]);
}

static void d_nearzero(const ts_mrio *m, size_t j, const double *cs, sbuf *b)
{
    sb_printf(b, " x = %g, intermediate inputs %g (A column sum %.3g, value added %.9g)",
              m->x[j], cs[j], cs[j] / m->x[j], m->x[j] - cs[j]);
}

static void d_va(const ts_mrio *m, size_t j, const double *cs, sbuf *b)
{
    sb_printf(b, " value added %g %s (x %g, inputs %g, A column sum %.6g)",
              m->x[j] - cs[j], ts_mrio_money(m), m->x[j], cs[j], cs[j] / m->x[j]);
}

static void d_share(const ts_mrio *m, size_t j, const double *cs, sbuf *b)
{
    sb_printf(b, " (A column sum 1 - %.3g, value added %g)", (m->x[j] - cs[j]) / m->x[j],
              m->x[j] - cs[j]);
}

static void d_zeroflows(const ts_mrio *m, size_t j, const double *cs, sbuf *b)
{
    size_t n = m->n, K = m->R * m->F;
    double zr = 0, yr = 0;
    for (size_t k = 0; k < n; k++)
        zr += m->Z[j * n + k];
    for (size_t k = 0; k < K; k++)
        yr += m->Y[j * K + k];
    sb_printf(b, " (inputs %g, intermediate sales %g, final-demand sales %g)", cs[j], zr, yr);
}

/* Make industry j zero-output for the model and log exactly what changed. */
static void make_zero_output(ts_mrio *m, size_t j, const char *why, const ts_logger *log)
{
    double old = m->x[j];
    m->x[j] = 0;
    if (m->has_v_file)
        m->v[j] = 0;
    char lab[256];
    label_of(m, j, lab, sizeof lab);
    ts_log(log, TS_LOG_WARN,
           "%s (%s) is treated as a zero-output industry: x %g -> 0, so its A column is 0%s; "
           "its sales (Z row, Y row) are kept as given",
           lab, why, old, m->has_v_file ? " and its value added 0" : "");
}

/* An industry with x = 0 whose input column is not zero: its inputs cannot be technical
 * coefficients (0/0), yet its suppliers' x includes them. They are kept as a fixed final
 * demand of the industry's region (first category), so that every row still balances and
 * a run without events is a steady state (nothing is lost, nothing invented). */
static void inputs_to_final_demand(ts_mrio *m, size_t j, const ts_logger *log)
{
    size_t n = m->n, K = m->R * m->F, r = j / m->S;
    double sum = 0;
    size_t cells = 0;
    for (size_t i = 0; i < n; i++)
        if (m->Z[i * n + j] != 0) {
            sum += m->Z[i * n + j];
            cells++;
        }
    if (!cells)
        return;
    char lab[256];
    label_of(m, j, lab, sizeof lab);
    if (m->F == 0) {
        ts_log(log, TS_LOG_WARN,
               "%s has no output but records %g %s of inputs; with no final-demand category "
               "to hold them they are dropped (its suppliers' output is then not balanced)",
               lab, sum, ts_mrio_money(m));
        for (size_t i = 0; i < n; i++)
            m->Z[i * n + j] = 0;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        m->Y[i * K + r * m->F] += m->Z[i * n + j];
        m->Z[i * n + j] = 0;
    }
    ts_log(log, TS_LOG_WARN,
           "%s has no output but records %g %s of intermediate inputs (%zu %s of its Z "
           "column): they cannot be technical coefficients (0/0), so they are kept as a fixed "
           "final demand of %s (category %s); its suppliers' output stays balanced and a run "
           "without events is a steady state",
           lab, sum, ts_mrio_money(m), cells, plural(cells, "cell", "cells"),
           m->regions[r].code ? m->regions[r].code : "?",
           m->fd_cats[0].code ? m->fd_cats[0].code : "?");
}

ts_status ts_mrio_check(ts_mrio *m, const ts_logger *log, ts_error *err)
{
    ts_status st = check_finite(m, err);
    if (st)
        return st;
    size_t n = m->n, K = m->R * m->F;
    double *cs = malloc(n * sizeof *cs), *rs = malloc(n * sizeof *rs);
    double *key = malloc(n * sizeof *key);
    size_t *idx = malloc(n * sizeof *idx);
    char *flag = malloc(n), *fix = calloc(n, 1);
    if (!cs || !rs || !key || !idx || !flag || !fix) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory checking a table");
        goto done;
    }
    double xmax = 0, fdsum = 0, negsum = 0;
    size_t nneg = 0, firstneg = 0;
    for (size_t i = 0; i < n; i++) {
        if (m->x[i] == 0)
            m->x[i] = 0.0; /* -0.0 -> +0.0: 1/x must never become -Inf */
        xmax = fmax(xmax, fabs(m->x[i]));
        double r = 0;
        for (size_t j = 0; j < n; j++)
            r += m->Z[i * n + j];
        for (size_t k = 0; k < K; k++) {
            double y = m->Y[i * K + k];
            r += y;
            fdsum += fabs(y);
            if (y < 0) {
                if (!nneg++)
                    firstneg = i * K + k;
                negsum += y;
            }
        }
        rs[i] = r;
    }
    ts_mrio_colsum_Z(m, cs);

    /* Negative output and near-zero output with absurd inputs: reported, repaired below. */
    for (size_t j = 0; j < n; j++) {
        flag[j] = m->x[j] < 0;
        fix[j] = flag[j] ? 1 : 0;
        key[j] = m->x[j];
    }
    list_flagged(m, flag, key, cs, idx, d_negx, TS_LOG_WARN,
                 "negative gross output (gross output must be >= 0)", "", log);
    for (size_t j = 0; j < n; j++) {
        flag[j] = m->x[j] > 0 && cs[j] > m->x[j] &&
                  (m->x[j] <= NEAR_ZERO * xmax || cs[j] >= ABSURD_A * m->x[j]);
        if (flag[j])
            fix[j] = 2;
        key[j] = flag[j] ? cs[j] / m->x[j] : 0;
    }
    list_flagged(m, flag, key, cs, idx, d_nearzero, TS_LOG_WARN,
                 "near-zero gross output with much larger intermediate inputs: its technical "
                 "coefficients (inputs / output) are meaningless",
                 "", log);

    /* Balance identities. */
    row_balance(m, rs, flag, key, idx, log);
    if (m->has_v_file)
        v_file_check(m, cs, flag, key, idx, log);

    /* Value added <= 0 (A column sum >= 1), and a value-added share near 0. */
    for (size_t j = 0; j < n; j++) {
        flag[j] = m->x[j] > 0 && !fix[j] && m->x[j] - cs[j] <= 0;
        key[j] = m->x[j] - cs[j];
    }
    list_flagged(m, flag, key, cs, idx, d_va, TS_LOG_WARN,
                 "value added <= 0: intermediate inputs cost at least the gross output (A "
                 "column sum >= 1)",
                 ". This occurs in real tables (subsidised industries, statistical "
                 "discrepancies); the table is usable, and Leontief results exist as long as "
                 "(I - A) stays invertible",
                 log);
    for (size_t j = 0; j < n; j++) {
        double va = m->x[j] - cs[j];
        flag[j] = m->x[j] > 0 && !fix[j] && va > 0 && va <= REL_TOL * m->x[j];
        key[j] = flag[j] ? 1.0 / (va / m->x[j]) : 0;
    }
    list_flagged(m, flag, key, cs, idx, d_share, TS_LOG_WARN,
                 "value added below 1e-06 of gross output, A column sum within 1e-06 of 1",
                 ": (I - A) may be near-singular (ill-conditioned); Leontief results for such "
                 "tables are inaccurate or do not exist",
                 log);

    /* Zero-output industries. */
    for (size_t j = 0; j < n; j++) {
        flag[j] = m->x[j] == 0;
        key[j] = 0;
    }
    list_flagged(m, flag, key, cs, idx, NULL, TS_LOG_INFO,
                 "zero-output industries (x = 0; their A columns are 0 by the convention "
                 "0/0 = 0)",
                 "", log);
    for (size_t j = 0; j < n; j++) {
        double zr = 0, yr = 0;
        for (size_t k = 0; k < n && m->x[j] == 0; k++)
            zr += fabs(m->Z[j * n + k]);
        for (size_t k = 0; k < K && m->x[j] == 0; k++)
            yr += fabs(m->Y[j * K + k]);
        flag[j] = m->x[j] == 0 && (cs[j] != 0 || zr != 0 || yr != 0);
        key[j] = zr + yr + fabs(cs[j]);
    }
    list_flagged(m, flag, key, cs, idx, d_zeroflows, TS_LOG_WARN,
                 "zero-output industries with non-zero flows (x = 0 but inputs or sales "
                 "recorded)",
                 "", log);

    /* Final demand. */
    if (nneg) {
        char a[256], b[256];
        label_of(m, firstneg / K, a, sizeof a);
        fd_label_of(m, firstneg % K, b, sizeof b);
        ts_log(log, TS_LOG_INFO,
               "final demand has %zu negative %s (sum %g %s; first: %s -> %s = %g); "
               "negative final demand (e.g. inventory drawdowns) is valid",
               nneg, plural(nneg, "entry", "entries"), negsum, ts_mrio_money(m), a, b, m->Y[firstneg]);
    }
    if (fdsum == 0)
        ts_log(log, TS_LOG_WARN,
               "final demand is zero everywhere (Y.csv): the industries only deliver to each "
               "other, so no output is explained by final demand (x = L y gives 0)");

    /* Repairs. */
    for (size_t j = 0; j < n; j++)
        if (fix[j])
            make_zero_output(m, j,
                             fix[j] == 1 ? "negative gross output"
                                         : "near-zero output with much larger inputs",
                             log);
    for (size_t j = 0; j < n; j++)
        if (m->x[j] == 0)
            inputs_to_final_demand(m, j, log);
    if (!m->has_v_file) {
        ts_mrio_colsum_Z(m, cs);
        for (size_t j = 0; j < n; j++)
            m->v[j] = m->x[j] - cs[j];
    }
done:
    free(cs);
    free(rs);
    free(key);
    free(idx);
    free(flag);
    free(fix);
    return st;
}
