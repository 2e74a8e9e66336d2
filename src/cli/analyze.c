/* tradeshock analyze TABLE [--leontief] [--ghosh] [--linkages] [--extract SPEC]...
 *                         [--exposure REGION [--to REGION]] [--hhi] [--satellite FILE]
 *                         [--top N] [-o DIR]
 * The static toolbox (analysis.h) on one table; CSV columns are documented in
 * docs/analysis.md. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/util.h"
#include "tradeshock/analysis.h"
#include "tradeshock/mrio.h"

/* A material requirement for the exposure ranking: 0.1 cent per dollar of final output. */
#define EXPOSURE_MIN_REQ 1e-3

static void usage(FILE *f)
{
    fputs("usage: tradeshock analyze TABLE [options] [-o DIR]\n"
          "\n"
          "Static input-output analysis of TABLE (docs/analysis.md). Without an analysis\n"
          "option, --leontief is done. Results go to DIR as CSV files (written whole or\n"
          "not at all); a short ranked summary goes to stdout.\n"
          "  --leontief            output multipliers and linkages -> multipliers.csv\n"
          "  --ghosh               Ghosh supply-side model (x' = v'G)  -> ghosh.csv\n"
          "  --linkages            backward/forward linkages, key sectors -> linkages.csv\n"
          "  --extract SPEC        hypothetical extraction -> extraction.csv (repeatable);\n"
          "                        SPEC = REGION (e.g. CHN), REGION_SECTOR (CHN_c12) or\n"
          "                        REGION:SECTOR>REGION (CHN:c12>USA, a bilateral link)\n"
          "  --exposure REGION     whole-chain exposure of REGION's industries to each\n"
          "                        product by supplier region -> exposure.csv\n"
          "  --to REGION           only suppliers in REGION (with --exposure)\n"
          "  --hhi                 concentration (HHI) of world supply per product -> hhi.csv\n"
          "  --satellite FILE      add the HHI of a physical account 'region,value' (implies --hhi)\n"
          "  --top N               rows in each printed ranking (default 10)\n"
          "  -o, --output DIR      results folder (created if missing); none: print only\n",
          f);
}

typedef struct opts {
    const char *table, *outdir, *exposure, *to, *satellite;
    int leontief, ghosh, linkages, hhi;
    const char **extract;
    size_t nextract;
    long top;
} opts;

static int bad_usage(const char *fmt, const char *arg)
{
    fputs("tradeshock: error: analyze: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (see 'tradeshock analyze --help')\n", stderr);
    return 2;
}

/* Returns -1 to go on, or the exit code. */
static int parse_args(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->top = 10;
    o->extract = calloc((size_t)argc, sizeof *o->extract);
    if (!o->extract) {
        fputs("tradeshock: error: out of memory\n", stderr);
        return 1;
    }
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        const char **value = NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--leontief")) {
            o->leontief = 1;
        } else if (!strcmp(a, "--ghosh")) {
            o->ghosh = 1;
        } else if (!strcmp(a, "--linkages")) {
            o->linkages = 1;
        } else if (!strcmp(a, "--hhi")) {
            o->hhi = 1;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            value = &o->outdir;
        } else if (!strcmp(a, "--exposure")) {
            value = &o->exposure;
        } else if (!strcmp(a, "--to")) {
            value = &o->to;
        } else if (!strcmp(a, "--satellite")) {
            value = &o->satellite;
        } else if (!strcmp(a, "--extract") || !strcmp(a, "--top")) {
            if (k + 1 >= argc)
                return bad_usage("option %s needs a value", a);
            const char *v = argv[++k];
            if (!strcmp(a, "--extract")) {
                o->extract[o->nextract++] = v;
            } else {
                char *end;
                errno = 0;
                long t = strtol(v, &end, 10);
                if (!*v || *end || errno || t < 1 || t > 1000000)
                    return bad_usage("--top needs a positive integer, got '%s'", v);
                o->top = t;
            }
            continue;
        } else if (a[0] == '-' && a[1]) {
            return bad_usage("unknown option '%s'", a);
        } else if (!o->table) {
            o->table = a;
        } else {
            return bad_usage("unexpected argument '%s' (one TABLE only)", a);
        }
        if (value) {
            if (k + 1 >= argc)
                return bad_usage("option %s needs a value", a);
            *value = argv[++k];
        }
    }
    if (!o->table)
        return bad_usage("%s", "missing TABLE (a table folder such as data/wiod2011)");
    if (o->to && !o->exposure)
        return bad_usage("%s", "--to needs --exposure REGION");
    if (o->satellite)
        o->hhi = 1;
    if (!o->leontief && !o->ghosh && !o->linkages && !o->nextract && !o->exposure && !o->hhi)
        o->leontief = 1;
    return -1;
}

/* ---- small output helpers ----------------------------------------------------------- */

static const char *code(const ts_label *l) { return l && l->code ? l->code : ""; }
static const char *lname(const ts_label *l) { return l && l->name ? l->name : ""; }

static void put_str(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
}

static void put_num(FILE *f, double v)
{
    char buf[64];
    ts_fmt_double(buf, sizeof buf, v);
    fputc(',', f);
    fputs(buf, f);
}

/* A CSV file written under a temporary name in the same folder and renamed into place
 * when complete, so a reader never sees a half-written file. */
typedef struct csv_out {
    FILE *f;
    char *tmp, *final;
} csv_out;

static ts_status csv_open(csv_out *c, const char *dir, const char *name, const char *header,
                          ts_error *err)
{
    memset(c, 0, sizeof *c);
    c->final = ts_asprintf("%s/%s", dir, name);
    c->tmp = ts_asprintf("%s/.%s.%ld.tmp", dir, name, (long)getpid());
    if (!c->final || !c->tmp) {
        free(c->final);
        free(c->tmp);
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    c->f = fopen(c->tmp, "w");
    if (!c->f) {
        ts_status st = ts_error_set(err, TS_ERR_IO, c->tmp, 0, 0, NULL, "cannot create: %s",
                                    strerror(errno));
        free(c->final);
        free(c->tmp);
        return st;
    }
    fputs(header, c->f);
    fputc('\n', c->f);
    return TS_OK;
}

static void csv_abort(csv_out *c)
{
    if (c->f)
        fclose(c->f);
    if (c->tmp)
        remove(c->tmp);
    free(c->tmp);
    free(c->final);
    memset(c, 0, sizeof *c);
}

static ts_status csv_commit(csv_out *c, ts_error *err)
{
    ts_status st = TS_OK;
    int bad = fflush(c->f) != 0 || ferror(c->f);
    int e = errno;
    if (fclose(c->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    c->f = NULL;
    if (bad)
        st = ts_error_set(err, TS_ERR_IO, c->tmp, 0, 0, NULL, "write failed: %s", strerror(e));
    else if (rename(c->tmp, c->final) != 0)
        st = ts_error_set(err, TS_ERR_IO, c->final, 0, 0, NULL, "cannot rename %s into place: %s",
                          c->tmp, strerror(errno));
    if (st)
        remove(c->tmp);
    free(c->tmp);
    free(c->final);
    memset(c, 0, sizeof *c);
    return st;
}

/* Indices 0..k-1 sorted by key, largest first; ties by index (deterministic). */
static const double *sort_key;
static int by_key_desc(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    if (sort_key[i] > sort_key[j])
        return -1;
    if (sort_key[i] < sort_key[j])
        return 1;
    return i < j ? -1 : i > j;
}

static size_t *rank_desc(const double *key, size_t k)
{
    size_t *idx = malloc((k ? k : 1) * sizeof *idx);
    if (!idx)
        return NULL;
    for (size_t i = 0; i < k; i++)
        idx[i] = i;
    sort_key = key;
    qsort(idx, k, sizeof *idx, by_key_desc);
    sort_key = NULL;
    return idx;
}

static void industry_label(const ts_mrio *m, size_t i, char *buf, size_t len)
{
    snprintf(buf, len, "%s_%s", code(&m->regions[i / m->S]), code(&m->sectors[i % m->S]));
}

/* ---- the analyses ---------------------------------------------------------------- */

static ts_status do_leontief(const ts_mrio *m, const ts_leontief *lf, const ts_ghosh *gh,
                             const opts *o, ts_error *err)
{
    size_t n = m->n;
    ts_status st;
    csv_out c = {0};
    double *bt = malloc(n * sizeof *bt), *bn = malloc(n * sizeof *bn);
    double *fn = malloc(n * sizeof *fn);
    size_t *idx = NULL;
    if (!bt || !bn || !fn) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    st = ts_linkages(lf, gh, bt, NULL, bn, fn, err);
    if (st)
        goto done;
    if (o->outdir) {
        st = csv_open(&c, o->outdir, "multipliers.csv",
                      "region,sector,output_multiplier,backward_linkage,forward_linkage", err);
        if (st)
            goto done;
        for (size_t i = 0; i < n; i++) {
            put_str(c.f, code(&m->regions[i / m->S]));
            fputc(',', c.f);
            put_str(c.f, code(&m->sectors[i % m->S]));
            put_num(c.f, bt[i]);
            put_num(c.f, bn[i]);
            put_num(c.f, fn[i]);
            fputc('\n', c.f);
        }
        st = csv_commit(&c, err);
        if (st)
            goto done;
    }
    idx = rank_desc(bt, n);
    if (!idx) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    printf("\nOutput multipliers (column sums of L = (I - A)^-1), top %zu of %zu industries:\n",
           (size_t)o->top < n ? (size_t)o->top : n, n);
    printf("  %-4s %-16s %-34s %10s %9s %9s\n", "rank", "industry", "sector", "multiplier",
           "backward", "forward");
    for (size_t k = 0; k < n && k < (size_t)o->top; k++) {
        size_t i = idx[k];
        char lab[256];
        industry_label(m, i, lab, sizeof lab);
        printf("  %-4zu %-16s %-34.34s %10.4f %9.3f %9.3f\n", k + 1, lab,
               lname(&m->sectors[i % m->S]), bt[i], bn[i], fn[i]);
    }
done:
    if (c.f)
        csv_abort(&c);
    free(bt);
    free(bn);
    free(fn);
    free(idx);
    return st;
}

static ts_status do_ghosh(const ts_mrio *m, const ts_ghosh *gh, const opts *o, ts_error *err)
{
    size_t n = m->n;
    ts_status st;
    csv_out c = {0};
    double *g = malloc(n * sizeof *g), *fn = malloc(n * sizeof *fn);
    double *xg = malloc(n * sizeof *xg);
    size_t *idx = NULL;
    if (!g || !fn || !xg) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    st = ts_linkages(NULL, gh, NULL, g, NULL, fn, err);
    if (!st)
        st = ts_ghosh_solve_row(gh, m->v, xg, err); /* x' = v' G */
    if (st)
        goto done;
    double gap = 0, xmax = 0;
    for (size_t i = 0; i < n; i++) {
        if (fabs(xg[i] - m->x[i]) > gap)
            gap = fabs(xg[i] - m->x[i]);
        if (fabs(m->x[i]) > xmax)
            xmax = fabs(m->x[i]);
    }
    if (o->outdir) {
        st = csv_open(&c, o->outdir, "ghosh.csv",
                      "region,sector,gross_output,value_added,ghosh_row_sum,forward_linkage,"
                      "output_from_value_added",
                      err);
        if (st)
            goto done;
        for (size_t i = 0; i < n; i++) {
            put_str(c.f, code(&m->regions[i / m->S]));
            fputc(',', c.f);
            put_str(c.f, code(&m->sectors[i % m->S]));
            put_num(c.f, m->x[i]);
            put_num(c.f, m->v[i]);
            put_num(c.f, g[i]);
            put_num(c.f, fn[i]);
            put_num(c.f, xg[i]);
            fputc('\n', c.f);
        }
        st = csv_commit(&c, err);
        if (st)
            goto done;
    }
    printf("\nGhosh model (B = x^-1 Z, G = (I - B)^-1, x' = v'G): max |v'G - x| = %.3g "
           "(largest x: %.6g)\n",
           gap, xmax);
    idx = rank_desc(g, n);
    if (!idx) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    printf("Total forward linkages (row sums of G), top %zu:\n",
           (size_t)o->top < n ? (size_t)o->top : n);
    for (size_t k = 0; k < n && k < (size_t)o->top; k++) {
        size_t i = idx[k];
        char lab[256];
        industry_label(m, i, lab, sizeof lab);
        printf("  %-4zu %-16s %-34.34s %10.4f (normalised %.3f)\n", k + 1, lab,
               lname(&m->sectors[i % m->S]), g[i], fn[i]);
    }
done:
    if (c.f)
        csv_abort(&c);
    free(g);
    free(fn);
    free(xg);
    free(idx);
    return st;
}

static const char *link_class(double b, double f)
{
    if (b > 1 && f > 1)
        return "key";
    if (b > 1)
        return "backward";
    if (f > 1)
        return "forward";
    return "weak";
}

static ts_status do_linkages(const ts_mrio *m, const ts_leontief *lf, const ts_ghosh *gh,
                             const opts *o, ts_error *err)
{
    size_t n = m->n;
    ts_status st;
    csv_out c = {0};
    double *bt = malloc(n * sizeof *bt), *ft = malloc(n * sizeof *ft);
    double *bn = malloc(n * sizeof *bn), *fn = malloc(n * sizeof *fn);
    double *key = malloc(n * sizeof *key);
    size_t *idx = NULL;
    if (!bt || !ft || !bn || !fn || !key) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    st = ts_linkages(lf, gh, bt, ft, bn, fn, err);
    if (st)
        goto done;
    if (o->outdir) {
        st = csv_open(&c, o->outdir, "linkages.csv",
                      "region,sector,backward_total,forward_total,backward_linkage,"
                      "forward_linkage,class",
                      err);
        if (st)
            goto done;
        for (size_t i = 0; i < n; i++) {
            put_str(c.f, code(&m->regions[i / m->S]));
            fputc(',', c.f);
            put_str(c.f, code(&m->sectors[i % m->S]));
            put_num(c.f, bt[i]);
            put_num(c.f, ft[i]);
            put_num(c.f, bn[i]);
            put_num(c.f, fn[i]);
            fprintf(c.f, ",%s\n", link_class(bn[i], fn[i]));
        }
        st = csv_commit(&c, err);
        if (st)
            goto done;
    }
    size_t nkey = 0;
    for (size_t i = 0; i < n; i++) {
        int is_key = bn[i] > 1 && fn[i] > 1;
        nkey += (size_t)is_key;
        key[i] = is_key ? bn[i] + fn[i] : -1.0;
    }
    idx = rank_desc(key, n);
    if (!idx) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    printf("\nKey sectors (normalised backward and forward linkage both > 1): %zu of %zu; "
           "top %zu by their sum:\n",
           nkey, n, nkey < (size_t)o->top ? nkey : (size_t)o->top);
    for (size_t k = 0; k < nkey && k < (size_t)o->top; k++) {
        size_t i = idx[k];
        char lab[256];
        industry_label(m, i, lab, sizeof lab);
        printf("  %-4zu %-16s %-34.34s backward %.3f forward %.3f\n", k + 1, lab,
               lname(&m->sectors[i % m->S]), bn[i], fn[i]);
    }
done:
    if (c.f)
        csv_abort(&c);
    free(bt);
    free(ft);
    free(bn);
    free(fn);
    free(key);
    free(idx);
    return st;
}

static ts_status do_extract(const ts_mrio *m, const ts_leontief *lf, const opts *o,
                            const ts_extract_spec *specs, ts_error *err)
{
    size_t n = m->n, R = m->R, S = m->S;
    ts_status st = TS_OK;
    csv_out c = {0};
    double *xb = malloc(n * sizeof *xb), *xa = malloc(n * sizeof *xa);
    double *base = malloc(R * sizeof *base), *after = malloc(R * sizeof *after);
    double *loss = malloc(R * sizeof *loss), *own = malloc(R * sizeof *own);
    size_t *idx = NULL;
    if (!xb || !xa || !base || !after || !loss || !own) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    if (o->outdir) {
        st = csv_open(&c, o->outdir, "extraction.csv",
                      "spec,region,baseline_output,output_after,loss,loss_pct,"
                      "loss_excl_extracted",
                      err);
        if (st)
            goto done;
    }
    for (size_t e = 0; e < o->nextract; e++) {
        const ts_extract_spec *sp = &specs[e];
        st = ts_extraction(m, lf, sp, &ts_cli_stderr_logger, xb, xa, err);
        if (st)
            goto done;
        double tb = 0, ta = 0, town = 0;
        for (size_t r = 0; r < R; r++)
            base[r] = after[r] = own[r] = 0;
        for (size_t i = 0; i < n; i++) {
            size_t r = i / S;
            int extracted = sp->kind == TS_EXTRACT_REGION ? r == sp->region
                            : sp->kind == TS_EXTRACT_INDUSTRY
                                ? i == sp->region * S + sp->sector
                                : 0;
            base[r] += xb[i];
            after[r] += xa[i];
            if (extracted)
                own[r] += xb[i] - xa[i];
        }
        for (size_t r = 0; r < R; r++) {
            loss[r] = base[r] - after[r];
            tb += base[r];
            ta += after[r];
            town += own[r];
        }
        const char *kind = sp->kind == TS_EXTRACT_INDUSTRY ? "industry"
                           : sp->kind == TS_EXTRACT_REGION ? "region"
                                                            : "link";
        if (c.f) {
            for (size_t r = 0; r <= R; r++) {
                int w = r == R;
                double b = w ? tb : base[r], a = w ? ta : after[r], ow = w ? town : own[r];
                put_str(c.f, o->extract[e]);
                fputc(',', c.f);
                put_str(c.f, w ? "WORLD" : code(&m->regions[r]));
                put_num(c.f, b);
                put_num(c.f, a);
                put_num(c.f, b - a);
                put_num(c.f, b != 0 ? 100.0 * (b - a) / b : 0.0);
                put_num(c.f, b - a - ow);
                fputc('\n', c.f);
            }
        }
        printf("\nHypothetical extraction of %s (%s): world output falls by %.6g (%.4f%%), "
               "%.6g of it outside the extracted industries\n",
               o->extract[e], kind, tb - ta, tb != 0 ? 100.0 * (tb - ta) / tb : 0.0,
               tb - ta - town);
        free(idx);
        idx = rank_desc(loss, R);
        if (!idx) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            goto done;
        }
        printf("Regions losing most output (%s):\n", m->unit ? m->unit : "table units");
        for (size_t k = 0; k < R && k < (size_t)o->top; k++) {
            size_t r = idx[k];
            printf("  %-4zu %-8s %14.6g  %8.4f%%\n", k + 1, code(&m->regions[r]), loss[r],
                   base[r] != 0 ? 100.0 * loss[r] / base[r] : 0.0);
        }
    }
    if (c.f)
        st = csv_commit(&c, err);
done:
    if (c.f)
        csv_abort(&c);
    free(xb);
    free(xa);
    free(base);
    free(after);
    free(loss);
    free(own);
    free(idx);
    return st;
}

static ts_status do_exposure(const ts_mrio *m, const ts_leontief *lf, const opts *o, size_t q,
                             long to, ts_error *err)
{
    size_t n = m->n, R = m->R, S = m->S;
    ts_status st;
    csv_out c = {0};
    double *req = malloc(n * S * sizeof *req), *share = malloc(n * S * sizeof *share);
    double *y = malloc(n * sizeof *y);
    double *key = malloc(n * S * sizeof *key);
    size_t *idx = NULL;
    if (!req || !share || !y || !key) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    st = ts_exposure(lf, q, req, share, err);
    if (st)
        goto done;
    ts_final_demand_total(m, y);
    if (o->outdir) {
        st = csv_open(&c, o->outdir, "exposure.csv",
                      "region,sector,product,supplier_region,requirement,total_requirement,"
                      "share,embodied",
                      err);
        if (st)
            goto done;
        /* per using sector s of q, then "ALL" (weighted by the sectors' final demand) */
        double ysum = 0;
        for (size_t s = 0; s < S; s++)
            ysum += y[q * S + s];
        for (size_t s = 0; s <= S; s++) {
            int all = s == S;
            for (size_t r = 0; r < R; r++) {
                if (to >= 0 && r != (size_t)to)
                    continue;
                for (size_t p = 0; p < S; p++) {
                    size_t i = r * S + p;
                    double rq = 0, tot = 0, emb = 0;
                    if (!all) {
                        rq = req[i * S + s];
                        for (size_t r2 = 0; r2 < R; r2++)
                            tot += req[(r2 * S + p) * S + s];
                        emb = rq * y[q * S + s];
                    } else {
                        double tw = 0;
                        for (size_t s2 = 0; s2 < S; s2++) {
                            double w = y[q * S + s2];
                            emb += req[i * S + s2] * w;
                            for (size_t r2 = 0; r2 < R; r2++)
                                tw += req[(r2 * S + p) * S + s2] * w;
                        }
                        rq = ysum != 0 ? emb / ysum : 0.0;
                        tot = ysum != 0 ? tw / ysum : 0.0;
                    }
                    put_str(c.f, code(&m->regions[q]));
                    fputc(',', c.f);
                    put_str(c.f, all ? "ALL" : code(&m->sectors[s]));
                    fputc(',', c.f);
                    put_str(c.f, code(&m->sectors[p]));
                    fputc(',', c.f);
                    put_str(c.f, code(&m->regions[r]));
                    put_num(c.f, rq);
                    put_num(c.f, tot);
                    put_num(c.f, tot > 0 ? rq / tot : 0.0);
                    put_num(c.f, emb);
                    fputc('\n', c.f);
                }
            }
        }
        st = csv_commit(&c, err);
        if (st)
            goto done;
    }
    /* ranking: shares of material requirements from the supplier region(s), domestic
     * supply excluded when every region is listed */
    size_t cand = 0;
    for (size_t k = 0; k < n * S; k++) {
        size_t i = k / S, r = i / S;
        int ok = (to >= 0 ? r == (size_t)to : r != q) && req[k] >= EXPOSURE_MIN_REQ;
        key[k] = ok ? share[k] : -1.0;
        cand += (size_t)ok;
    }
    idx = rank_desc(key, n * S);
    if (!idx) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    printf("\nExposure of %s's industries to products from %s (share of the whole-chain "
           "requirement of each product;\nrequirements of at least %g per unit of final "
           "output), top %zu:\n",
           code(&m->regions[q]), to >= 0 ? code(&m->regions[to]) : "other regions",
           EXPOSURE_MIN_REQ, cand < (size_t)o->top ? cand : (size_t)o->top);
    for (size_t k = 0; k < cand && k < (size_t)o->top; k++) {
        size_t e = idx[k], i = e / S, s = e % S;
        printf("  %-4zu %s_%s <- %s %-22.22s %6.2f%% of its requirement (%.4g per unit)\n",
               k + 1, code(&m->regions[q]), code(&m->sectors[s]), code(&m->regions[i / S]),
               code(&m->sectors[i % S]), 100.0 * share[e], req[e]);
    }
    if (!cand)
        printf("  (none)\n");
done:
    if (c.f)
        csv_abort(&c);
    free(req);
    free(share);
    free(y);
    free(key);
    free(idx);
    return st;
}

/* "dir/ree_mining.csv" -> "ree_mining" */
static char *file_stem(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    size_t k = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    return ts_asprintf("%.*s", (int)k, b);
}

static ts_status do_hhi(const ts_mrio *m, const ts_satellite *sat, const opts *o,
                        ts_error *err)
{
    size_t R = m->R, S = m->S;
    ts_status st;
    csv_out c = {0};
    double *h = malloc(S * sizeof *h);
    size_t *idx = NULL;
    char *stem = NULL;
    if (!h) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    st = ts_hhi_output(m, h, err);
    if (st)
        goto done;
    double sat_hhi = 0, sat_tot = 0, sat_top = 0;
    size_t sat_top_i = 0, sat_sup = 0;
    if (sat) {
        st = ts_hhi(sat->values, sat->k, &sat_hhi, err);
        if (st)
            goto done;
        for (size_t i = 0; i < sat->k; i++) {
            sat_tot += sat->values[i];
            sat_sup += sat->values[i] > 0;
            if (sat->values[i] > sat_top) {
                sat_top = sat->values[i];
                sat_top_i = i;
            }
        }
        stem = file_stem(o->satellite);
        if (!stem) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            goto done;
        }
    }
    if (o->outdir) {
        st = csv_open(&c, o->outdir, "hhi.csv",
                      "product,basis,hhi,total,top_region,top_share,suppliers", err);
        if (st)
            goto done;
    }
    idx = rank_desc(h, S);
    if (!idx) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    printf("\nConcentration of world supply by region (HHI 0-10,000 from gross output; "
           "> 2,500 = highly concentrated), top %zu of %zu products:\n",
           (size_t)o->top < S ? (size_t)o->top : S, S);
    for (size_t p = 0; p < S; p++) {
        double tot = 0, top = 0;
        size_t topr = 0, sup = 0;
        for (size_t r = 0; r < R; r++) {
            double x = m->x[r * S + p] > 0 ? m->x[r * S + p] : 0.0;
            tot += x;
            sup += x > 0;
            if (x > top) {
                top = x;
                topr = r;
            }
        }
        if (c.f) {
            put_str(c.f, code(&m->sectors[p]));
            fputs(",gross_output", c.f);
            put_num(c.f, h[p]);
            put_num(c.f, tot);
            fputc(',', c.f);
            put_str(c.f, tot > 0 ? code(&m->regions[topr]) : "");
            put_num(c.f, tot > 0 ? top / tot : 0.0);
            fprintf(c.f, ",%zu\n", sup);
        }
    }
    for (size_t k = 0; k < S && k < (size_t)o->top; k++) {
        size_t p = idx[k];
        double tot = 0, top = 0;
        size_t topr = 0;
        for (size_t r = 0; r < R; r++) {
            double x = m->x[r * S + p] > 0 ? m->x[r * S + p] : 0.0;
            tot += x;
            if (x > top) {
                top = x;
                topr = r;
            }
        }
        printf("  %-4zu %-8s %-34.34s HHI %7.0f  (largest: %s %.1f%%)\n", k + 1,
               code(&m->sectors[p]), lname(&m->sectors[p]), h[p], code(&m->regions[topr]),
               tot > 0 ? 100.0 * top / tot : 0.0);
    }
    if (sat) {
        if (c.f) {
            put_str(c.f, stem);
            fputs(",satellite", c.f);
            put_num(c.f, sat_hhi);
            put_num(c.f, sat_tot);
            fputc(',', c.f);
            put_str(c.f, sat->regions[sat_top_i]);
            put_num(c.f, sat_top / sat_tot);
            fprintf(c.f, ",%zu\n", sat_sup);
        }
        printf("Physical satellite %s: HHI %.0f over %zu regions (largest: %s %.1f%%)\n", stem,
               sat_hhi, sat_sup, sat->regions[sat_top_i], 100.0 * sat_top / sat_tot);
    }
    if (c.f)
        st = csv_commit(&c, err);
done:
    if (c.f)
        csv_abort(&c);
    free(h);
    free(idx);
    free(stem);
    return st;
}

/* ---- driver ------------------------------------------------------------------------ */

static int region_arg(const ts_mrio *m, const char *opt, const char *codearg, ts_error *err)
{
    int r = ts_mrio_region_index(m, codearg);
    if (r < 0) {
        char list[512] = "";
        size_t off = 0;
        for (size_t k = 0; k < m->R && off < sizeof list; k++)
            off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", k ? " " : "",
                                    code(&m->regions[k]));
        ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                     "%s: unknown region '%s' (regions of this table: %s)", opt, codearg, list);
    }
    return r;
}

int ts_cli_analyze(int argc, char **argv)
{
    opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) {
        free(o.extract);
        return rc;
    }
    ts_error err;
    ts_error_clear(&err);
    ts_status st = TS_OK;
    ts_mrio *m = NULL;
    ts_leontief *lf = NULL;
    ts_ghosh *gh = NULL;
    ts_satellite *sat = NULL;
    ts_extract_spec *specs = NULL;
    long q = -1, to = -1;

    st = ts_mrio_read(o.table, &ts_cli_stderr_logger, &m, &err);
    if (st)
        goto fail;
    /* everything the user typed is checked before the O(n^3) work */
    specs = calloc(o.nextract ? o.nextract : 1, sizeof *specs);
    if (!specs) {
        st = ts_error_set(&err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    for (size_t e = 0; e < o.nextract; e++)
        if ((st = ts_extract_spec_parse(m, o.extract[e], &specs[e], &err)))
            goto fail;
    if (o.exposure && (q = region_arg(m, "--exposure", o.exposure, &err)) < 0) {
        st = err.code;
        goto fail;
    }
    if (o.to && (to = region_arg(m, "--to", o.to, &err)) < 0) {
        st = err.code;
        goto fail;
    }
    if (o.satellite && (st = ts_satellite_read(o.satellite, &sat, &err)))
        goto fail;
    if (o.outdir && ts_mkdir_p(o.outdir) != 0) {
        st = ts_error_set(&err, TS_ERR_IO, o.outdir, 0, 0, NULL, "cannot create folder: %s",
                          strerror(errno));
        goto fail;
    }

    int need_l = o.leontief || o.linkages || o.nextract || o.exposure;
    int need_g = o.leontief || o.linkages || o.ghosh;
    printf("table %s: %zu regions x %zu sectors = %zu industries (%s)\n",
           m->name ? m->name : o.table, m->R, m->S, m->n, m->unit ? m->unit : "unit unknown");
    if (need_l) {
        if ((st = ts_leontief_create(m, &ts_cli_stderr_logger, &lf, &err)))
            goto fail;
        printf("I - A: condition number (1-norm) ~ %.3g\n", 1.0 / lf->rcond);
    }
    if (need_g && (st = ts_ghosh_create(m, &ts_cli_stderr_logger, &gh, &err)))
        goto fail;

    if (o.leontief && (st = do_leontief(m, lf, gh, &o, &err)))
        goto fail;
    if (o.ghosh && (st = do_ghosh(m, gh, &o, &err)))
        goto fail;
    if (o.linkages && (st = do_linkages(m, lf, gh, &o, &err)))
        goto fail;
    if (o.nextract && (st = do_extract(m, lf, &o, specs, &err)))
        goto fail;
    if (o.exposure && (st = do_exposure(m, lf, &o, (size_t)q, to, &err)))
        goto fail;
    if (o.hhi && (st = do_hhi(m, sat, &o, &err)))
        goto fail;
    if (o.outdir)
        printf("\nresults written to %s/\n", o.outdir);
    fflush(stdout);

fail:
    rc = st ? ts_cli_fail(&err) : 0;
    ts_leontief_free(lf);
    ts_ghosh_free(gh);
    ts_satellite_free(sat);
    ts_mrio_free(m);
    free(specs);
    free(o.extract);
    return rc;
}
