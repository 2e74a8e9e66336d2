/* Hypothetical extraction of an industry, a region or a bilateral product link
 * (analysis.h; Miller & Lahr 2001, MB §12.2). */
#include <stdlib.h>
#include <string.h>

#include "analysis/lu.h"
#include "tradeshock/analysis.h"

ts_status ts_extract_spec_parse(const ts_mrio *m, const char *text, ts_extract_spec *spec,
                                ts_error *err)
{
    memset(spec, 0, sizeof *spec);
    if (!text || !*text)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "empty extraction spec (expected REGION, REGION_SECTOR or "
                            "REGION:SECTOR>REGION)");
    size_t len = strlen(text);
    char *buf = malloc(len + 1);
    if (!buf)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    memcpy(buf, text, len + 1);
    ts_status st = TS_OK;

    char *gt = strchr(buf, '>');
    if (gt) {
        /* link: R:P>Q */
        *gt = 0;
        char *colon = strchr(buf, ':');
        if (!colon) {
            st = ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                              "extraction spec '%s': a link is written REGION:SECTOR>REGION "
                              "(e.g. CHN:c12>USA)", text);
            goto done;
        }
        *colon = 0;
        int r = ts_mrio_region_index(m, buf);
        int p = ts_mrio_sector_index(m, colon + 1);
        int q = ts_mrio_region_index(m, gt + 1);
        if (r < 0 || p < 0 || q < 0) {
            st = ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                              "extraction spec '%s': unknown %s '%s'", text,
                              r < 0 ? "region" : p < 0 ? "sector" : "region",
                              r < 0 ? buf : p < 0 ? colon + 1 : gt + 1);
            goto done;
        }
        spec->kind = TS_EXTRACT_LINK;
        spec->region = (size_t)r;
        spec->sector = (size_t)p;
        spec->dest = (size_t)q;
        goto done;
    }
    int r = ts_mrio_region_index(m, buf);
    if (r >= 0) {
        spec->kind = TS_EXTRACT_REGION;
        spec->region = (size_t)r;
        goto done;
    }
    /* industry: try every '_' as the region/sector separator */
    for (char *u = strchr(buf, '_'); u; u = strchr(u + 1, '_')) {
        *u = 0;
        int rr = ts_mrio_region_index(m, buf);
        int ss = ts_mrio_sector_index(m, u + 1);
        *u = '_';
        if (rr >= 0 && ss >= 0) {
            spec->kind = TS_EXTRACT_INDUSTRY;
            spec->region = (size_t)rr;
            spec->sector = (size_t)ss;
            goto done;
        }
    }
    st = ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                      "extraction spec '%s' is neither a region nor REGION_SECTOR of this "
                      "table (links are written REGION:SECTOR>REGION)", text);
done:
    free(buf);
    return st;
}

ts_status ts_extraction(const ts_mrio *m, const ts_leontief *lf, const ts_extract_spec *spec,
                        const ts_logger *log, double *x_base, double *x_after, ts_error *err)
{
    size_t R = m->R, S = m->S, F = m->F, n = m->n, K = R * F;
    if (lf->n != n || lf->R != R)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "the Leontief system does not belong to this table");
    if (spec->region >= R || (spec->kind != TS_EXTRACT_REGION && spec->sector >= S) ||
        (spec->kind == TS_EXTRACT_LINK && spec->dest >= R) || spec->kind > TS_EXTRACT_LINK)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "extraction spec out of range for a %zu x %zu table", R, S);

    ts_status st;
    struct ts_lu *lu = NULL;
    double *Abar = malloc(n * n * sizeof *Abar);
    double *y = malloc(n * sizeof *y);
    if (!Abar || !y) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory (n = %zu)", n);
        goto done;
    }
    ts_final_demand_total(m, y);
    st = ts_leontief_solve(lf, y, x_base, err); /* baseline x = L y */
    if (st)
        goto done;

    memcpy(Abar, lf->A, n * n * sizeof *Abar);
    if (spec->kind == TS_EXTRACT_LINK) {
        /* (r,p) -> q: its sales to every industry of q and to q's final demand */
        size_t i = spec->region * S + spec->sector, q = spec->dest;
        for (size_t s = 0; s < S; s++)
            Abar[i * n + q * S + s] = 0.0;
        for (size_t f = 0; f < F; f++)
            y[i] -= m->Y[i * K + q * F + f];
    } else {
        /* complete extraction (Miller & Lahr 2001): rows, columns and final demand */
        size_t first = spec->region * S, count = S;
        if (spec->kind == TS_EXTRACT_INDUSTRY) {
            first += spec->sector;
            count = 1;
        }
        for (size_t e = first; e < first + count; e++) {
            memset(Abar + e * n, 0, n * sizeof *Abar);
            for (size_t i = 0; i < n; i++)
                Abar[i * n + e] = 0.0;
            y[e] = 0.0;
        }
    }
    /* no log: the baseline (I - A) already reported its warnings; only a failure of
     * the extracted system is news (it is returned as an error) */
    (void)log;
    st = ts_lu_factor(Abar, n, m, "A", TS_LU_COLUMNS, NULL, &lu, err);
    if (st)
        goto done;
    memcpy(x_after, y, n * sizeof *y);
    st = ts_lu_solve(lu, 0, 1, x_after, "A", err);
done:
    ts_lu_free(lu);
    free(Abar);
    free(y);
    return st;
}

void ts_extraction_regions(const ts_mrio *m, const ts_extract_spec *spec, const double *x_base,
                           const double *x_after, double *base, double *after, double *own)
{
    size_t R = m->R, S = m->S;
    for (size_t r = 0; r <= R; r++)
        base[r] = after[r] = own[r] = 0;
    for (size_t i = 0; i < m->n; i++) {
        size_t r = i / S;
        int extracted = spec->kind == TS_EXTRACT_REGION     ? r == spec->region
                        : spec->kind == TS_EXTRACT_INDUSTRY ? i == spec->region * S + spec->sector
                                                            : 0;
        base[r] += x_base[i];
        after[r] += x_after[i];
        if (extracted)
            own[r] += x_base[i] - x_after[i];
    }
    for (size_t r = 0; r < R; r++) {
        base[R] += base[r];
        after[R] += after[r];
        own[R] += own[r];
    }
}
