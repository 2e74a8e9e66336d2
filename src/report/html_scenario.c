/* The scenario part of report.html: parameters, the events of the run (the scenario's
 * own and the retaliation answers of events_log), retaliation rules, the scenario file
 * and the table. internal.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "report/internal.h"

static int is_scalar(const cJSON *v)
{
    return cJSON_IsString(v) || cJSON_IsNumber(v) || cJSON_IsBool(v) || cJSON_IsNull(v);
}

static int same_scalar(const cJSON *a, const cJSON *b)
{
    if (cJSON_IsString(a) && cJSON_IsString(b))
        return !strcmp(a->valuestring, b->valuestring);
    if (cJSON_IsNumber(a) && cJSON_IsNumber(b))
        return a->valuedouble == b->valuedouble;
    if (cJSON_IsBool(a) && cJSON_IsBool(b))
        return cJSON_IsTrue(a) == cJSON_IsTrue(b);
    return cJSON_IsNull(a) && cJSON_IsNull(b);
}

/* depth 0: an object's entries one per line, keys with the same value (3 or more in a
 * row) listed together; deeper: {key: value, ...} and [a, b] as in the scenario's YAML. */
static void value_at(FILE *f, const cJSON *v, int depth)
{
    if (cJSON_IsString(v)) {
        rp_esc(f, v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        fprintf(f, "%.10g", v->valuedouble);
    } else if (cJSON_IsBool(v)) {
        fputs(cJSON_IsTrue(v) ? "yes" : "no", f);
    } else if (cJSON_IsNull(v)) {
        fputs("&ndash;", f);
    } else if (cJSON_IsArray(v)) {
        const cJSON *e;
        int k = 0;
        fputs(depth ? "[" : "", f);
        cJSON_ArrayForEach(e, v) {
            fputs(k++ ? ", " : "", f);
            value_at(f, e, depth + 1);
        }
        fputs(depth ? "]" : "", f);
    } else if (cJSON_IsObject(v)) {
        fputs(depth ? "{" : "", f);
        int k = 0;
        for (const cJSON *e = v->child; e;) {
            const cJSON *last = e;
            size_t run = 1;
            while (depth == 0 && is_scalar(e) && last->next && same_scalar(e, last->next)) {
                last = last->next;
                run++;
            }
            fputs(k++ ? depth ? ", " : "<br>\n" : "", f);
            if (run < 3)
                last = e;
            for (const cJSON *x = e;; x = x->next) {
                rp_esc(f, x->string);
                if (x == last)
                    break;
                fputs(", ", f);
            }
            fputs(": ", f);
            value_at(f, e, depth + 1);
            e = last->next;
        }
        fputs(depth ? "}" : "", f);
    }
}

void rp_value_text(FILE *f, const cJSON *v)
{
    value_at(f, v, 0);
}

/* The calendar date of day @p day of a run that starts on @p start ("YYYY-MM-DD"). */
static void day_date(FILE *f, const char *start, int day)
{
    int y, m, d;
    if (!start || sscanf(start, "%d-%d-%d", &y, &m, &d) != 3 || !ts_valid_date(y, m, d)) {
        fprintf(f, "day %d", day);
        return;
    }
    ts_civil_from_days(ts_days_from_civil(y, m, d) + day, &y, &m, &d);
    fprintf(f, "%04d-%02d-%02d", y, m, d);
}

/* "from CHN to USA": region lists; `to` that holds every other region is said so. */
static void who(FILE *f, const rp_results *r, const cJSON *e)
{
    static const char *keys[] = {"from", "to", "regions"};
    const cJSON *from = cJSON_GetObjectItemCaseSensitive(e, "from");
    for (int k = 0; k < 3; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, keys[k]);
        if (!v)
            continue;
        fprintf(f, "%s ", keys[k]);
        int n = cJSON_GetArraySize(v);
        if (k == 1 && from && n > 2 && (size_t)(n + cJSON_GetArraySize(from)) == r->R)
            fprintf(f, "every other region (%d)", n);
        else
            rp_value_text(f, v);
        fputc(' ', f);
    }
}

/* products / sectors: "all products (39)" when the event names every sector */
static void what(FILE *f, const rp_results *r, const cJSON *e)
{
    static const char *keys[] = {"products", "sectors"};
    for (int k = 0; k < 2; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, keys[k]);
        int n = cJSON_GetArraySize(v);
        if (n > 2 && (size_t)n == r->S)
            fprintf(f, "all %s (%d)", keys[k], n);
        else
            rp_value_text(f, v);
    }
}

/* Everything else an event says (end-user restrictions, exemptions, licence delays,
 * truces...): known options in words, any other as "key: value". */
static void details(FILE *f, const cJSON *e)
{
    static const char *shown[] = {"type", "name", "from", "to", "regions", "products", "sectors",
                                  "share", "rate", "start_day", "start_date", "end_day",
                                  "end_date"};
    static const char *words[][2] = {
        {"buyers", "buyers (end-user restriction): "}, {"exempt", "exempt: "},
        {"licence_delay_days", "licence delay, days: "}, {"ends", "ends: "},
        {"phase_days", "phased out over days: "}, {"recovery_days", "recovery, days: "}};
    const cJSON *x;
    int n = 0;
    cJSON_ArrayForEach(x, e) {
        int skip = 0;
        for (size_t k = 0; k < sizeof shown / sizeof shown[0] && !skip; k++)
            skip = !strcmp(x->string, shown[k]);
        if (skip)
            continue;
        fputs(n++ ? "; " : "", f);
        const char *label = NULL;
        for (size_t k = 0; k < sizeof words / sizeof words[0] && !label; k++)
            if (!strcmp(x->string, words[k][0]))
                label = words[k][1];
        if (label) {
            fputs(label, f);
        } else {
            rp_esc(f, x->string);
            fputs(": ", f);
        }
        value_at(f, x, cJSON_IsArray(x) ? 0 : 1); /* arrays without brackets */
    }
}

static void share_rate(FILE *f, const cJSON *e)
{
    rp_value_text(f, cJSON_GetObjectItemCaseSensitive(e, "share"));
    rp_value_text(f, cJSON_GetObjectItemCaseSensitive(e, "rate"));
}

/* One row per retaliation answer of events_log. */
static void answer_rows(FILE *f, const rp_results *r)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(r->summary, "events_log")) {
        const char *type = rp_str(e, "type"), *rule = rp_str(e, "rule");
        const char *trig = rp_str(e, "trigger"), *action = rp_str(e, "action");
        int start = rp_day(e, "start_day"), end = rp_day(e, "end_day"), day = rp_day(e, "day");
        fputs("<tr class=\"answer\"><td>", f);
        rp_esc(f, type ? type : "?");
        fputs(" (answer)</td><td>", f);
        rp_esc(f, rule ? rule : "?");
        fputs("</td><td colspan=\"2\">", f);
        rp_esc(f, action);
        fputs("</td><td class=\"n\">", f);
        share_rate(f, e);
        fputs("</td><td class=\"d\">", f);
        if (start >= 0)
            day_date(f, r->start_date, start);
        fputs("</td><td class=\"d\">", f);
        if (end >= 0)
            day_date(f, r->start_date, end);
        else
            fputs("end of horizon", f);
        fputs("</td><td>retaliation rule answering ", f);
        rp_esc(f, trig ? trig : "?");
        if (day >= 0) {
            fputs(", decided on ", f);
            day_date(f, r->start_date, day);
        }
        if (rp_day(e, "depth") > 0)
            fprintf(f, " (depth %d)", rp_day(e, "depth"));
        fputs("</td></tr>\n", f);
    }
}

static void events_table(FILE *f, const rp_results *r, const char *id)
{
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(r->summary, "scenario"), *e;
    fprintf(f, "<table id=\"%s\"><tr><th>type</th><th>name</th><th>who</th><th>what</th>"
               "<th>share / rate</th><th>from</th><th>to</th><th>details</th></tr>\n", id);
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(sc, "events")) {
        fputs("<tr><td>", f);
        rp_esc(f, rp_str(e, "type"));
        fputs("</td><td>", f);
        rp_esc(f, rp_str(e, "name"));
        fputs("</td><td>", f);
        who(f, r, e);
        fputs("</td><td>", f);
        what(f, r, e);
        fputs("</td><td class=\"n\">", f);
        share_rate(f, e);
        fputs("</td><td class=\"d\">", f);
        rp_value_text(f, cJSON_GetObjectItemCaseSensitive(e, "start_date"));
        fputs("</td><td class=\"d\">", f);
        const cJSON *end = cJSON_GetObjectItemCaseSensitive(e, "end_date");
        const char *type = rp_str(e, "type");
        if (cJSON_IsString(end))
            rp_esc(f, end->valuestring);
        else if (type && !strcmp(type, "truce"))
            fputs("&ndash;", f); /* it ends others; it has no span of its own */
        else
            fputs("end of horizon", f);
        fputs("</td><td>", f);
        details(f, e);
        fputs("</td></tr>\n", f);
    }
    answer_rows(f, r);
    fputs("</table>\n", f);
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r->summary, "events_log")))
        fputs("<p class=\"note\">Shaded rows: answers of the scenario's retaliation rules, "
              "decided during the run (summary.json events_log).</p>\n", f);
}

static void rules_table(FILE *f, const rp_results *r)
{
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(r->summary, "scenario"), *e, *x;
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(sc, "retaliation");
    if (!cJSON_GetArraySize(rules))
        return;
    fputs("<h3>Retaliation rules</h3>\n<table id=\"retaliation\"><tr><th>rule</th><th>"
          "settings</th></tr>\n", f);
    cJSON_ArrayForEach(e, rules) {
        fputs("<tr><td>", f);
        rp_esc(f, rp_str(e, "name") ? rp_str(e, "name") : "(unnamed)");
        fputs("</td><td>", f);
        int n = 0;
        cJSON_ArrayForEach(x, e) {
            if (!strcmp(x->string, "name"))
                continue;
            fputs(n++ ? "; " : "", f);
            rp_esc(f, x->string);
            fputs(": ", f);
            rp_value_text(f, x);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

void rp_scenario_section(FILE *f, const rp_results *r, const rp_results *b)
{
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(r->summary, "scenario"), *e;
    fputs("<h2>Scenario</h2>\n<table id=\"parameters\"><tr><th>parameter</th><th>value</th></tr>\n", f);
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(sc, "parameters")) {
        fputs("<tr><td>", f);
        rp_esc(f, e->string);
        fputs("</td><td>", f);
        rp_value_text(f, e);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n<h3>Events</h3>\n", f);
    events_table(f, r, "events");
    rules_table(f, r);
    if (b) {
        const char *la, *lb;
        rp_run_labels(r, b, &la, &lb);
        fputs("<h3>Events of the second run, ", f);
        rp_esc(f, lb);
        fputs("</h3>\n", f);
        events_table(f, b, "events-b");
    }
    if (r->scenario_yaml) {
        fputs("<h3>Scenario file and its sources</h3>\n<p class=\"sub\">The scenario as it was "
              "run (scenario.yaml in the results folder), with the notes on where each number "
              "comes from: [S] sourced, [D] derived, [A] assumed.</p>\n<pre id=\"scenario-file\">", f);
        rp_esc(f, r->scenario_yaml);
        fputs("</pre>\n", f);
    }
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(r->summary, "table");
    fputs("<h2>Data</h2>\n<table id=\"table\">", f);
    static const char *keys[] = {"name", "year", "path", "source", "licence", "unit"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, keys[k]);
        if (!v)
            continue;
        fprintf(f, "<tr><th>%s</th><td>", keys[k]);
        rp_value_text(f, v);
        fputs("</td></tr>\n", f);
    }
    fprintf(f, "<tr><th>dimensions</th><td>%zu regions x %zu sectors</td></tr>\n</table>\n", r->R,
            r->S);
}
