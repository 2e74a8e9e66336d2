/* Writer of the native table folder (ts_mrio_write_native, mrio.h), through
 * ts_mrio_write_folder (write_folder.c: temporary sibling folder renamed into place).
 * Numbers: integers as integers, others with the shortest text that reads
 * back to the same double (ts_fmt_double). */
#define _POSIX_C_SOURCE 200809L
#include <csv.h>
#include <errno.h>
#include <sys/stat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "mrio/native.h"
#include "tradeshock/mrio.h"

/* Write one CSV field, quoted only when needed (RFC 4180, via libcsv). */
static void put_field(FILE *f, const char *s)
{
    if (s[0] && !strpbrk(s, ",\"\r\n") && s[0] != ' ' && s[strlen(s) - 1] != ' ')
        fputs(s, f);
    else
        csv_fwrite(f, s, strlen(s));
}

void ts_mrio_put_number(FILE *f, double v)
{
    char buf[64];
    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, sizeof buf, "%.0f", v == 0 ? 0.0 : v);
    else
        ts_fmt_double(buf, sizeof buf, v);
    fputs(buf, f);
}

static int write_labels(const char *path, const ts_label *l, size_t k)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("\"code\",\"name\"\n", f);
    for (size_t i = 0; i < k; i++) {
        csv_fwrite(f, l[i].code, strlen(l[i].code));
        fputc(',', f);
        const char *name = l[i].name ? l[i].name : l[i].code;
        csv_fwrite(f, name, strlen(name));
        fputc('\n', f);
    }
    return fclose(f);
}

/* A labelled matrix: rows = industries, @p ncols columns labelled by @p a x @p b codes
 * (or one column named @p single). */
static int write_matrix(const char *path, const ts_mrio *m, const double *data, size_t ncols,
                        const ts_label *b, size_t nb, const char *single)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("row", f);
    for (size_t c = 0; c < ncols; c++) {
        fputc(',', f);
        if (single) {
            put_field(f, single);
        } else {
            char *lab = ts_asprintf("%s_%s", m->regions[c / nb].code, b[c % nb].code);
            if (!lab) {
                fclose(f);
                return -1;
            }
            put_field(f, lab);
            free(lab);
        }
    }
    fputc('\n', f);
    for (size_t i = 0; i < m->n; i++) {
        char *lab = ts_asprintf("%s_%s", m->regions[i / m->S].code, m->sectors[i % m->S].code);
        if (!lab) {
            fclose(f);
            return -1;
        }
        put_field(f, lab);
        free(lab);
        const double *row = data + i * ncols;
        for (size_t c = 0; c < ncols; c++) {
            fputc(',', f);
            ts_mrio_put_number(f, row[c]);
        }
        fputc('\n', f);
    }
    int bad = ferror(f);
    return (fclose(f) || bad) ? -1 : 0;
}

static ts_status fill_native(const ts_mrio *m, const char *tmp, ts_error *err)
{
    ts_native_paths p = {0};
    ts_status st = ts_native_paths_init(&p, tmp, err);
    if (st)
        return st;
    const char *failed = NULL;
    if (write_labels(p.regions, m->regions, m->R))
        failed = p.regions;
    else if (write_labels(p.sectors, m->sectors, m->S))
        failed = p.sectors;
    else if (write_labels(p.fd, m->fd_cats, m->F))
        failed = p.fd;
    else if (write_matrix(p.Z, m, m->Z, m->n, m->sectors, m->S, NULL))
        failed = p.Z;
    else if (write_matrix(p.Y, m, m->Y, m->R * m->F, m->fd_cats, m->F, NULL))
        failed = p.Y;
    else if (write_matrix(p.x, m, m->x, 1, NULL, 0, "gross_output"))
        failed = p.x;
    else if (m->has_v_file && write_matrix(p.v, m, m->v, 1, NULL, 0, "value_added"))
        failed = p.v;
    else if (ts_native_write_meta(p.meta, m))
        failed = p.meta;
    if (failed) {
        st = ts_error_set(err, TS_ERR_IO, failed, 0, 0, NULL, "cannot write: %s",
                          strerror(errno));
    }
    ts_native_paths_free(&p);
    return st;
}

ts_status ts_mrio_write_native(const ts_mrio *m, const char *dir, ts_error *err)
{
    return ts_mrio_write_folder(m, dir, fill_native, err);
}
