/* Interrupts, concurrent runs and leftovers of the results folder (README "Results
 * folder", issue 16 §3), and the inputs the fuzzers found (fuzz/README.md):
 * - SIGINT in the middle of a run: exit 130, "interrupted" on stderr, nothing left (no
 *   DIR, DIR.tmp-PID, DIR.lock);
 * - a second run into a folder whose lock is held fails at once (exit 2, names the lock);
 * - DIR.tmp-PID left by a killed run (SIGKILL: no handler runs) is removed by the next
 *   run into DIR; `report` refuses such a folder;
 * - the 9-byte YAML on which libfyaml looped forever is refused at once (exit 2). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "testutil.h"

/* A scenario long enough to be interrupted: the default one (365 days, 370 industries). */
#define LONG_SCEN TS_SOURCE_DIR "/scenarios/rare-earths-2025.yaml"
#define SHORT_SCEN "cases/16b-dynamic-export-ban/input/scenario.yaml"

static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    size_t k = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        k += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return k;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void test_sigint_leaves_nothing(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char *out = ts_asprintf("%s/out", dir), *errf = ts_asprintf("%s/err.txt", dir);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        execl(TS_BINARY, TS_BINARY, "run", LONG_SCEN, "-o", out, "--quiet", (char *)NULL);
        _exit(127);
    }
    /* wait until the temporary folder exists (the run is under way), then interrupt */
    char *tmp = ts_asprintf("%s.tmp-%ld", out, (long)pid);
    for (int k = 0; k < 400 && !ts_path_exists(tmp); k++)
        sleep_ms(25);
    assert_true(ts_path_exists(tmp));
    sleep_ms(100);
    kill(pid, SIGINT);
    int st = 0;
    waitpid(pid, &st, 0);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 130);
    char *e = ts_read_file(errf);
    assert_non_null(e);
    assert_non_null(strstr(e, "interrupted"));
    unlink(errf);
    assert_int_equal(entries(dir), 0); /* no out, out.tmp-PID, out.lock */
    free(e);
    free(tmp);
    free(out);
    free(errf);
    ts_tmpdir_remove(dir);
}

static void test_lock_refuses_second_run(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char *lock = ts_asprintf("%s/o.lock", dir);
    int fd = open(lock, O_RDWR | O_CREAT, 0644);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0); /* another run holds it */
    assert_true(write(fd, "4242\n", 5) == 5);
    char *args = ts_asprintf("run '%s' -o '%s/o' --quiet", ts_fixture(SHORT_SCEN), dir);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "another tradeshock run"));
    assert_non_null(strstr(r.err, "4242"));
    char *o = ts_asprintf("%s/o", dir);
    assert_false(ts_path_exists(o));
    ts_cmd_result_free(&r);
    close(fd); /* released: the run goes through and removes the lock file */
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    assert_true(ts_path_exists(o));
    assert_false(ts_path_exists(lock));
    ts_cmd_result_free(&r);
    free(o);
    free(args);
    free(lock);
    ts_tmpdir_remove(dir);
}

static void test_killed_run_leftovers(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    /* what a SIGKILLed run leaves: a complete-looking temporary folder */
    char *tmp = ts_asprintf("%s/o.tmp-999999", dir);
    assert_int_equal(ts_mkdir_p(tmp), 0);
    char *f = ts_asprintf("%s/summary.json", tmp), *mk = ts_asprintf("%s/.incomplete", tmp);
    FILE *fp = fopen(f, "w");
    fputs("{}\n", fp);
    fclose(fp);
    fp = fopen(mk, "w");
    fclose(fp);
    char *args = ts_asprintf("report '%s'", tmp);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "unfinished"));
    ts_cmd_result_free(&r);
    free(args);
    args = ts_asprintf("run '%s' -o '%s/o' --quiet", ts_fixture(SHORT_SCEN), dir);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    assert_non_null(strstr(r.err, "o.tmp-999999"));
    assert_false(ts_path_exists(tmp));
    assert_int_equal(entries(dir), 1); /* only o/ */
    ts_cmd_result_free(&r);
    free(args);
    free(f);
    free(mk);
    free(tmp);
    ts_tmpdir_remove(dir);
}

static void test_fuzz_inputs(void **state)
{
    (void)state;
    /* as a scenario and as a split spec: exit 2 naming UTF-8, never a hang */
    char *args = ts_asprintf("run '%s' -o /nonexistent/x --quiet",
                             ts_fixture("fuzz/split-libfyaml-hang.yaml"));
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "UTF-8"));
    ts_cmd_result_free(&r);
    free(args);
    char *dir = ts_tmpdir();
    char *table = ts_strdup(ts_fixture("cases/00-base-valid-2r2s/input")); /* static buffer */
    args = ts_asprintf("convert '%s' -o '%s/t' --split '%s'", table, dir,
                       ts_fixture("fuzz/split-libfyaml-hang.yaml"));
    free(table);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "UTF-8"));
    ts_cmd_result_free(&r);
    free(args);
    ts_tmpdir_remove(dir);
}

/* convert onto a shipped table (or anywhere under data/) without --force: exit 2, the
 * table unchanged; onto any existing folder: exit 2 without --force */
static void test_convert_needs_force(void **state)
{
    (void)state;
    char *x = ts_asprintf("%s/data/wiod2011-agg10/x.csv", TS_SOURCE_DIR);
    char *before = ts_read_file(x);
    assert_non_null(before);
    char *args = ts_asprintf("convert '%s/data/wiod2011-agg10' -o '%s/data/wiod2011-agg10'",
                             TS_SOURCE_DIR, TS_SOURCE_DIR);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "--force"));
    ts_cmd_result_free(&r);
    free(args);
    char *after = ts_read_file(x);
    assert_non_null(after);
    assert_string_equal(before, after);
    char *dir = ts_tmpdir();
    char *table = ts_strdup(ts_fixture("cases/00-base-valid-2r2s/input"));
    args = ts_asprintf("convert '%s' -o '%s/t'", table, dir);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    ts_cmd_result_free(&r);
    r = ts_run_cli(args); /* exists now */
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "--force"));
    ts_cmd_result_free(&r);
    free(args);
    args = ts_asprintf("convert '%s' -o '%s/t' --force", table, dir);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    ts_cmd_result_free(&r);
    free(args);
    free(table);
    free(before);
    free(after);
    free(x);
    ts_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sigint_leaves_nothing),
        cmocka_unit_test(test_lock_refuses_second_run),
        cmocka_unit_test(test_killed_run_leftovers),
        cmocka_unit_test(test_fuzz_inputs),
        cmocka_unit_test(test_convert_needs_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
