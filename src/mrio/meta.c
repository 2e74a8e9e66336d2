/* table.json of the native table folder: metadata read and write (native.h). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

ts_status ts_native_read_meta(ts_mrio *m, const char *path, ts_error *err)
{
    size_t len = 0;
    char *text = slurp(path, &len);
    if (!text)
        return ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "cannot read");
    const char *start = text;
    if (len >= 3 && memcmp(start, "\xEF\xBB\xBF", 3) == 0)
        start += 3;
    cJSON *root = cJSON_ParseWithLength(start, len - (size_t)(start - text));
    ts_status st = TS_OK;
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
        st = ts_error_set(err, TS_ERR_INPUT, path, line, col, NULL,
                          "not a JSON object; expected {\"name\": ..., \"year\": ..., "
                          "\"currency\": ..., \"unit\": ..., \"source\": ..., \"licence\": ...}");
        goto done;
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
done:
    cJSON_Delete(root);
    free(text);
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
