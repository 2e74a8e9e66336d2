/* Status codes, error object and logging (status.h). */
#include "tradeshock/status.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

void ts_error_clear(ts_error *err)
{
    if (!err)
        return;
    memset(err, 0, sizeof *err);
}

ts_status ts_error_set(ts_error *err, ts_status code, const char *file, long line,
                       long column, const char *key, const char *fmt, ...)
{
    if (!err)
        return code;
    ts_error_clear(err);
    err->code = code;
    if (file)
        snprintf(err->file, sizeof err->file, "%s", file);
    err->line = line;
    err->column = column;
    if (key)
        snprintf(err->key, sizeof err->key, "%s", key);

    size_t off = 0;
    char *m = err->msg;
    size_t cap = sizeof err->msg;
    if (file && *file) {
        off += (size_t)snprintf(m + off, cap - off, "%s", file);
        if (line > 0 && off < cap)
            off += (size_t)snprintf(m + off, cap - off, ":%ld", line);
        if (column > 0 && off < cap)
            off += (size_t)snprintf(m + off, cap - off, ":%ld", column);
        if (off < cap)
            off += (size_t)snprintf(m + off, cap - off, ": ");
    }
    if (key && *key && off < cap)
        off += (size_t)snprintf(m + off, cap - off, "%s: ", key);
    if (off < cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(m + off, cap - off, fmt, ap);
        va_end(ap);
    }
    ts_utf8_sanitize(m); /* messages are UTF-8 even when cut or echoing bad bytes */
    return code;
}

const char *ts_status_str(ts_status s)
{
    switch (s) {
    case TS_OK: return "ok";
    case TS_ERR_INPUT: return "bad input";
    case TS_ERR_IO: return "I/O error";
    case TS_ERR_NOMEM: return "out of memory";
    case TS_ERR_SINGULAR: return "singular system";
    case TS_ERR_INTERNAL: return "internal error";
    }
    return "unknown status";
}

int ts_status_exit_code(ts_status s)
{
    switch (s) {
    case TS_OK: return 0;
    case TS_ERR_INPUT:
    case TS_ERR_SINGULAR:
        return 2;
    default:
        return 1;
    }
}

void ts_log(const ts_logger *log, ts_log_level level, const char *fmt, ...)
{
    if (!log || !log->fn)
        return;
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ts_utf8_sanitize(buf);
    log->fn(log->user, level, buf);
}
