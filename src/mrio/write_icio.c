/* Writer of an OECD ICIO csv, 2023-edition conventions (ts_mrio_write_icio, mrio.h;
 * docs/formats.md "OECD ICIO"): header V1, the industries <CTRY>_<SECTOR>, the
 * final-demand columns <CTRY>_<CATEGORY>, OUT; rows: the industries (Z, Y, x), VA (value
 * added x - colsum(Z) of each industry) and OUT (x of each industry, the column sums of
 * final demand). read_icio.c reads it back to the same table (labels split at the first
 * '_', so region codes must not contain '_'; names are not part of the format). Written
 * under a temporary name and renamed into place (core/csvout). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvout.h"
#include "core/util.h"
#include "mrio/native.h"
#include "tradeshock/mrio.h"

static ts_status check_codes(const ts_mrio *m, const char *path, ts_error *err)
{
    for (size_t r = 0; r < m->R; r++)
        if (strchr(m->regions[r].code, '_') || strpbrk(m->regions[r].code, ",\"\r\n"))
            return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                                "region code '%s' contains '_' (or a comma, quote, line break): "
                                "ICIO labels are <CTRY>_<SECTOR> split at the first '_'; "
                                "rename the region (convert --aggregate-regions) or write "
                                "--to native or pymrio",
                                m->regions[r].code);
    for (size_t k = 0; k < m->S + m->F; k++) {
        const char *c = k < m->S ? m->sectors[k].code : m->fd_cats[k - m->S].code;
        if (strpbrk(c, ",\"\r\n"))
            return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                                "code '%s' contains a comma, quote or line break", c);
        for (size_t s = 0; k >= m->S && s < m->S; s++)
            if (!strcmp(c, m->sectors[s].code))
                return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                                    "final-demand category '%s' is also a sector code; an ICIO "
                                    "csv tells them apart by code",
                                    c);
    }
    return TS_OK;
}

ts_status ts_mrio_write_icio(const ts_mrio *m, const char *path, ts_error *err)
{
    ts_status st = check_codes(m, path, err);
    if (st)
        return st;
    const char *slash = strrchr(path, '/');
    char *dir = slash ? ts_asprintf("%.*s", (int)(slash - path), path) : ts_strdup(".");
    double *cs = malloc((m->n + m->R * m->F + 1) * sizeof *cs);
    if (!dir || !cs) {
        free(dir);
        free(cs);
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    size_t n = m->n, K = m->R * m->F, S = m->S, len = 0, cap = 16 + 3;
    for (size_t j = 0; j < n + K; j++)
        cap += strlen(m->regions[j < n ? j / S : (j - n) / m->F].code) +
               strlen(j < n ? m->sectors[j % S].code : m->fd_cats[(j - n) % m->F].code) + 2;
    char *head = malloc(cap);
    ts_csvfile c;
    if (!head)
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    else
        len = (size_t)snprintf(head, cap, "V1");
    for (size_t j = 0; head && j < n + K; j++)
        len += (size_t)snprintf(head + len, cap - len, ",%s_%s",
                                m->regions[j < n ? j / S : (j - n) / m->F].code,
                                j < n ? m->sectors[j % S].code : m->fd_cats[(j - n) % m->F].code);
    if (head)
        snprintf(head + len, cap - len, ",OUT");
    if (!st)
        st = ts_csv_open(&c, dir[0] ? dir : "/", slash ? slash + 1 : path, head, err);
    free(head);
    if (st) {
        free(dir);
        free(cs);
        return st;
    }
    FILE *f = c.f;
    for (size_t k = 0; k < n + K; k++)
        cs[k] = 0;
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s_%s", m->regions[i / S].code, m->sectors[i % S].code);
        for (size_t k = 0; k < n + K; k++) {
            double v = k < n ? m->Z[i * n + k] : m->Y[i * K + k - n];
            cs[k] += v;
            fputc(',', f);
            ts_mrio_put_number(f, v);
        }
        fputc(',', f);
        ts_mrio_put_number(f, m->x[i]);
        fputc('\n', f);
    }
    double tv = 0, tx = 0;
    fputs("VA", f);
    for (size_t k = 0; k < n + K; k++) {
        double v = k < n ? m->x[k] - cs[k] : 0;
        tv += v;
        fputc(',', f);
        ts_mrio_put_number(f, v);
    }
    fputc(',', f);
    ts_mrio_put_number(f, tv);
    fputs("\nOUT", f);
    for (size_t k = 0; k < n + K; k++) {
        double v = k < n ? m->x[k] : cs[k];
        tx += v;
        fputc(',', f);
        ts_mrio_put_number(f, v);
    }
    fputc(',', f);
    ts_mrio_put_number(f, tx);
    fputc('\n', f);
    st = ts_csv_close(&c, TS_OK, err);
    free(dir);
    free(cs);
    return st;
}
