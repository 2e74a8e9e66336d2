/* Herfindahl-Hirschman index of supply concentration, from gross output or from a
 * physical satellite account `region,value` (analysis.h). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/infile.h"
#include "core/util.h"
#include "tradeshock/analysis.h"

ts_status ts_hhi(const double *v, size_t k, double *hhi, ts_error *err)
{
    double total = 0;
    *hhi = 0;
    for (size_t r = 0; r < k; r++) {
        if (!isfinite(v[r]) || v[r] < 0)
            return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                                "HHI: value %zu is %g (must be a finite number >= 0)", r, v[r]);
        total += v[r];
    }
    if (!(total > 0))
        return TS_OK; /* no supply at all: no concentration to measure */
    double h = 0;
    for (size_t r = 0; r < k; r++) {
        double s = v[r] / total;
        h += s * s;
    }
    *hhi = 10000.0 * h;
    return TS_OK;
}

ts_status ts_hhi_output(const ts_mrio *m, double *hhi, ts_error *err)
{
    size_t R = m->R, S = m->S;
    double *v = malloc(R * sizeof *v);
    if (!v)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ts_status st = TS_OK;
    for (size_t p = 0; p < S && !st; p++) {
        for (size_t r = 0; r < R; r++) {
            double x = m->x[r * S + p];
            if (!isfinite(x)) {
                st = ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                                  "gross output of region %zu, sector %zu is not finite", r, p);
                break;
            }
            v[r] = x > 0 ? x : 0.0;
        }
        if (!st)
            st = ts_hhi(v, R, &hhi[p], err);
    }
    free(v);
    return st;
}

void ts_satellite_free(ts_satellite *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->k; i++)
        free(s->regions[i]);
    free(s->regions);
    free(s->values);
    free(s);
}

/* Trim spaces and one level of double quotes ("" inside quotes is a quote). */
static char *clean_field(char *f)
{
    while (*f == ' ' || *f == '\t')
        f++;
    size_t k = strlen(f);
    while (k && (f[k - 1] == ' ' || f[k - 1] == '\t'))
        f[--k] = 0;
    if (k >= 2 && f[0] == '"' && f[k - 1] == '"') {
        f[k - 1] = 0;
        f++;
        char *w = f;
        for (char *r = f; *r; r++) {
            *w++ = *r;
            if (r[0] == '"' && r[1] == '"')
                r++;
        }
        *w = 0;
    }
    return f;
}

/* Split a line on commas outside quotes; returns the field count (at most max). */
static size_t split_line(char *line, char **fields, size_t max, size_t *starts)
{
    size_t k = 0;
    int inq = 0;
    char *start = line;
    for (char *p = line;; p++) {
        if (*p == '"')
            inq = !inq;
        if ((*p == ',' && !inq) || !*p) {
            int end = !*p;
            *p = 0;
            if (k < max) {
                fields[k] = start;
                starts[k] = (size_t)(start - line) + 1;
            }
            k++;
            if (end)
                break;
            start = p + 1;
        }
    }
    return k;
}

ts_status ts_satellite_read(const char *path, ts_satellite **out, ts_error *err)
{
    *out = NULL;
    FILE *f = NULL;
    /* a path the user typed that cannot be opened, or a folder, is bad input (exit 2) */
    ts_status ost = ts_open_input(path, "a CSV file with the header 'region,value' (one "
                                        "value per supplying region, e.g. tonnes; a pymrio "
                                        "extension folder is not read: export one stressor "
                                        "row of its F.txt as region,value)", &f, err);
    if (ost)
        return ost;
    ts_status st = TS_OK;
    ts_satellite *s = calloc(1, sizeof *s);
    size_t cap = 0;
    char *line = NULL;
    size_t linecap = 0;
    long lineno = 0;
    int have_header = 0;
    double total = 0;
    if (!s)
        goto nomem;
    ssize_t got;
    while ((got = getline(&line, &linecap, f)) != -1) {
        lineno++;
        char *l = line;
        if (lineno == 1 && (unsigned char)l[0] == 0xEF && (unsigned char)l[1] == 0xBB &&
            (unsigned char)l[2] == 0xBF)
            l += 3;
        size_t k = strlen(l);
        if ((ssize_t)k != got - (l - line)) {
            st = ts_error_set(err, TS_ERR_INPUT, path, lineno, 0, NULL, "NUL byte in line");
            goto fail;
        }
        while (k && (l[k - 1] == '\n' || l[k - 1] == '\r'))
            l[--k] = 0;
        if (strspn(l, " \t") == k)
            continue; /* blank line */
        char *fld[3];
        size_t col[3];
        size_t nf = split_line(l, fld, 3, col);
        if (!have_header) {
            if (nf != 2 || strcmp(clean_field(fld[0]), "region") != 0 ||
                strcmp(clean_field(fld[1]), "value") != 0) {
                st = ts_error_set(err, TS_ERR_INPUT, path, lineno, 1, NULL,
                                  "expected the header 'region,value'");
                goto fail;
            }
            have_header = 1;
            continue;
        }
        if (nf != 2) {
            st = ts_error_set(err, TS_ERR_INPUT, path, lineno, nf < 2 ? 1 : 3, NULL,
                              "expected 2 fields (region,value), found %zu", nf);
            goto fail;
        }
        char *code = clean_field(fld[0]);
        char *num = clean_field(fld[1]);
        if (!*code) {
            st = ts_error_set(err, TS_ERR_INPUT, path, lineno, 1, NULL, "empty region code");
            goto fail;
        }
        char *end;
        errno = 0;
        double v = strtod(num, &end);
        if (!*num || *end) {
            st = ts_error_set(err, TS_ERR_INPUT, path, lineno, 2, NULL,
                              "value '%s' of region %s is not a number", num, code);
            goto fail;
        }
        if (!isfinite(v) || v < 0) {
            st = ts_error_set(err, TS_ERR_INPUT, path, lineno, 2, NULL,
                              "value %s of region %s must be a finite number >= 0", num, code);
            goto fail;
        }
        for (size_t i = 0; i < s->k; i++)
            if (!strcmp(s->regions[i], code)) {
                st = ts_error_set(err, TS_ERR_INPUT, path, lineno, 1, NULL,
                                  "region %s listed twice", code);
                goto fail;
            }
        if (s->k == cap) {
            size_t nc = cap ? 2 * cap : 16;
            char **nr = realloc(s->regions, nc * sizeof *nr);
            if (!nr)
                goto nomem;
            s->regions = nr;
            double *nv = realloc(s->values, nc * sizeof *nv);
            if (!nv)
                goto nomem;
            s->values = nv;
            cap = nc;
        }
        s->regions[s->k] = ts_strdup(code);
        if (!s->regions[s->k])
            goto nomem;
        s->values[s->k++] = v;
        total += v;
    }
    if (ferror(f)) {
        st = ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "read error");
        goto fail;
    }
    if (!have_header) {
        st = ts_error_set(err, TS_ERR_INPUT, path, 1, 1, NULL,
                          "empty file (expected the header 'region,value')");
        goto fail;
    }
    if (s->k == 0 || !(total > 0)) {
        st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                          s->k ? "every value is 0: no supply to measure"
                               : "no data rows after the header");
        goto fail;
    }
    free(line);
    fclose(f);
    *out = s;
    return TS_OK;
nomem:
    st = ts_error_set(err, TS_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
fail:
    free(line);
    fclose(f);
    ts_satellite_free(s);
    return st;
}
