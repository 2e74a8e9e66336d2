/* Reader of an OECD ICIO csv, 2021- and 2023-edition header conventions (mrio.h,
 * docs/formats.md "OECD ICIO").
 *
 * Rows: <CTRY>_<SECTOR> industries (split at the first '_'), then tax rows (<CTRY>_TAXSUB,
 * TAXSUB or TLS), value added (VALU or VA) and output (OUTPUT or OUT), which are not
 * industries. Columns: the industries, <CTRY>_<CATEGORY> final-demand columns and the total
 * (TOTAL or OUT). The layout is recognised from the labels, never from the file name.
 * Split countries (CN1/CN2 of CHN, MX1/MX2 of MEX: <ISO2><digits> whose ISO3 country is in
 * the file) are folded into their country (rows and columns summed), with a note. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "mrio/icio.h"
#include "mrio/tabread.h"
#include "tradeshock/mrio.h"

#define REL_TOL 1e-6
#define ABS_TOL 1e-9

enum { R_IND, R_TAX, R_VA, R_OUT };
enum { C_IND, C_FD, C_TOT };

typedef struct icio {
    icio_raw raw;
    const char *fname;
    ts_codeset oreg, sec, fdreg, cat, reg;
    long *fold;            /* [oreg.k] final region; fdfold [fdreg.k] */
    long *fdfold;
    int *rkind;            /* [nrows] */
    long *rreg, *rsec;     /* [nrows] original region, sector (industries) */
    int *ckind;            /* [nfields] */
    long *creg, *csec;     /* [nfields] original region + sector, or FD region + category */
    long tot_col, out_row;
    int v2023, v2021;
} icio;

static ts_status nomem(ts_error *err)
{
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory reading ICIO csv");
}

static int is(const char *s, const char *word)
{
    return strcasecmp(s, word) == 0;
}

static int row_kind(icio *c, const char *lab)
{
    size_t l = strlen(lab);
    if (is(lab, "OUTPUT") || is(lab, "TOTAL") || is(lab, "OUT")) {
        c->v2023 |= is(lab, "OUT");
        c->v2021 |= !is(lab, "OUT");
        return R_OUT;
    }
    if (is(lab, "VALU") || is(lab, "VA")) {
        c->v2023 |= is(lab, "VA");
        c->v2021 |= is(lab, "VALU");
        return R_VA;
    }
    if (is(lab, "TLS") || is(lab, "TAXSUB") || (l > 7 && is(lab + l - 7, "_TAXSUB"))) {
        c->v2023 |= is(lab, "TLS");
        c->v2021 |= !is(lab, "TLS");
        return R_TAX;
    }
    return strchr(lab, '_') ? R_IND : -1;
}

/* Split "AAA_A01_02" at the first '_' into @p a and @p b (codes added to the sets). */
static ts_status split_label(const char *lab, ts_codeset *a, ts_codeset *b, long *ia, long *ib,
                             ts_error *err)
{
    const char *us = strchr(lab, '_');
    char *reg = ts_asprintf("%.*s", (int)(us - lab), lab);
    if (!reg)
        return nomem(err);
    *ia = ts_codeset_add(a, reg, NULL);
    *ib = ts_codeset_add(b, us + 1, NULL);
    free(reg);
    return *ia < 0 || *ib < 0 ? nomem(err) : TS_OK;
}

static ts_status classify_rows(icio *c, ts_error *err)
{
    icio_raw *r = &c->raw;
    c->out_row = -1;
    for (size_t i = 0; i < r->nrows; i++) {
        int k = row_kind(c, r->rlab[i]);
        c->rkind[i] = k;
        if (k < 0)
            return ts_error_set(err, TS_ERR_INPUT, r->path, r->rline[i], 1, NULL,
                                "unknown row label '%s'; expected <CTRY>_<SECTOR> (an industry) "
                                "or one of TAXSUB, <CTRY>_TAXSUB, TLS, VALU, VA, OUTPUT, OUT",
                                r->rlab[i]);
        if (k == R_OUT)
            c->out_row = (long)i;
        if (k == R_IND) {
            const char *us = strchr(r->rlab[i], '_');
            if (us == r->rlab[i] || !us[1])
                return ts_error_set(err, TS_ERR_INPUT, r->path, r->rline[i], 1, NULL,
                                    "row label '%s' has an empty country or sector code; "
                                    "expected <CTRY>_<SECTOR>",
                                    r->rlab[i]);
            ts_status st = split_label(r->rlab[i], &c->oreg, &c->sec, &c->rreg[i], &c->rsec[i],
                                       err);
            if (st)
                return st;
        }
    }
    if (!c->oreg.k)
        return ts_error_set(err, TS_ERR_INPUT, r->path, 0, 0, NULL,
                            "no industry rows (<CTRY>_<SECTOR>); expected an OECD ICIO csv");
    return TS_OK;
}

static ts_status classify_cols(icio *c, ts_error *err)
{
    icio_raw *r = &c->raw;
    ts_strmap *seen = ts_strmap_create(r->nfields);
    if (!seen)
        return nomem(err);
    ts_status st = TS_OK;
    c->tot_col = -1;
    for (size_t k = 1; k < r->nfields && !st; k++) {
        const char *h = r->head[k];
        long old = 0;
        int dup = ts_strmap_put(seen, h, (long)k + 1, &old);
        if (dup < 0) {
            st = nomem(err);
            break;
        }
        if (dup > 0) {
            st = ts_error_set(err, TS_ERR_INPUT, r->path, 1, (long)k + 1, NULL,
                              "column label '%s' appears twice (columns %ld and %zu); expected "
                              "each column label exactly once",
                              h, old, k + 1);
            break;
        }
        if (is(h, "TOTAL") || is(h, "OUT") || is(h, "OUTPUT")) {
            if (c->tot_col >= 0) {
                st = ts_error_set(err, TS_ERR_INPUT, r->path, 1, (long)k + 1, NULL,
                                  "a second total column '%s' (the first is column %ld); "
                                  "expected one TOTAL or OUT column",
                                  h, c->tot_col + 1);
                break;
            }
            c->tot_col = (long)k;
            c->ckind[k] = C_TOT;
            c->v2023 |= is(h, "OUT");
            c->v2021 |= is(h, "TOTAL");
            continue;
        }
        const char *us = strchr(h, '_');
        if (!us || us == h || !us[1]) {
            st = ts_error_set(err, TS_ERR_INPUT, r->path, 1, (long)k + 1, NULL,
                              "unknown column label '%s'; expected <CTRY>_<SECTOR>, "
                              "<CTRY>_<CATEGORY> (final demand) or TOTAL/OUT",
                              h);
            break;
        }
        long line = ts_strmap_get(r->seen, h);
        if (line >= 0) { /* a row label: an industry (tax rows are never columns) */
            if (is(us + 1, "TAXSUB")) {
                st = ts_error_set(err, TS_ERR_INPUT, r->path, 1, (long)k + 1, NULL,
                                  "column '%s' is a tax row label; expected industries, "
                                  "final-demand categories and TOTAL/OUT as columns",
                                  h);
                break;
            }
            c->ckind[k] = C_IND;
            st = split_label(h, &c->oreg, &c->sec, &c->creg[k], &c->csec[k], err);
            continue;
        }
        if (ts_codeset_find(&c->sec, us + 1) >= 0) {
            st = ts_error_set(err, TS_ERR_INPUT, r->path, 1, (long)k + 1, NULL,
                              "column '%s' is an industry with no row of its own; expected one "
                              "row per industry column (every <CTRY>_<SECTOR> as a row and a "
                              "column)",
                              h);
            break;
        }
        c->ckind[k] = C_FD;
        st = split_label(h, &c->fdreg, &c->cat, &c->creg[k], &c->csec[k], err);
    }
    ts_strmap_free(seen);
    return st;
}

/* "CN1" -> "CHN" when CHN is a country of the file (rows or final demand). */
static int split_parent(const icio *c, const char *code, char parent[4])
{
    size_t l = strlen(code);
    if (l < 3 || !isalpha((unsigned char)code[0]) || !isalpha((unsigned char)code[1]))
        return 0;
    for (size_t i = 2; i < l; i++)
        if (!isdigit((unsigned char)code[i]))
            return 0;
    char two[3] = {code[0], code[1], 0};
    if (!ts_iso2_to_iso3(two, parent))
        return 0;
    return ts_codeset_find(&c->oreg, parent) >= 0 || ts_codeset_find(&c->fdreg, parent) >= 0;
}

static ts_status fold_regions(icio *c, const ts_logger *log, ts_error *err)
{
    char note[1024] = "";
    size_t off = 0;
    for (size_t o = 0; o < c->oreg.k; o++) {
        char parent[4];
        const char *code = c->oreg.l[o].code;
        int split = split_parent(c, code, parent);
        c->fold[o] = ts_codeset_add(&c->reg, split ? parent : code, NULL);
        if (c->fold[o] < 0)
            return nomem(err);
        if (split && off < sizeof note)
            off += (size_t)snprintf(note + off, sizeof note - off, "%s%s -> %s",
                                    off ? ", " : "", code, parent);
    }
    for (size_t f = 0; f < c->fdreg.k; f++) {
        char parent[4];
        const char *code = c->fdreg.l[f].code;
        long r = ts_codeset_find(&c->reg, code);
        if (r < 0 && split_parent(c, code, parent))
            r = ts_codeset_find(&c->reg, parent);
        if (r < 0) {
            size_t k = 1;
            while (c->ckind[k] != C_FD || c->creg[k] != (long)f)
                k++;
            return ts_error_set(err, TS_ERR_INPUT, c->raw.path, 1, (long)k + 1, NULL,
                                "final-demand column '%s': country %s has no industry rows; "
                                "expected final demand of the countries with rows",
                                c->raw.head[k], code);
        }
        c->fdfold[f] = r;
    }
    if (off)
        ts_log(log, TS_LOG_INFO,
               "%s: split countries folded into their country (rows and columns summed): %s",
               c->fname, note);
    return TS_OK;
}

/* Every (region, sector) a row and a column; every final region all categories. */
static ts_status completeness(icio *c, ts_error *err)
{
    icio_raw *r = &c->raw;
    size_t on = c->oreg.k * c->sec.k, R = c->reg.k, F = c->cat.k;
    char *row = calloc(on, 1), *col = calloc(on, 1), *fd = calloc(R * (F ? F : 1), 1);
    char buf[1536] = "";
    size_t off = 0, nm = 0;
    ts_status st = TS_OK;
    if (!row || !col || !fd) {
        st = nomem(err);
        goto done;
    }
    for (size_t i = 0; i < r->nrows; i++)
        if (c->rkind[i] == R_IND)
            row[c->rreg[i] * (long)c->sec.k + c->rsec[i]] = 1;
    for (size_t k = 1; k < r->nfields; k++) {
        if (c->ckind[k] == C_IND)
            col[c->creg[k] * (long)c->sec.k + c->csec[k]] = 1;
        else if (c->ckind[k] == C_FD)
            fd[c->fdfold[c->creg[k]] * (long)F + c->csec[k]] = 1;
    }
    for (int pass = 0; pass < 2 && !st; pass++) {
        const char *have = pass ? col : row;
        for (size_t i = 0; i < on; i++)
            if (!have[i] && nm++ < 12 && off < sizeof buf)
                off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s_%s", off ? ", " : "",
                                        c->oreg.l[i / c->sec.k].code, c->sec.l[i % c->sec.k].code);
        if (nm)
            st = ts_error_set(err, TS_ERR_INPUT, r->path, pass ? 1 : 0, 0, NULL,
                              "%zu countries x %zu sectors = %zu industries expected, %zu "
                              "without a %s: %s%s; expected every <CTRY>_<SECTOR> as a row and "
                              "as a column",
                              c->oreg.k, c->sec.k, on, nm, pass ? "column" : "row", buf,
                              nm > 12 ? ", ..." : "");
    }
    for (size_t g = 0; g < R && !st; g++) {
        size_t have = 0;
        for (size_t f = 0; f < F; f++)
            have += fd[g * F + f];
        if (have == F)
            continue;
        off = 0;
        for (size_t f = 0; f < F && off < sizeof buf; f++)
            if (!fd[g * F + f])
                off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s_%s",
                                        off ? ", " : "", c->reg.l[g].code, c->cat.l[f].code);
        const char *code = c->reg.l[g].code;
        int looks_split = strlen(code) >= 3 && isdigit((unsigned char)code[2]);
        st = ts_error_set(err, TS_ERR_INPUT, r->path, 1, 0, NULL,
                          "country %s has %s final-demand columns (missing: %s)%s; expected "
                          "%zu categories per country",
                          code, have ? "incomplete" : "no", buf,
                          looks_split ? ". It looks like a part of a split country (the OECD "
                                        "splits CHN into CN1/CN2 and MEX into MX1/MX2), but its "
                                        "country is not in the file, so it cannot be folded"
                                      : "",
                          F);
    }
done:
    free(row);
    free(col);
    free(fd);
    return st;
}

/* Output row vs total column, value-added and tax rows vs x - colsum(Z): warnings. */
static void cross_checks(const icio *c, const ts_mrio *m, const double *outrow,
                         const double *varows, int has_va, const ts_logger *log)
{
    size_t n = m->n;
    double *cs = malloc(n * sizeof *cs);
    if (!cs)
        return;
    ts_mrio_colsum_Z(m, cs);
    for (int pass = 0; pass < 2; pass++) {
        if ((pass == 0 && !(outrow && c->tot_col >= 0)) || (pass == 1 && !has_va))
            continue;
        size_t bad = 0, w = 0;
        double worst = -1, a = 0, b = 0;
        for (size_t j = 0; j < n; j++) {
            double got = pass ? varows[j] : outrow[j], want = pass ? m->x[j] - cs[j] : m->x[j];
            double d = fabs(got - want);
            if (d > ABS_TOL && d > REL_TOL * fmax(fabs(got), fabs(want))) {
                bad++;
                if (d > worst) {
                    worst = d;
                    w = j;
                    a = got;
                    b = want;
                }
            }
        }
        if (bad)
            ts_log(log, TS_LOG_WARN,
                   "%s: the %s rows disagree with %s for %zu of %zu industries; worst %s_%s: "
                   "%.10g vs %.10g. %s",
                   c->fname, pass ? "value-added and tax" : "output (OUTPUT/OUT)",
                   pass ? "the residual x - colsum(Z)" : "the total column (TOTAL/OUT)", bad, n,
                   m->regions[w / m->S].code, m->sectors[w % m->S].code, a, b,
                   pass ? "Value added is taken as x - colsum(Z)"
                        : "x is taken from the total column");
    }
    free(cs);
}

static ts_status build(icio *c, const ts_logger *log, ts_mrio **out, ts_error *err)
{
    icio_raw *r = &c->raw;
    size_t S = c->sec.k, F = c->cat.k;
    ts_mrio *m = NULL;
    if (F == 0) /* a bare Z matrix (e.g. the Z.csv of a native folder) is not a table */
        return ts_error_set(err, TS_ERR_INPUT, r->path, 1, 0, NULL,
                            "not a complete OECD ICIO table: no final-demand columns "
                            "(<CTRY>_HFCE, ...)%s; a matrix of intermediate flows alone cannot "
                            "be simulated. Give a whole table: an ICIO csv with final demand, "
                            "or a table folder",
                            c->tot_col < 0 && c->out_row < 0
                                ? ", no TOTAL/OUT column and no OUTPUT/OUT or VALU/VA rows" : "");
    ts_status st = ts_mrio_create(c->reg.k, S, F, &m, err);
    if (st)
        return st;
    size_t n = m->n, K = m->R * F;
    double *outrow = c->out_row >= 0 ? calloc(n, sizeof *outrow) : NULL;
    double *varows = calloc(n, sizeof *varows);
    if ((c->out_row >= 0 && !outrow) || !varows) {
        st = nomem(err);
        goto done;
    }
    int has_va = 0;
    for (size_t i = 0; i < r->nrows; i++) {
        int kind = c->rkind[i];
        size_t ri = kind == R_IND ? (size_t)(c->fold[c->rreg[i]] * (long)S + c->rsec[i]) : 0;
        has_va |= kind == R_VA || kind == R_TAX;
        for (size_t k = 1; k < r->nfields; k++) {
            double v = icio_at(r, i, k);
            if (c->ckind[k] == C_IND) {
                size_t j = (size_t)(c->fold[c->creg[k]] * (long)S + c->csec[k]);
                if (kind == R_IND)
                    m->Z[ri * n + j] += v;
                else if (kind == R_OUT)
                    outrow[j] += v;
                else
                    varows[j] += v;
            } else if (c->ckind[k] == C_FD && kind == R_IND) {
                m->Y[ri * K + (size_t)c->fdfold[c->creg[k]] * F + (size_t)c->csec[k]] += v;
            } else if (c->ckind[k] == C_TOT && kind == R_IND) {
                m->x[ri] += v;
            }
        }
    }
    if (c->tot_col < 0 && outrow) {
        memcpy(m->x, outrow, n * sizeof *m->x);
    } else if (c->tot_col < 0) {
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t j = 0; j < n; j++)
                s += m->Z[i * n + j];
            for (size_t k = 0; k < K; k++)
                s += m->Y[i * K + k];
            m->x[i] = s;
        }
        ts_log(log, TS_LOG_INFO, "%s: no TOTAL/OUT column and no OUTPUT/OUT row; gross output "
                                 "computed as the row sums of Z and Y", c->fname);
    }
    ts_mrio_colsum_Z(m, m->v);
    for (size_t j = 0; j < n; j++)
        m->v[j] = m->x[j] - m->v[j];
    ts_label **dst[3] = {&m->regions, &m->sectors, &m->fd_cats};
    ts_codeset *src[3] = {&c->reg, &c->sec, &c->cat};
    for (int k = 0; k < 3; k++) {
        free(*dst[k]);
        *dst[k] = src[k]->l; /* ownership moves to m */
        src[k]->l = NULL;
        src[k]->k = 0;
    }
    cross_checks(c, m, outrow, varows, has_va, log);
    const char *ed = c->v2023 && !c->v2021   ? "2023-edition layout (OUT, VA, TLS)"
                     : c->v2021 && !c->v2023 ? "2021-edition layout (TOTAL, VALU, TAXSUB, OUTPUT)"
                                             : "mixed 2021/2023 layout";
    m->source = ts_asprintf("OECD ICIO csv, %s", ed);
    m->currency = ts_strdup("USD"); /* the OECD publishes ICIO in million USD */
    m->unit = ts_strdup("M USD/year");
    const char *base = strrchr(r->path, '/');
    base = base ? base + 1 : r->path;
    size_t bl = strlen(base);
    m->name = ts_asprintf("%.*s", (int)(bl > 4 && is(base + bl - 4, ".csv") ? bl - 4 : bl), base);
    m->path = ts_strdup(r->path);
    if (!m->source || !m->name || !m->path || !m->currency || !m->unit)
        st = nomem(err);
done:
    free(outrow);
    free(varows);
    if (st)
        ts_mrio_free(m);
    else
        *out = m;
    return st;
}

ts_status ts_mrio_read_icio(const char *path, const ts_logger *log, ts_mrio **out,
                            ts_error *err)
{
    *out = NULL;
    icio c;
    memset(&c, 0, sizeof c);
    const char *base = strrchr(path, '/');
    c.fname = base ? base + 1 : path;
    ts_status st = icio_raw_read(&c.raw, path, err);
    if (st)
        goto done;
    size_t nr = c.raw.nrows, nf = c.raw.nfields;
    c.rkind = calloc(nr, sizeof *c.rkind);
    c.rreg = calloc(nr, sizeof *c.rreg);
    c.rsec = calloc(nr, sizeof *c.rsec);
    c.ckind = calloc(nf, sizeof *c.ckind);
    c.creg = calloc(nf, sizeof *c.creg);
    c.csec = calloc(nf, sizeof *c.csec);
    if (!c.rkind || !c.rreg || !c.rsec || !c.ckind || !c.creg || !c.csec) {
        st = nomem(err);
        goto done;
    }
    if ((st = classify_rows(&c, err)) || (st = classify_cols(&c, err)))
        goto done;
    c.fold = calloc(c.oreg.k, sizeof *c.fold);
    c.fdfold = calloc(c.fdreg.k ? c.fdreg.k : 1, sizeof *c.fdfold);
    if (!c.fold || !c.fdfold) {
        st = nomem(err);
        goto done;
    }
    if ((st = fold_regions(&c, log, err)) || (st = completeness(&c, err)))
        goto done;
    st = build(&c, log, out, err);
done:
    icio_raw_free(&c.raw);
    ts_codeset_free(&c.oreg);
    ts_codeset_free(&c.sec);
    ts_codeset_free(&c.fdreg);
    ts_codeset_free(&c.cat);
    ts_codeset_free(&c.reg);
    free(c.fold);
    free(c.fdfold);
    free(c.rkind);
    free(c.rreg);
    free(c.rsec);
    free(c.ckind);
    free(c.creg);
    free(c.csec);
    return st;
}
