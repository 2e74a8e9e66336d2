/* ts_report_build (report.h): read the folder(s), check where the page goes, draw the
 * charts, write the page under a temporary name and rename it into place. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "report/internal.h"

/* 1 if the regular file @p path is a page written by `tradeshock report`: it starts
 * with <!DOCTYPE html> and names tradeshock as its generator (or, written before the
 * generator tag, in its title). */
static int is_our_report(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char head[2048];
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[n] = 0;
    return !strncmp(head, "<!DOCTYPE html>", 15) &&
           (strstr(head, "<meta name=\"generator\" content=\"tradeshock report\">") ||
            strstr(head, "<title>tradeshock: "));
}

/* Nothing that is not ours is replaced: the page may replace only an earlier report,
 * and charts/ next to it must be a folder (or not exist yet). */
static ts_status check_output(const char *out, const char *charts, ts_error *err)
{
    struct stat st;
    if (stat(out, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return ts_error_set(err, TS_ERR_INPUT, out, 0, 0, NULL,
                                "is a folder, not a file: name the page to write "
                                "(e.g. %s/report.html)", out);
        if (!S_ISREG(st.st_mode) || !is_our_report(out))
            return ts_error_set(err, TS_ERR_INPUT, out, 0, 0, NULL,
                                "exists and is not a report written by tradeshock: it would be "
                                "replaced; remove it or choose another file name");
    }
    if (ts_path_exists(charts) && !ts_is_dir(charts))
        return ts_error_set(err, TS_ERR_INPUT, charts, 0, 0, NULL,
                            "exists and is not a folder: the report's charts go there; remove "
                            "it or write the report elsewhere");
    if (ts_mkdir_p(charts) != 0 || !ts_is_dir(charts)) {
        int e = errno;
        return ts_error_set(err, TS_ERR_IO, out, 0, 0, NULL,
                            "cannot write the report there (creating %s for its charts: %s)",
                            charts, strerror(e));
    }
    return TS_OK;
}

static void log_mismatches(const ts_report_options *opt, const rp_results *a, const rp_results *b)
{
    char *lines[3] = {NULL, NULL, NULL};
    size_t n = rp_mismatches(a, b, lines, 3);
    for (size_t k = 0; k < n; k++) {
        ts_log(opt->log, TS_LOG_WARN, "report: the two runs are not like for like: %s",
               lines[k] ? lines[k] : "(out of memory)");
        free(lines[k]);
    }
}

ts_status ts_report_build(const char *dir, const ts_report_options *opt, ts_error *err)
{
    static const ts_report_options defaults = {0};
    if (!opt)
        opt = &defaults;
    rp_results a, b;
    int have_b = 0;
    rp_chart ch[RP_N_CHARTS], chb[RP_N_CHARTS];
    memset(ch, 0, sizeof ch);
    memset(chb, 0, sizeof chb);
    char *out = NULL, *charts = NULL, *tmp = NULL;
    ts_status st = rp_load(dir, &a, err);
    if (st)
        return st;
    if (opt->compare_dir) {
        st = rp_load(opt->compare_dir, &b, err);
        if (st)
            goto done;
        have_b = 1;
    }
    out = opt->output ? ts_strdup(opt->output) : ts_asprintf("%s/report.html", dir);
    const char *slash = out ? strrchr(out, '/') : NULL;
    charts = !out ? NULL : slash ? ts_asprintf("%.*s/charts", (int)(slash - out), out)
                                 : ts_strdup("charts");
    tmp = out ? ts_asprintf("%s.tmp-%ld", out, (long)getpid()) : NULL;
    if (!out || !charts || !tmp) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    if ((st = check_output(out, charts, err)))
        goto done;
    if (have_b)
        log_mismatches(opt, &a, &b);
    st = rp_draw_charts(&a, have_b ? &b : NULL, charts, opt->png, ch, err);
    if (!st && have_b) { /* run 2's own charts, shown next to run 1's in every section */
        char *c2 = ts_asprintf("%s/run2", charts);
        st = !c2 ? ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory")
             : ts_mkdir_p(c2) ? ts_error_set(err, TS_ERR_IO, c2, 0, 0, NULL, "cannot create folder")
                              : rp_draw_charts(&b, NULL, c2, opt->png, chb, err);
        free(c2);
        for (int k = 0; k < RP_N_CHARTS; k++)
            if (chb[k].present) {
                char nm[64];
                snprintf(nm, sizeof nm, "run2/%.26s", chb[k].name);
                snprintf(chb[k].name, sizeof chb[k].name, "%.31s", nm);
            }
    }
    if (st)
        goto done;
    FILE *f = fopen(tmp, "w");
    if (!f) {
        st = ts_error_set(err, TS_ERR_IO, out, 0, 0, NULL, "cannot write the report there: %s",
                          strerror(errno));
        goto done;
    }
    st = rp_write_html(f, &a, have_b ? &b : NULL, ch, chb, charts, err);
    int bad = ferror(f);
    if ((fclose(f) | bad) && !st)
        st = ts_error_set(err, TS_ERR_IO, out, 0, 0, NULL, "writing the report failed: %s",
                          strerror(errno));
    if (!st && rename(tmp, out) != 0)
        st = ts_error_set(err, TS_ERR_IO, out, 0, 0, NULL, "cannot put the report in place: %s",
                          strerror(errno));
    if (st)
        remove(tmp);
done:
    for (int k = 0; k < RP_N_CHARTS; k++) {
        free(ch[k].caption);
        free(chb[k].caption);
    }
    rp_free(&a);
    if (have_b)
        rp_free(&b);
    free(out), free(charts), free(tmp);
    return st;
}
