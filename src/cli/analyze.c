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
#include "core/utf8.h"
#include "core/util.h"
#include "tradeshock/analysis.h"
#include "tradeshock/mrio.h"

/* A material requirement for the exposure ranking: 0.1 cent per dollar of final output
 * (--min-requirement changes it; with --product the default is 0: a critical input such
 * as magnets is worth far less than 0.1 cent per dollar). */
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
          "  --product P           only the input product P (with --exposure), e.g. MAG\n"
          "  --min-requirement X   rank only requirements of at least X per unit of final\n"
          "                        output (default 0.001; with --product 0)\n"
          "  --hhi                 concentration (HHI) of world supply per product -> hhi.csv\n"
          "  --satellite FILE      add the HHI of a physical account 'region,value' (implies --hhi)\n"
          "  --top N               rows in each printed ranking (default 10)\n"
          "  -o, --output DIR      results folder (created if missing); none: print only\n",
          f);
}

typedef struct opts {
    const char *table, *outdir, *exposure, *to, *satellite, *product;
    double min_req;
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
    o->min_req = -1; /* default decided after parsing */
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
        } else if (!strcmp(a, "--product")) {
            value = &o->product;
        } else if (!strcmp(a, "--min-requirement")) {
            if (k + 1 >= argc)
                return bad_usage("option %s needs a value", a);
            const char *v = argv[++k];
            char *end;
            errno = 0;
            double d = strtod(v, &end);
            if (!*v || *end || errno || !(d >= 0) || !isfinite(d))
                return bad_usage("--min-requirement needs a number >= 0, got '%s'", v);
            o->min_req = d;
            continue;
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
    if (o->product && !o->exposure)
        return bad_usage("%s", "--product needs --exposure REGION");
    if (o->min_req < 0)
        o->min_req = o->product ? 0.0 : EXPOSURE_MIN_REQ;
    if (o->satellite)
        o->hhi = 1;
    if (!o->leontief && !o->ghosh && !o->linkages && !o->nextract && !o->exposure && !o->hhi)
        o->leontief = 1;
    return -1;
}

/* ---- ranked printouts ---------------------------------------------------------- */

static const char *code(const ts_label *l) { return l && l->code ? l->code : ""; }
static const char *lname(const ts_label *l) { return l && l->name ? l->name : ""; }

/* Indices 0..k-1 sorted by key, largest first; ties by index (deterministic). The CLI is
 * single-threaded, so qsort's comparator may read the key through a file-scope pointer. */
static const double *sort_key;
static int by_key_desc(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    if (sort_key[i] != sort_key[j])
        return sort_key[i] > sort_key[j] ? -1 : 1;
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

static size_t min_top(const opts *o, size_t k) { return (size_t)o->top < k ? (size_t)o->top : k; }

/* "CHN_c12" and the sector's name, as printed in the rankings */
static void industry_label(const ts_mrio *m, size_t i, char *buf, size_t len)
{
    snprintf(buf, len, "%s_%s", code(&m->regions[i / m->S]), code(&m->sectors[i % m->S]));
}

static ts_status nomem(ts_error *err)
{
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

/* ---- the analyses ---------------------------------------------------------------- */

static ts_status do_leontief(const ts_mrio *m, const ts_leontief *lf, const ts_ghosh *gh,
                             const opts *o, ts_error *err)
{
    size_t n = m->n;
    ts_status st;
    double *bt = malloc(n * sizeof *bt), *bn = malloc(n * sizeof *bn);
    double *fn = malloc(n * sizeof *fn);
    size_t *idx = NULL;
    if (!bt || !bn || !fn) {
        st = nomem(err);
        goto done;
    }
    if ((st = ts_linkages(lf, gh, bt, NULL, bn, fn, err)))
        goto done;
    if (o->outdir && (st = ts_write_multipliers_csv(o->outdir, m, bt, bn, fn, err)))
        goto done;
    if (!(idx = rank_desc(bt, n))) {
        st = nomem(err);
        goto done;
    }
    printf("\nOutput multipliers (column sums of L = (I - A)^-1), top %zu of %zu industries:\n",
           min_top(o, n), n);
    printf("  %-4s %-16s %-34s %10s %9s %9s\n", "rank", "industry", "sector", "multiplier",
           "backward", "forward");
    for (size_t k = 0; k < min_top(o, n); k++) {
        size_t i = idx[k];
        char lab[256], fld[256];
        industry_label(m, i, lab, sizeof lab);
        printf("  %-4zu %-16s %s %10.4f %9.3f %9.3f\n", k + 1, lab,
               ts_utf8_field(fld, sizeof fld, lname(&m->sectors[i % m->S]), 34), bt[i], bn[i], fn[i]);
    }
done:
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
    double *g = malloc(n * sizeof *g), *fn = malloc(n * sizeof *fn);
    double *xg = malloc(n * sizeof *xg);
    size_t *idx = NULL;
    if (!g || !fn || !xg) {
        st = nomem(err);
        goto done;
    }
    if ((st = ts_linkages(NULL, gh, NULL, g, NULL, fn, err)) ||
        (st = ts_ghosh_solve_row(gh, m->v, xg, err))) /* x' = v'G */
        goto done;
    if (o->outdir && (st = ts_write_ghosh_csv(o->outdir, m, g, fn, xg, err)))
        goto done;
    double gap = 0, xmax = 0;
    for (size_t i = 0; i < n; i++) {
        gap = fmax(gap, fabs(xg[i] - m->x[i]));
        xmax = fmax(xmax, fabs(m->x[i]));
    }
    printf("\nGhosh model (B = x^-1 Z, G = (I - B)^-1, x' = v'G): max |v'G - x| = %.3g "
           "(largest x: %.6g)\n",
           gap, xmax);
    if (!(idx = rank_desc(g, n))) {
        st = nomem(err);
        goto done;
    }
    printf("Total forward linkages (row sums of G), top %zu:\n", min_top(o, n));
    for (size_t k = 0; k < min_top(o, n); k++) {
        size_t i = idx[k];
        char lab[256], fld[256];
        industry_label(m, i, lab, sizeof lab);
        printf("  %-4zu %-16s %s %10.4f (normalised %.3f)\n", k + 1, lab,
               ts_utf8_field(fld, sizeof fld, lname(&m->sectors[i % m->S]), 34), g[i], fn[i]);
    }
done:
    free(g);
    free(fn);
    free(xg);
    free(idx);
    return st;
}

static ts_status do_linkages(const ts_mrio *m, const ts_leontief *lf, const ts_ghosh *gh,
                             const opts *o, ts_error *err)
{
    size_t n = m->n;
    ts_status st;
    double *bt = malloc(n * sizeof *bt), *ft = malloc(n * sizeof *ft);
    double *bn = malloc(n * sizeof *bn), *fn = malloc(n * sizeof *fn);
    double *key = malloc(n * sizeof *key);
    size_t *idx = NULL;
    if (!bt || !ft || !bn || !fn || !key) {
        st = nomem(err);
        goto done;
    }
    if ((st = ts_linkages(lf, gh, bt, ft, bn, fn, err)))
        goto done;
    if (o->outdir && (st = ts_write_linkages_csv(o->outdir, m, bt, ft, bn, fn, err)))
        goto done;
    size_t nkey = 0;
    for (size_t i = 0; i < n; i++) {
        int is_key = bn[i] > 1 && fn[i] > 1;
        nkey += (size_t)is_key;
        key[i] = is_key ? bn[i] + fn[i] : -1.0;
    }
    if (!(idx = rank_desc(key, n))) {
        st = nomem(err);
        goto done;
    }
    printf("\nKey sectors (normalised backward and forward linkage both > 1): %zu of %zu; "
           "top %zu by their sum:\n",
           nkey, n, min_top(o, nkey));
    for (size_t k = 0; k < min_top(o, nkey); k++) {
        size_t i = idx[k];
        char lab[256], fld[256];
        industry_label(m, i, lab, sizeof lab);
        printf("  %-4zu %-16s %s backward %.3f forward %.3f\n", k + 1, lab,
               ts_utf8_field(fld, sizeof fld, lname(&m->sectors[i % m->S]), 34), bn[i], fn[i]);
    }
done:
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
    size_t n = m->n, R = m->R, k = o->nextract;
    ts_status st = TS_OK;
    double *xb = malloc(k * n * sizeof *xb), *xa = malloc(k * n * sizeof *xa);
    double *agg = malloc(4 * (R + 1) * sizeof *agg);
    size_t *idx = NULL;
    if (!xb || !xa || !agg) {
        st = nomem(err);
        goto done;
    }
    double *base = agg, *after = agg + R + 1, *own = agg + 2 * (R + 1), *loss = agg + 3 * (R + 1);
    for (size_t e = 0; e < k; e++) {
        const ts_extract_spec *sp = &specs[e];
        if ((st = ts_extraction(m, lf, sp, &ts_cli_stderr_logger, xb + e * n, xa + e * n, err)))
            goto done;
        ts_extraction_regions(m, sp, xb + e * n, xa + e * n, base, after, own);
        for (size_t r = 0; r <= R; r++)
            loss[r] = base[r] - after[r];
        double tb = base[R], tl = loss[R];
        printf("\nHypothetical extraction of %s (%s): world output falls by %.6g (%.4f%%), "
               "%.6g of it outside the extracted industries\n",
               o->extract[e],
               sp->kind == TS_EXTRACT_INDUSTRY ? "industry"
               : sp->kind == TS_EXTRACT_REGION ? "region"
                                               : "link",
               tl, tb != 0 ? 100.0 * tl / tb : 0.0, tl - own[R]);
        free(idx);
        if (!(idx = rank_desc(loss, R))) {
            st = nomem(err);
            goto done;
        }
        printf("Regions losing most output (%s):\n", m->unit ? m->unit : "table units");
        for (size_t j = 0; j < min_top(o, R); j++) {
            size_t r = idx[j];
            printf("  %-4zu %-8s %14.6g  %8.4f%%\n", j + 1, code(&m->regions[r]), loss[r],
                   base[r] != 0 ? 100.0 * loss[r] / base[r] : 0.0);
        }
    }
    if (o->outdir)
        st = ts_write_extraction_csv(o->outdir, m, k, o->extract, specs, xb, xa, err);
done:
    free(xb);
    free(xa);
    free(agg);
    free(idx);
    return st;
}

static ts_status do_exposure(const ts_mrio *m, const ts_leontief *lf, const opts *o, size_t q,
                             long to, long prod, ts_error *err)
{
    size_t n = m->n, S = m->S;
    ts_status st;
    double *req = malloc(n * S * sizeof *req), *share = malloc(n * S * sizeof *share);
    double *key = malloc(n * S * sizeof *key);
    size_t *idx = NULL;
    if (!req || !share || !key) {
        st = nomem(err);
        goto done;
    }
    if ((st = ts_exposure(lf, q, req, share, err)))
        goto done;
    if (o->outdir && (st = ts_write_exposure_csv(o->outdir, m, q, to, prod, req, share, err)))
        goto done;
    /* rank shares of material requirements from the supplier region(s); domestic supply
     * is left out when every region is listed */
    size_t cand = 0;
    for (size_t k = 0; k < n * S; k++) {
        size_t r = k / S / S;
        int ok = (to >= 0 ? r == (size_t)to : r != q) && req[k] >= o->min_req && req[k] > 0 &&
                 (prod < 0 || (k / S) % S == (size_t)prod);
        key[k] = ok ? share[k] : -1.0;
        cand += (size_t)ok;
    }
    if (!(idx = rank_desc(key, n * S))) {
        st = nomem(err);
        goto done;
    }
    printf("\nExposure of %s's industries to %s%s from %s (share of the whole-chain "
           "requirement of each product;\nrequirements of at least %g per unit of final "
           "output), top %zu:\n",
           code(&m->regions[q]), prod >= 0 ? "product " : "products",
           prod >= 0 ? code(&m->sectors[prod]) : "",
           to >= 0 ? code(&m->regions[to]) : "other regions", o->min_req, min_top(o, cand));
    printf("  %-4s %-12s    %-12s %-30s %7s %12s\n", "rank", "user", "input", "product",
           "share", "per unit");
    for (size_t k = 0; k < min_top(o, cand); k++) {
        size_t e = idx[k], i = e / S, s = e % S;
        char user[128], input[128], fld[256];
        industry_label(m, q * S + s, user, sizeof user);
        industry_label(m, i, input, sizeof input);
        printf("  %-4zu %-12s <- %-12s %s %6.2f%% %12.4g\n", k + 1, user, input,
               ts_utf8_field(fld, sizeof fld, lname(&m->sectors[i % S]), 30), 100.0 * share[e], req[e]);
    }
    if (!cand)
        printf("  (none)\n");
done:
    free(req);
    free(share);
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
    double *h = malloc(S * sizeof *h);
    size_t *idx = NULL;
    char *stem = sat ? file_stem(o->satellite) : NULL;
    if (!h || (sat && !stem)) {
        st = nomem(err);
        goto done;
    }
    if ((st = ts_hhi_output(m, h, err)))
        goto done;
    if (o->outdir && (st = ts_write_hhi_csv(o->outdir, m, h, stem, sat, err)))
        goto done;
    if (!(idx = rank_desc(h, S))) {
        st = nomem(err);
        goto done;
    }
    printf("\nConcentration of world supply by region (HHI 0-10,000 from gross output; "
           "> 2,500 = highly concentrated), top %zu of %zu products:\n",
           min_top(o, S), S);
    for (size_t k = 0; k < min_top(o, S); k++) {
        size_t p = idx[k], topr = 0;
        double tot = 0, top = 0;
        for (size_t r = 0; r < R; r++) {
            double x = fmax(m->x[r * S + p], 0.0);
            tot += x;
            if (x > top) {
                top = x;
                topr = r;
            }
        }
        printf("  %-4zu %-8s %s HHI %7.0f  (largest: %s %.1f%%)\n", k + 1,
               code(&m->sectors[p]), lname(&m->sectors[p]), h[p], code(&m->regions[topr]),
               tot > 0 ? 100.0 * top / tot : 0.0);
    }
    if (sat) {
        double hs, tot = 0, top = 0;
        size_t topi = 0, sup = 0;
        if ((st = ts_hhi(sat->values, sat->k, &hs, err)))
            goto done;
        for (size_t i = 0; i < sat->k; i++) {
            tot += sat->values[i];
            sup += sat->values[i] > 0;
            if (sat->values[i] > top) {
                top = sat->values[i];
                topi = i;
            }
        }
        printf("Physical satellite %s: HHI %.0f over %zu supplying regions (largest: %s "
               "%.1f%%)\n",
               stem, hs, sup, sat->regions[topi], 100.0 * top / tot);
    }
done:
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
    long q = -1, to = -1, prod = -1;

    /* -o names a folder; a file (or anything else) there is not ours to replace */
    if (o.outdir && ts_path_exists(o.outdir) && !ts_is_dir(o.outdir)) {
        st = ts_error_set(&err, TS_ERR_INPUT, o.outdir, 0, 0, "-o",
                          "exists and is not a folder (analyze writes CSV files into a folder): "
                          "choose another name; the folder is created if missing");
        goto fail;
    }
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
    if (o.product && (prod = ts_mrio_sector_index(m, o.product)) < 0) {
        char list[1024] = "";
        size_t off = 0;
        for (size_t k = 0; k < m->S && off < sizeof list; k++)
            off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", k ? " " : "",
                                    code(&m->sectors[k]));
        st = ts_error_set(&err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                          "--product: unknown product '%s' (sectors of this table: %s)",
                          o.product, list);
        goto fail;
    }
    if (o.satellite && (st = ts_satellite_read(o.satellite, &sat, &err)))
        goto fail;
    if (o.outdir && ts_mkdir_p(o.outdir) != 0) {
        st = ts_error_set(&err, TS_ERR_IO, o.outdir, 0, 0, NULL,
                          "cannot create the results folder: %s", strerror(errno));
        goto fail;
    }

    int need_l = o.leontief || o.linkages || o.nextract || o.exposure;
    printf("table %s: %zu regions x %zu sectors = %zu industries (%s)\n",
           m->name ? m->name : o.table, m->R, m->S, m->n, m->unit ? m->unit : "unit unknown");
    if (need_l) {
        if ((st = ts_leontief_create(m, &ts_cli_stderr_logger, &lf, &err)))
            goto fail;
        printf("I - A: condition number (1-norm) ~ %.3g\n", 1.0 / lf->rcond);
    }
    /* the Ghosh factorisation only when it is asked for or cannot be avoided
     * (forward linkages follow from L when lf->ghosh_similar) */
    int need_g = o.ghosh || ((o.leontief || o.linkages) && !lf->ghosh_similar);
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
    if (o.exposure && (st = do_exposure(m, lf, &o, (size_t)q, to, prod, &err)))
        goto fail;
    if (o.hhi && (st = do_hhi(m, sat, &o, &err)))
        goto fail;
    if (o.outdir)
        printf("\nresults written to %s/\n", o.outdir);
    fflush(stdout);

fail:
    if (st == TS_ERR_IO && o.outdir && !strncmp(err.file, o.outdir, strlen(o.outdir))) {
        /* where the results were to go: say what to do */
        fprintf(stderr, "tradeshock: error: %s; give -o a folder you can write to\n", err.msg);
        rc = ts_status_exit_code(st);
    } else {
        rc = st ? ts_cli_fail(&err) : 0;
    }
    ts_leontief_free(lf);
    ts_ghosh_free(gh);
    ts_satellite_free(sat);
    ts_mrio_free(m);
    free(specs);
    free(o.extract);
    return rc;
}
