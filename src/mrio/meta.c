/* table.json of the native table folder: metadata read and write (native.h). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/util.h"
#include "mrio/native.h"
#include "tradeshock/mrio.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, k = 0, r;
    char *s = malloc(cap);
    while (s && (r = fread(s + k, 1, cap - k - 1, f)) > 0) {
        k += r;
        if (k + 1 == cap) {
            char *t = realloc(s, cap *= 2);
            if (!t)
                free(s);
            s = t;
        }
    }
    fclose(f);
    if (s) {
        s[k] = 0;
        *len = k;
    }
    return s;
}

ts_status ts_json_read_file(const char *path, cJSON **out, ts_error *err)
{
    *out = NULL;
    size_t len = 0;
    if (ts_is_dir(path))
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "is a folder; expected a JSON file");
    char *text = slurp(path, &len);
    if (!text)
        return ts_error_set(err, ts_path_exists(path) ? TS_ERR_IO : TS_ERR_INPUT, path, 0, 0,
                            NULL, "%s", ts_path_exists(path) ? "cannot read" : "file not found");
    const char *start = text;
    if (len >= 3 && memcmp(start, "\xEF\xBB\xBF", 3) == 0)
        start += 3;
    /* JSON is UTF-8; its strings reach summary.json, NetCDF and HTML */
    ts_status vst = ts_utf8_check_text(path, start, len - (size_t)(start - text), 1, 1, err);
    if (vst) {
        free(text);
        return vst;
    }
    cJSON *root = cJSON_ParseWithLength(start, len - (size_t)(start - text));
    if (!root || !cJSON_IsObject(root)) {
        const char *at = cJSON_GetErrorPtr();
        long line = 1, col = 1;
        if (root || !at || at < start || at > text + len)
            at = start;
        for (const char *p = start; p < at; p++, col++)
            if (*p == '\n') {
                line++;
                col = 0;
            }
        cJSON_Delete(root);
        free(text);
        return ts_error_set(err, TS_ERR_INPUT, path, line, col, NULL,
                            "not a valid JSON object (syntax error here, or not an object "
                            "{...})");
    }
    free(text);
    *out = root;
    return TS_OK;
}

ts_status ts_native_read_meta(ts_mrio *m, const char *path, ts_error *err)
{
    cJSON *root = NULL;
    ts_status st = ts_json_read_file(path, &root, err);
    if (st) {
        if (st == TS_ERR_INPUT && err && err->line)
            snprintf(err->msg + strlen(err->msg), sizeof err->msg - strlen(err->msg),
                     "; expected {\"name\": ..., \"year\": ..., \"currency\": ..., "
                     "\"unit\": ..., \"source\": ..., \"licence\": ...}");
        return st;
    }
    static const char *const keys[] = {"name", "year", "currency", "unit", "source", "licence",
                                       "license"};
    char **slots[] = {&m->name, &m->year, &m->currency, &m->unit, &m->source, &m->licence,
                      &m->licence};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, keys[k]);
        if (!it || cJSON_IsNull(it) || *slots[k])
            continue;
        if (cJSON_IsString(it))
            *slots[k] = ts_strdup(it->valuestring);
        else if (cJSON_IsNumber(it) && it->valuedouble == floor(it->valuedouble))
            *slots[k] = ts_asprintf("%.0f", it->valuedouble);
        else if (cJSON_IsNumber(it))
            *slots[k] = ts_asprintf("%g", it->valuedouble);
        else {
            st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, keys[k],
                              "expected a string%s", k == 1 ? " or a number" : "");
            goto done;
        }
        if (!*slots[k]) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            goto done;
        }
    }
    if (!st && (m->unit || m->currency) && !m->unit_from && !(m->unit_from = ts_strdup(path)))
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
done:
    cJSON_Delete(root);
    return st;
}

int ts_native_write_meta(const char *path, const ts_mrio *m)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return -1;
    const char *keys[] = {"name", "year", "currency", "unit", "source", "licence"};
    const char *vals[] = {m->name, m->year, m->currency, m->unit, m->source, m->licence};
    for (size_t k = 0; k < 6; k++) {
        if (!vals[k])
            continue;
        const char *p = vals[k];
        while (*p >= '0' && *p <= '9')
            p++;
        if (k == 1 && *vals[k] && !*p && strlen(vals[k]) < 10)
            cJSON_AddNumberToObject(o, keys[k], atof(vals[k]));
        else
            cJSON_AddStringToObject(o, keys[k], vals[k]);
    }
    char *text = cJSON_Print(o);
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
