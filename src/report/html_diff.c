/* The scenario diff of a comparison page: every scenario value (parameters, events
 * matched by name, retaliation rules, horizon, start date, splits) that differs between
 * the two runs, as summary.json echoes them, one row per key path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "report/internal.h"

typedef struct kv {
    char *path, *text;
} kv;

typedef struct kvlist {
    kv *v;
    size_t n, cap;
} kvlist;

static void add(kvlist *l, const char *path, const cJSON *leaf)
{
    if (l->n == l->cap) {
        size_t c = l->cap ? 2 * l->cap : 64;
        kv *v = realloc(l->v, c * sizeof *v);
        if (!v)
            return;
        l->v = v;
        l->cap = c;
    }
    char *t = cJSON_PrintUnformatted(leaf), *p = ts_strdup(path);
    if (!t || !p) {
        free(t);
        free(p);
        return;
    }
    l->v[l->n++] = (kv){p, t};
}

/* Objects are walked key by key; arrays of objects item by item (events by name);
 * anything else is a leaf. */
static void flatten(kvlist *l, const char *prefix, const cJSON *o)
{
    char path[512];
    if (cJSON_IsObject(o)) {
        const cJSON *c;
        cJSON_ArrayForEach(c, o) {
            snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", c->string);
            flatten(l, path, c);
        }
    } else if (cJSON_IsArray(o) && cJSON_IsObject(cJSON_GetArrayItem(o, 0))) {
        const cJSON *c;
        int k = 0;
        cJSON_ArrayForEach(c, o) {
            const char *nm = rp_str(c, "name");
            if (nm)
                snprintf(path, sizeof path, "%s[%s]", prefix, nm);
            else
                snprintf(path, sizeof path, "%s[%d]", prefix, k);
            k++;
            flatten(l, path, c);
        }
    } else {
        add(l, prefix, o);
    }
}

static const char *find(const kvlist *l, const char *path)
{
    for (size_t k = 0; k < l->n; k++)
        if (!strcmp(l->v[k].path, path))
            return l->v[k].text;
    return NULL;
}

static void row(FILE *f, const char *path, const char *x, const char *y)
{
    fputs("<tr><td><code>", f);
    rp_esc(f, path);
    fputs("</code></td><td>", f);
    rp_esc(f, x ? x : "(absent)");
    fputs("</td><td>", f);
    rp_esc(f, y ? y : "(absent)");
    fputs("</td></tr>\n", f);
}

static void free_list(kvlist *l)
{
    for (size_t k = 0; k < l->n; k++) {
        free(l->v[k].path);
        free(l->v[k].text);
    }
    free(l->v);
}

void rp_scenario_diff(FILE *f, const rp_results *a, const rp_results *b)
{
    static const char *keys[] = {"start_date", "horizon_days", "parameters", "splits", "events",
                                 "retaliation"};
    kvlist la = {0}, lb = {0};
    const cJSON *sa = cJSON_GetObjectItemCaseSensitive(a->summary, "scenario");
    const cJSON *sb = cJSON_GetObjectItemCaseSensitive(b->summary, "scenario");
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        flatten(&la, keys[k], cJSON_GetObjectItemCaseSensitive(sa, keys[k]));
        flatten(&lb, keys[k], cJSON_GetObjectItemCaseSensitive(sb, keys[k]));
    }
    const char *na, *nb;
    rp_run_labels(a, b, &na, &nb);
    fputs("<h3 id=\"scenario-diff\">What differs between the scenarios</h3>\n", f);
    size_t shown = 0;
    for (int pass = 0; pass < 2; pass++) {
        const kvlist *x = pass ? &lb : &la, *y = pass ? &la : &lb;
        for (size_t k = 0; k < x->n; k++) {
            const char *other = find(y, x->v[k].path);
            if (pass && other) /* shown in pass 0 */
                continue;
            if (other && !strcmp(other, x->v[k].text))
                continue;
            if (!shown++) {
                fputs("<table id=\"scenario-diff-table\"><tr><th>key path</th><th>", f);
                rp_esc(f, na);
                fputs("</th><th>", f);
                rp_esc(f, nb);
                fputs("</th></tr>\n", f);
            }
            if (pass)
                row(f, x->v[k].path, NULL, x->v[k].text);
            else
                row(f, x->v[k].path, x->v[k].text, other);
        }
    }
    if (shown)
        fputs("</table>\n", f);
    else
        fputs("<p>The two scenarios have the same parameters, events and rules.</p>\n", f);
    free_list(&la);
    free_list(&lb);
}
