/* The results folder against interrupts and concurrent runs (cli.h, README "Results
 * folder"): a lock file DIR.lock (flock: released by the kernel even after SIGKILL) makes a
 * second run into DIR fail at once; SIGINT/SIGTERM remove the temporary folder, say
 * "interrupted" and exit 130; temporary folders DIR.tmp-PID / DIR.old-PID left by a
 * killed run are recognised (a live run always holds the lock) and cleaned by the next
 * run into DIR; an unfinished folder holds the marker .incomplete, which `report` refuses. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/util.h"

/* What the signal handler needs, as plain arrays (no allocation in the handler). */
static char g_tmp[4096], g_old[4096], g_dir[4096], g_lock[4096];
static volatile sig_atomic_t g_armed, g_committing;
static struct sigaction g_prev_int, g_prev_term;

/* Remove a tree with async-signal-safe calls only (open, getdents64, unlinkat, rmdir). */
static void rm_tree_safe(int parent, const char *name, int depth)
{
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (fd < 0) {
        unlinkat(parent, name, 0);
        return;
    }
    char buf[8192];
    for (;;) {
        long k = getdents64(fd, buf, sizeof buf);
        if (k <= 0)
            break;
        for (long off = 0; off < k;) {
            struct dirent64 *e = (struct dirent64 *)(buf + off);
            off += e->d_reclen;
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            if (unlinkat(fd, e->d_name, 0) != 0 && depth < 8)
                rm_tree_safe(fd, e->d_name, depth + 1);
        }
    }
    close(fd);
    unlinkat(parent, name, AT_REMOVEDIR);
}

static void on_signal(int sig)
{
    (void)sig;
    if (g_armed) {
        rm_tree_safe(AT_FDCWD, g_tmp, 0);
        /* interrupted between the two renames of a commit: the old folder goes back */
        if (g_committing && access(g_dir, F_OK) != 0)
            rename(g_old, g_dir);
        unlink(g_lock);
    }
    static const char msg[] = "\ntradeshock: interrupted; the unfinished results were removed\n";
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
    }
    _exit(130);
}

/* A sibling NAME.tmp-<digits> or NAME.old-<digits> of DIR. */
static int is_leftover(const char *entry, const char *base)
{
    size_t bl = strlen(base);
    if (strncmp(entry, base, bl) || (strncmp(entry + bl, ".tmp-", 5) && strncmp(entry + bl, ".old-", 5)))
        return 0;
    const char *d = entry + bl + 5;
    return *d && strspn(d, "0123456789") == strlen(d);
}

static void clean_leftovers(const ts_cli_outdir *o)
{
    char *slash = strrchr(o->dir, '/');
    char *parent = slash ? ts_asprintf("%.*s", (int)(slash - o->dir), o->dir) : ts_strdup(".");
    const char *base = slash ? slash + 1 : o->dir;
    DIR *d = parent ? opendir(*parent ? parent : "/") : NULL;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!is_leftover(e->d_name, base))
            continue;
        char *p = ts_asprintf("%s/%s", parent, e->d_name);
        if (!p || !strcmp(p, o->tmp))
            continue;
        int old = strstr(e->d_name + strlen(base), ".old-") != NULL;
        if (old && !ts_path_exists(o->dir) && rename(p, o->dir) == 0)
            fprintf(stderr, "tradeshock: %s was left by a run killed while replacing %s: it "
                            "is put back\n", p, o->dir);
        else if (ts_rm_rf(p) == 0)
            fprintf(stderr, "tradeshock: removed %s, left unfinished by a run that was killed\n",
                    p);
        free(p);
    }
    if (d)
        closedir(d);
    free(parent);
}

ts_status ts_cli_outdir_guard(ts_cli_outdir *o, ts_error *err)
{
    o->lock_fd = -1;
    if (!(o->lock = ts_asprintf("%s.lock", o->dir)))
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (int tries = 0; tries < 5; tries++) {
        int fd = open(o->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            free(o->lock);
            o->lock = NULL;
            return ts_error_set(err, TS_ERR_INPUT, o->dir, 0, 0, "-o",
                                "cannot create the lock file %s.lock here (%s); choose a "
                                "writable path", o->dir, strerror(errno));
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            char pid[32] = "";
            ssize_t k = read(fd, pid, sizeof pid - 1);
            pid[k > 0 ? k : 0] = 0;
            pid[strcspn(pid, "\n")] = 0;
            close(fd);
            char *lock = o->lock;
            o->lock = NULL;
            ts_status st = ts_error_set(err, TS_ERR_INPUT, o->dir, 0, 0, "-o",
                                        "another tradeshock run%s%s is writing this folder "
                                        "(lock %s); wait for it to finish or choose another "
                                        "-o",
                                        *pid ? " (pid " : "", *pid ? pid : "", lock);
            free(lock);
            return st;
        }
        /* the file may have been removed by the run that held it: lock the current one */
        struct stat a, b;
        if (fstat(fd, &a) == 0 && stat(o->lock, &b) == 0 && a.st_ino == b.st_ino &&
            a.st_dev == b.st_dev) {
            o->lock_fd = fd;
            break;
        }
        close(fd);
    }
    if (o->lock_fd < 0)
        return ts_error_set(err, TS_ERR_IO, o->lock, 0, 0, NULL, "cannot take the lock");
    char pid[32];
    int k = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(o->lock_fd, 0) != 0 || write(o->lock_fd, pid, (size_t)k) != k) {
    }
    clean_leftovers(o);
    snprintf(g_tmp, sizeof g_tmp, "%s", o->tmp);
    snprintf(g_old, sizeof g_old, "%s", o->old);
    snprintf(g_dir, sizeof g_dir, "%s", o->dir);
    snprintf(g_lock, sizeof g_lock, "%s", o->lock);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaction(SIGINT, &sa, &g_prev_int);
    sigaction(SIGTERM, &sa, &g_prev_term);
    g_armed = 1;
    return TS_OK;
}

void ts_cli_outdir_block_signals(int block)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGINT);
    sigaddset(&s, SIGTERM);
    sigprocmask(block ? SIG_BLOCK : SIG_UNBLOCK, &s, NULL);
    g_committing = block;
}

void ts_cli_outdir_unguard(ts_cli_outdir *o)
{
    if (g_armed) {
        g_armed = 0;
        sigaction(SIGINT, &g_prev_int, NULL);
        sigaction(SIGTERM, &g_prev_term, NULL);
    }
    if (o->lock) {
        unlink(o->lock);
        if (o->lock_fd >= 0)
            close(o->lock_fd);
        free(o->lock);
        o->lock = NULL;
    }
}
