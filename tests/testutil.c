#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <math.h>
#include <unistd.h>

#include "core/util.h"

const char *ts_fixture(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", TS_FIXTURES, rel);
    return buf;
}

char *ts_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long k = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)k + 1);
    if (s && fread(s, 1, (size_t)k, f) != (size_t)k) {
        free(s);
        s = NULL;
    }
    if (s)
        s[k] = 0;
    fclose(f);
    return s;
}

char *ts_tmpdir(void)
{
    char tmpl[] = "/tmp/tstest.XXXXXX";
    char *d = mkdtemp(tmpl);
    return d ? ts_strdup(d) : NULL;
}

void ts_tmpdir_remove(char *dir)
{
    if (dir)
        ts_rm_rf(dir);
    free(dir);
}

ts_cmd_result ts_run_cli(const char *args)
{
    ts_cmd_result r = {-1, NULL, NULL};
    char *dir = ts_tmpdir();
    char *cmd = ts_asprintf("'%s' %s >'%s/out' 2>'%s/err' </dev/null", TS_BINARY, args, dir, dir);
    int st = system(cmd);
    if (st != -1 && WIFEXITED(st))
        r.exit_code = WEXITSTATUS(st);
    char *p = ts_asprintf("%s/out", dir);
    r.out = ts_read_file(p);
    free(p);
    p = ts_asprintf("%s/err", dir);
    r.err = ts_read_file(p);
    free(p);
    if (!r.out)
        r.out = ts_strdup("");
    if (!r.err)
        r.err = ts_strdup("");
    free(cmd);
    ts_tmpdir_remove(dir);
    return r;
}

void ts_cmd_result_free(ts_cmd_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

int ts_close(double a, double b, double rel, double abs)
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= rel * m + abs;
}
