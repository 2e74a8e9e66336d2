/* Reading a results folder for the report: summary.json (cJSON), timeseries.nc (netCDF)
 * and scenario.yaml (libfyaml, for its description). internal.h. */
#include <libfyaml.h>
#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/util.h"
#include "report/internal.h"

char rp_money_label[16] = "M USD";

/* An amount key "<stem>_musd" is written "<stem>_m<currency>" (summary.json of a table in
 * EUR: "<stem>_meur"): find it under either name. */
static const cJSON *money_item(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    size_t l = strlen(key);
    if (v || l < 5 || strcmp(key + l - 5, "_musd"))
        return v;
    const cJSON *c;
    cJSON_ArrayForEach(c, o)
    {
        if (c->string && strlen(c->string) == l && !strncmp(c->string, key, l - 3) &&
            c->string[l - 4] == 'm')
            return c;
    }
    return NULL;
}

double rp_num(const cJSON *o, const char *key)
{
    const cJSON *v = money_item(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* @p s with "M USD" replaced by the run's money label (rotating buffers). */
const char *rp_u(const char *s)
{
    static char buf[8][1024];
    static unsigned k;
    if (!s || !strcmp(rp_money_label, "M USD") || !strstr(s, "M USD"))
        return s;
    char *b = buf[k++ % 8], *o = b;
    size_t ll = strlen(rp_money_label);
    for (const char *p = s; *p && o < b + sizeof buf[0] - ll - 1;)
        if (!strncmp(p, "M USD", 5)) {
            memcpy(o, rp_money_label, ll);
            o += ll;
            p += 5;
        } else
            *o++ = *p++;
    *o = 0;
    return b;
}

char *rp_u_own(char *s)
{
    const char *r = rp_u(s);
    if (r == s)
        return s;
    char *c = ts_strdup(r);
    free(s);
    return c;
}

const char *rp_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int rp_day(const cJSON *o, const char *key)
{
    double d = rp_num(o, key);
    return isfinite(d) ? (int)d : -1;
}

char *rp_read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, k;
    char *s = malloc(cap);
    while (s && (k = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (n + 1 == cap) {
            char *t = realloc(s, cap *= 2);
            if (!t)
                free(s);
            s = t;
        }
    }
    fclose(f);
    if (s)
        s[n] = 0;
    return s;
}

static void free_strings(char **s, size_t n)
{
    for (size_t k = 0; s && k < n; k++)
        free(s[k]);
    free(s);
}

void rp_free(rp_results *r)
{
    if (!r)
        return;
    free(r->dir);
    cJSON_Delete(r->summary);
    cJSON_Delete(r->decomp);
    free_strings(r->region_codes, r->R);
    free_strings(r->sector_codes, r->S);
    free_strings(r->sector_names, r->S);
    free(r->region_loss);
    free(r->world_loss);
    free_strings(r->group_names, r->G);
    free(r->group_loss);
    free(r->group_base);
    free(r->scenario_yaml);
    free(r->description);
    rp_history_free(r->hist);
    memset(r, 0, sizeof *r);
}

const char *rp_sector_name(const rp_results *r, const char *code)
{
    for (size_t k = 0; code && k < r->S; k++)
        if (!strcmp(r->sector_codes[k], code))
            return r->sector_names[k];
    return code ? code : "";
}

/* summary.json: the fields the page relies on must be there. */
static ts_status load_summary(rp_results *r, const char *path, ts_error *err)
{
    char *txt = rp_read_text(path);
    if (!txt)
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "cannot read summary.json: is this a results folder of tradeshock run?");
    r->summary = cJSON_Parse(txt);
    free(txt);
    if (!r->summary)
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL, "not valid JSON");
    static const char *nums[] = {"horizon_days", "baseline_output_musd", "total_output_loss_musd",
                                 "total_output_loss_pct", "total_value_added_loss_musd",
                                 "total_unmet_final_demand_musd"};
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++)
        if (!isfinite(rp_num(r->summary, nums[k])))
            return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, nums[k], "missing number '%s'", nums[k]);
    static const char *arrays[] = {"by_region", "by_industry", "stockouts", "collapsed"};
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++)
        if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(r->summary, arrays[k])))
            return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, arrays[k], "missing array '%s'", arrays[k]);
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(r->summary, "scenario");
    const cJSON *tb = cJSON_GetObjectItemCaseSensitive(r->summary, "table");
    const char *cur = rp_str(tb, "currency");
    if (cur && strlen(cur) <= 8)
        snprintf(rp_money_label, sizeof rp_money_label, "M %s", cur);
    r->name = rp_str(sc, "name");
    r->start_date = rp_str(r->summary, "start_date");
    r->horizon = rp_day(r->summary, "horizon_days");
    if (!cJSON_IsObject(sc) || !r->name || !r->start_date || r->horizon < 1)
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "missing scenario.name, start_date or horizon_days");
    return TS_OK;
}

static int read_strings(int nc, const char *var, size_t n, char ***out)
{
    int id, rc = nc_inq_varid(nc, var, &id);
    char **tmp = calloc(n ? n : 1, sizeof *tmp);
    *out = calloc(n ? n : 1, sizeof **out);
    if (!tmp || !*out) {
        free(tmp);
        return NC_ENOMEM;
    }
    if (!rc)
        rc = nc_get_var_string(nc, id, tmp);
    for (size_t k = 0; !rc && k < n; k++)
        (*out)[k] = ts_strdup(tmp[k] ? tmp[k] : "");
    if (!rc)
        nc_free_string(n, tmp);
    free(tmp);
    return rc;
}

/* A double variable whose dimensions are exactly @p dims (names), read whole. */
static int read_var(int nc, const char *var, int nd, const char *const *dims, size_t len,
                    double **out)
{
    int id, n, d[NC_MAX_VAR_DIMS], rc = nc_inq_varid(nc, var, &id);
    if (!rc)
        rc = nc_inq_varndims(nc, id, &n);
    if (!rc && n != nd)
        return NC_EDIMSIZE;
    if (!rc)
        rc = nc_inq_vardimid(nc, id, d);
    for (int k = 0; !rc && k < nd; k++) {
        char name[NC_MAX_NAME + 1];
        rc = nc_inq_dimname(nc, d[k], name);
        if (!rc && strcmp(name, dims[k]))
            return NC_EDIMSIZE;
    }
    if (rc)
        return rc;
    *out = malloc((len ? len : 1) * sizeof **out);
    return *out ? nc_get_var_double(nc, id, *out) : NC_ENOMEM;
}

static ts_status load_netcdf(rp_results *r, const char *path, ts_error *err)
{
    int nc, rc = nc_open(path, NC_NOWRITE, &nc), d;
    if (rc)
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL, "cannot open: %s (results folders "
                            "written before timeseries.nc existed need a new run)", nc_strerror(rc));
    const char *what = "dimensions time, region, sector";
    if (!(rc = nc_inq_dimid(nc, "time", &d)))
        rc = nc_inq_dimlen(nc, d, &r->T);
    if (!rc && !(rc = nc_inq_dimid(nc, "region", &d)))
        rc = nc_inq_dimlen(nc, d, &r->R);
    if (!rc && !(rc = nc_inq_dimid(nc, "sector", &d)))
        rc = nc_inq_dimlen(nc, d, &r->S);
    if (!rc) {
        what = "region";
        rc = read_strings(nc, "region", r->R, &r->region_codes);
    }
    if (!rc) {
        what = "sector";
        rc = read_strings(nc, "sector", r->S, &r->sector_codes);
    }
    if (!rc) {
        what = "sector_name";
        rc = read_strings(nc, "sector_name", r->S, &r->sector_names);
    }
    static const char *tr[] = {"time", "region"}, *tg[] = {"time", "group"};
    if (!rc) {
        what = "region_output_loss(time, region)";
        rc = read_var(nc, "region_output_loss", 2, tr, r->T * r->R, &r->region_loss);
    }
    if (!rc) {
        what = "world_output_loss(time)";
        rc = read_var(nc, "world_output_loss", 1, tr, r->T, &r->world_loss);
    }
    /* optional: reporting groups, group_output_loss(time, group) + group_name(group)
     * (+ group_baseline_output(group) for curves in % of the group's output) */
    if (!rc && !nc_inq_dimid(nc, "group", &d) && !nc_inq_dimlen(nc, d, &r->G) && r->G) {
        what = "group_output_loss(time, group) and group(group)";
        rc = read_strings(nc, "group", r->G, &r->group_names);
        if (!rc)
            rc = read_var(nc, "group_output_loss", 2, tg, r->T * r->G, &r->group_loss);
        static const char *g1[] = {"group"};
        if (!rc && read_var(nc, "group_baseline_output", 1, g1, r->G, &r->group_base)) {
            free(r->group_base); /* optional: curves in M USD/day without it */
            r->group_base = NULL;
        }
    }
    nc_close(nc);
    if (rc)
        return ts_error_set(err, rc == NC_ENOMEM ? TS_ERR_NOMEM : TS_ERR_INPUT, path, 0, 0, NULL,
                            "%s: %s", what, rc == NC_EDIMSIZE ? "unexpected dimensions" : nc_strerror(rc));
    if ((int)r->T != r->horizon)
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "%zu days, but summary.json says horizon_days %d", r->T, r->horizon);
    return TS_OK;
}

static void load_description(rp_results *r, const char *path)
{
    if (ts_utf8_check_file(path, TS_YAML_MAX_BYTES, NULL))
        return; /* libfyaml must only see valid UTF-8 */
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET};
    struct fy_document *doc = fy_document_build_from_file(&cfg, path);
    if (!doc)
        return;
    struct fy_node *n = fy_node_by_path(fy_document_root(doc), "/description", (size_t)-1,
                                        FYNWF_DONT_FOLLOW);
    const char *s = n ? fy_node_get_scalar0(n) : NULL;
    r->description = ts_strdup(s);
    fy_document_destroy(doc);
}

ts_status rp_load(const char *dir, rp_results *out, ts_error *err)
{

    memset(out, 0, sizeof *out);
    out->dir = ts_strdup(dir);
    char *p = ts_asprintf("%s/summary.json", dir);
    ts_status st = p && out->dir ? load_summary(out, p, err)
                                 : ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    free(p);
    if (!st) {
        p = ts_asprintf("%s/timeseries.nc", dir);
        st = p ? load_netcdf(out, p, err)
               : ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        free(p);
    }
    if (!st) {
        p = ts_asprintf("%s/scenario.yaml", dir);
        out->scenario_yaml = p ? rp_read_text(p) : NULL;
        if (out->scenario_yaml)
            load_description(out, p);
        free(p);
    }
    if (!st)
        st = rp_history_load(dir, &out->hist, err);
    if (!st) { /* optional: run --decompose */
        p = ts_asprintf("%s/decomposition.json", dir);
        char *txt = p ? rp_read_text(p) : NULL;
        out->decomp = txt ? cJSON_Parse(txt) : NULL;
        if (txt && !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(out->decomp, "world")))
            st = ts_error_set(err, TS_ERR_INPUT, p, 0, 0, NULL,
                              "not a decomposition written by run --decompose (no \"world\")");
        free(txt);
        free(p);
    }
    if (st)
        rp_free(out);
    return st;
}
