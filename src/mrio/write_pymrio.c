/* Writer of a pymrio text folder (ts_mrio_write_pymrio, mrio.h; docs/formats.md "pymrio").
 *
 * The layout pandas' DataFrame.to_csv(sep="\t") gives pymrio's IOSystem.save(): Z.txt and
 * Y.txt with two header rows (column levels region / sector or category, each row
 * starting with the level name and an empty cell), a row naming the index columns
 * (region, sector), then one row per industry; x.txt and unit.txt with one header row
 * (region, sector, indout / unit); file_parameters.json listing them; metadata.json in
 * pymrio's form (description, name, system, version, history) plus a "tradeshock" object
 * with what pymrio has no place for: the names of regions, sectors and final-demand
 * categories and the table's metadata, so that native -> pymrio -> native keeps codes,
 * names, categories and values exactly (read_pymrio.c reads it back). Matrix labels are
 * the codes. Value added that differs from x - colsum(Z) (a v.csv) is not carried. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "mrio/native.h"
#include "tradeshock/mrio.h"

/* Z.txt (@p cols = NULL: columns are industries) or Y.txt (columns region x category). */
static int write_tab(const char *path, const ts_mrio *m, const double *data, size_t ncols,
                     const ts_label *cols, size_t ncl, const char *level2)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("region\t", f);
    for (size_t c = 0; c < ncols; c++)
        fprintf(f, "\t%s", m->regions[c / ncl].code);
    fprintf(f, "\n%s\t", level2);
    for (size_t c = 0; c < ncols; c++)
        fprintf(f, "\t%s", cols[c % ncl].code);
    fputs("\nregion\tsector", f);
    for (size_t c = 0; c < ncols; c++)
        fputc('\t', f);
    fputc('\n', f);
    for (size_t i = 0; i < m->n; i++) {
        fprintf(f, "%s\t%s", m->regions[i / m->S].code, m->sectors[i % m->S].code);
        for (size_t c = 0; c < ncols; c++) {
            fputc('\t', f);
            ts_mrio_put_number(f, data[i * ncols + c]);
        }
        fputc('\n', f);
    }
    int bad = ferror(f);
    return (fclose(f) || bad) ? -1 : 0;
}

/* x.txt (indout) or unit.txt (the table's unit on every row). */
static int write_column(const char *path, const ts_mrio *m, const char *head, const double *v,
                        const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "region\tsector\t%s\n", head);
    for (size_t i = 0; i < m->n; i++) {
        fprintf(f, "%s\t%s\t", m->regions[i / m->S].code, m->sectors[i % m->S].code);
        if (v)
            ts_mrio_put_number(f, v[i]);
        else
            fputs(text, f);
        fputc('\n', f);
    }
    int bad = ferror(f);
    return (fclose(f) || bad) ? -1 : 0;
}

static int write_json(const char *path, cJSON *o)
{
    char *text = o ? cJSON_Print(o) : NULL;
    cJSON_Delete(o);
    if (!text)
        return -1;
    FILE *f = fopen(path, "w");
    int rc = -1;
    if (f) {
        rc = fputs(text, f) < 0 || fputc('\n', f) == EOF;
        rc = fclose(f) || rc ? -1 : 0;
    }
    free(text);
    return rc;
}

static cJSON *file_parameters(void)
{
    static const char *key[] = {"Z", "Y", "x", "unit"}, *name[] = {"Z.txt", "Y.txt", "x.txt",
                                                                  "unit.txt"};
    static const char *nhead[] = {"2", "2", "1", "1"};
    cJSON *o = cJSON_CreateObject(), *files = cJSON_AddObjectToObject(o, "files");
    cJSON_AddStringToObject(o, "systemtype", "IOSystem");
    for (int k = 0; k < 4; k++) {
        cJSON *e = cJSON_AddObjectToObject(files, key[k]);
        cJSON_AddStringToObject(e, "name", name[k]);
        cJSON_AddStringToObject(e, "nr_index_col", "2");
        cJSON_AddStringToObject(e, "nr_header", nhead[k]);
    }
    return o;
}

static cJSON *labels(const ts_label *l, size_t k)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < k; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "code", l[i].code);
        cJSON_AddStringToObject(e, "name", l[i].name ? l[i].name : l[i].code);
        cJSON_AddItemToArray(a, e);
    }
    return a;
}

static cJSON *metadata(const ts_mrio *m)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "description", m->source ? m->source : "written by tradeshock");
    cJSON_AddStringToObject(o, "name", m->name ? m->name : "");
    cJSON_AddStringToObject(o, "system", "ixi");
    cJSON_AddStringToObject(o, "version", m->year ? m->year : "");
    cJSON_AddItemToObject(o, "history", cJSON_CreateArray());
    cJSON *t = cJSON_AddObjectToObject(o, "tradeshock");
    const char *keys[] = {"name", "year", "currency", "unit", "source", "licence"};
    const char *vals[] = {m->name, m->year, m->currency, m->unit, m->source, m->licence};
    for (int k = 0; k < 6; k++)
        if (vals[k])
            cJSON_AddStringToObject(t, keys[k], vals[k]);
    cJSON_AddItemToObject(t, "regions", labels(m->regions, m->R));
    cJSON_AddItemToObject(t, "sectors", labels(m->sectors, m->S));
    cJSON_AddItemToObject(t, "final_demand_categories", labels(m->fd_cats, m->F));
    return o;
}

static ts_status fill_pymrio(const ts_mrio *m, const char *dir, ts_error *err)
{
    static const char *names[] = {"Z.txt", "Y.txt", "x.txt", "unit.txt",
                                  "file_parameters.json", "metadata.json"};
    const char *unit = m->unit ? m->unit : "M USD/year";
    for (int k = 0; k < 6; k++) {
        char *p = ts_asprintf("%s/%s", dir, names[k]);
        if (!p)
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        int rc = k == 0 ? write_tab(p, m, m->Z, m->n, m->sectors, m->S, "sector")
               : k == 1 ? write_tab(p, m, m->Y, m->R * m->F, m->fd_cats, m->F, "category")
               : k == 2 ? write_column(p, m, "indout", m->x, NULL)
               : k == 3 ? write_column(p, m, "unit", NULL, unit)
               : k == 4 ? write_json(p, file_parameters()) : write_json(p, metadata(m));
        if (rc) {
            ts_status st = ts_error_set(err, TS_ERR_IO, p, 0, 0, NULL, "cannot write: %s",
                                        strerror(errno));
            free(p);
            return st;
        }
        free(p);
    }
    return TS_OK;
}

ts_status ts_mrio_write_pymrio(const ts_mrio *m, const char *dir, ts_error *err)
{
    for (size_t k = 0; k < m->R + m->S + m->F; k++) { /* tab-separated: no tab or newline */
        const ts_label *l = k < m->R ? &m->regions[k]
                          : k < m->R + m->S ? &m->sectors[k - m->R] : &m->fd_cats[k - m->R - m->S];
        if (strpbrk(l->code, "\t\r\n"))
            return ts_error_set(err, TS_ERR_INPUT, dir, 0, 0, NULL,
                                "code '%s' contains a tab or line break; a pymrio text folder "
                                "is tab-separated",
                                l->code);
    }
    return ts_mrio_write_folder(m, dir, fill_pymrio, err);
}
