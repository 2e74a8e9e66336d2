/* Test-side writers of a table in the other layouts tradeshock reads (pymrio text folder,
 * OECD ICIO csv in the 2021 or 2023 conventions, WIOD folder with Z split by rows), so that
 * the same table can be read back through every reader. Numbers are written with %.17g
 * (exact round trip). Header-only (static functions); written for the tests, not shipped. */
#ifndef TS_TEST_FMT_WRITERS_H
#define TS_TEST_FMT_WRITERS_H

#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "tradeshock/mrio.h"

/* A field, quoted (RFC 4180) when it holds the separator, a quote or a line break. */
static void fw_field(FILE *f, const char *s, char sep)
{
    char special[4] = {sep, '"', '\n', 0};
    if (!strpbrk(s, special) && !strchr(s, '\r')) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void fw_num(FILE *f, double v)
{
    fprintf(f, "%.17g", v);
}

static FILE *fw_open(const char *dir, const char *name)
{
    char *p = ts_asprintf("%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    free(p);
    return f;
}

/* ------------------------------------------------------------------- pymrio */

static void fw_pymrio_matrix(const ts_mrio *m, const char *dir, const char *name, int fd)
{
    FILE *f = fw_open(dir, name);
    size_t n = m->n, w = fd ? m->R * m->F : n, per = fd ? m->F : m->S;
    const ts_label *b = fd ? m->fd_cats : m->sectors;
    for (int lv = 0; lv < 2; lv++) {
        fputs(lv ? (fd ? "category\t" : "sector\t") : "region\t", f);
        for (size_t c = 0; c < w; c++) {
            fputc('\t', f);
            fw_field(f, lv ? b[c % per].code : m->regions[c / per].code, '\t');
        }
        fputc('\n', f);
    }
    fputs("region\tsector", f);
    for (size_t c = 0; c < w; c++)
        fputc('\t', f);
    fputc('\n', f);
    const double *a = fd ? m->Y : m->Z;
    for (size_t i = 0; i < n; i++) {
        fw_field(f, m->regions[i / m->S].code, '\t');
        fputc('\t', f);
        fw_field(f, m->sectors[i % m->S].code, '\t');
        for (size_t c = 0; c < w; c++) {
            fputc('\t', f);
            fw_num(f, a[i * w + c]);
        }
        fputc('\n', f);
    }
    fclose(f);
}

static void fw_pymrio(const ts_mrio *m, const char *dir)
{
    ts_mkdir_p(dir);
    FILE *f = fw_open(dir, "file_parameters.json");
    fputs("{\"files\": {\"Z\": {\"name\": \"Z.txt\", \"nr_index_col\": \"2\", \"nr_header\": "
          "\"2\"}, \"Y\": {\"name\": \"Y.txt\", \"nr_index_col\": \"2\", \"nr_header\": \"2\"}, "
          "\"x\": {\"name\": \"x.txt\", \"nr_index_col\": \"2\", \"nr_header\": \"1\"}}, "
          "\"systemtype\": \"IOSystem\"}\n",
          f);
    fclose(f);
    fw_pymrio_matrix(m, dir, "Z.txt", 0);
    fw_pymrio_matrix(m, dir, "Y.txt", 1);
    f = fw_open(dir, "x.txt");
    fputs("region\tsector\tindout\n", f);
    for (size_t i = 0; i < m->n; i++) {
        fw_field(f, m->regions[i / m->S].code, '\t');
        fputc('\t', f);
        fw_field(f, m->sectors[i % m->S].code, '\t');
        fputc('\t', f);
        fw_num(f, m->x[i]);
        fputc('\n', f);
    }
    fclose(f);
}

/* ---------------------------------------------------------------------- ICIO */

static void fw_label2(FILE *f, const char *a, const char *b)
{
    char *s = ts_asprintf("%s_%s", a, b);
    fw_field(f, s, ',');
    free(s);
}

/* Edition 2021: corner "", TOTAL, <R>_TAXSUB rows (0), VALU, OUTPUT; 2023: V1, OUT, TLS, VA,
 * OUT. Value added = v (taxes 0); the output row = x and the final-demand column sums. */
static void fw_icio(const ts_mrio *m, const char *path, int edition)
{
    FILE *f = fopen(path, "w");
    size_t n = m->n, K = m->R * m->F;
    fputs(edition == 2021 ? "" : "V1", f);
    for (size_t j = 0; j < n; j++) {
        fputc(',', f);
        fw_label2(f, m->regions[j / m->S].code, m->sectors[j % m->S].code);
    }
    for (size_t k = 0; k < K; k++) {
        fputc(',', f);
        fw_label2(f, m->regions[k / m->F].code, m->fd_cats[k % m->F].code);
    }
    fputs(edition == 2021 ? ",TOTAL\n" : ",OUT\n", f);
    for (size_t i = 0; i < n; i++) {
        fw_label2(f, m->regions[i / m->S].code, m->sectors[i % m->S].code);
        for (size_t j = 0; j < n; j++) {
            fputc(',', f);
            fw_num(f, m->Z[i * n + j]);
        }
        for (size_t k = 0; k < K; k++) {
            fputc(',', f);
            fw_num(f, m->Y[i * K + k]);
        }
        fputc(',', f);
        fw_num(f, m->x[i]);
        fputc('\n', f);
    }
    size_t ntax = edition == 2021 ? m->R : 1;
    for (size_t t = 0; t < ntax; t++) {
        if (edition == 2021)
            fw_label2(f, m->regions[t].code, "TAXSUB");
        else
            fputs("TLS", f);
        for (size_t c = 0; c < n + K + 1; c++)
            fputs(",0", f);
        fputc('\n', f);
    }
    for (int row = 0; row < 2; row++) {
        fputs(row ? (edition == 2021 ? "OUTPUT" : "OUT") : (edition == 2021 ? "VALU" : "VA"), f);
        for (size_t j = 0; j < n; j++) {
            fputc(',', f);
            fw_num(f, row ? m->x[j] : m->v[j]);
        }
        for (size_t k = 0; k < K; k++) {
            double s = 0;
            for (size_t i = 0; i < n && row; i++)
                s += m->Y[i * K + k];
            fputc(',', f);
            fw_num(f, s);
        }
        fputs(",0\n", f);
    }
    fclose(f);
}

/* ---------------------------------------------------------------------- WIOD */

static void fw_wiod_labels(const char *dir, const char *name, const ts_label *l, size_t k,
                           int index)
{
    FILE *f = fw_open(dir, name);
    fputs(index ? "\"index\",\"code\",\"name\"\n" : "\"code\",\"name\"\n", f);
    for (size_t i = 0; i < k; i++) {
        if (index)
            fprintf(f, "%zu,", i + 1);
        fw_field(f, l[i].code, ',');
        fputc(',', f);
        fw_field(f, l[i].name ? l[i].name : l[i].code, ',');
        fputc('\n', f);
    }
    fclose(f);
}

static void fw_wiod_matrix(const ts_mrio *m, FILE *f, const double *a, int fd, size_t r0,
                           size_t r1)
{
    size_t n = m->n, w = fd ? m->R * m->F : n, per = fd ? m->F : m->S;
    const ts_label *b = fd ? m->fd_cats : m->sectors;
    fputs("row", f);
    for (size_t c = 0; c < w; c++) {
        fputc(',', f);
        fw_label2(f, m->regions[c / per].code, b[c % per].code);
    }
    fputc('\n', f);
    for (size_t i = r0 * m->S; i < r1 * m->S; i++) {
        fw_label2(f, m->regions[i / m->S].code, m->sectors[i % m->S].code);
        for (size_t c = 0; c < w; c++) {
            fputc(',', f);
            fw_num(f, a[i * w + c]);
        }
        fputc('\n', f);
    }
}

/* Z split into two row parts (regions [0, R/2) and [R/2, R)) when R > 1. */
static void fw_wiod(const ts_mrio *m, const char *dir)
{
    ts_mkdir_p(dir);
    fw_wiod_labels(dir, "countries.csv", m->regions, m->R, 1);
    fw_wiod_labels(dir, "sectors.csv", m->sectors, m->S, 1);
    fw_wiod_labels(dir, "final_demand_categories.csv", m->fd_cats, m->F, 0);
    size_t half = m->R > 1 ? m->R / 2 : m->R;
    for (int p = 0; p < (m->R > 1 ? 2 : 1); p++) {
        size_t r0 = p ? half : 0, r1 = p ? m->R : half;
        char *name = ts_asprintf("Z_part%d_rows_%s-%s.csv", p + 1, m->regions[r0].code,
                                 m->regions[r1 - 1].code);
        FILE *f = fw_open(dir, name);
        fw_wiod_matrix(m, f, m->Z, 0, r0, r1);
        fclose(f);
        free(name);
    }
    FILE *f = fw_open(dir, "F_final_demand.csv");
    fw_wiod_matrix(m, f, m->Y, 1, 0, m->R);
    fclose(f);
    f = fw_open(dir, "x_gross_output.csv");
    fputs("row,country,sector,gross_output\n", f);
    for (size_t i = 0; i < m->n; i++) {
        fw_label2(f, m->regions[i / m->S].code, m->sectors[i % m->S].code);
        fputc(',', f);
        fw_field(f, m->regions[i / m->S].code, ',');
        fputc(',', f);
        fw_field(f, m->sectors[i % m->S].code, ',');
        fputc(',', f);
        fw_num(f, m->x[i]);
        fputc('\n', f);
    }
    fclose(f);
}

#endif
