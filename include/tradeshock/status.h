/**
 * @file status.h
 * @brief Status codes, the caller-owned error object and the log callback.
 *
 * Every public function of libtradeshock returns a ::ts_status (0 = success) and,
 * on failure, fills a ::ts_error that the caller owns. The library never prints and
 * never exits: warnings and progress go through a caller-supplied ::ts_logger.
 */
#ifndef TRADESHOCK_STATUS_H
#define TRADESHOCK_STATUS_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Outcome of a call. Input errors map to CLI exit code 2, the rest to 1. */
typedef enum ts_status {
    TS_OK = 0,            /**< success */
    TS_ERR_INPUT = 1,     /**< bad input (file content, scenario, arguments): user's to fix */
    TS_ERR_IO = 2,        /**< a file could not be opened, read or written */
    TS_ERR_NOMEM = 3,     /**< allocation failed */
    TS_ERR_SINGULAR = 4,  /**< (I - A) is singular or numerically singular */
    TS_ERR_INTERNAL = 5   /**< a bug: an invariant of the library was violated */
} ts_status;

/** Longest message kept in a ::ts_error (longer ones are truncated). */
#define TS_ERROR_MSG_MAX 2048

/**
 * Details of the last failure. Owned by the caller, filled by the library.
 * `file`, `line`, `column` and `key` are empty / 0 when they do not apply.
 */
typedef struct ts_error {
    ts_status code;               /**< same as the returned status */
    char file[1024];              /**< input file concerned, as given by the caller */
    long line;                    /**< 1-based physical line (CSV: header is line 1), 0 = n/a */
    long column;                  /**< 1-based field or character column, 0 = n/a */
    char key[256];                /**< YAML key path, e.g. `events[0].from`, "" = n/a */
    char msg[TS_ERROR_MSG_MAX];   /**< complete human-readable message (includes the above) */
} ts_error;

/** Reset @p err to "no error" (safe on NULL). */
void ts_error_clear(ts_error *err);

/**
 * Record an error: sets code, location and a printf-style message. The final message
 * is prefixed with "file:line:column: " (and "key: ") for whichever parts are set.
 * Returns @p code so that callers can write `return ts_error_set(...)`.
 * @p err may be NULL (the call then only returns @p code).
 */
ts_status ts_error_set(ts_error *err, ts_status code, const char *file, long line,
                       long column, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/** Short English name of a status ("bad input", "I/O error", ...). */
const char *ts_status_str(ts_status s);

/** Exit code the CLI uses for a status: 0 ok, 2 bad input, 1 anything else. */
int ts_status_exit_code(ts_status s);

/** Severity of a log message. */
typedef enum ts_log_level { TS_LOG_DEBUG = 0, TS_LOG_INFO = 1, TS_LOG_WARN = 2 } ts_log_level;

/** Log sink: receives one complete message (no trailing newline). */
typedef void (*ts_log_fn)(void *user, ts_log_level level, const char *msg);

/** A log callback with its user pointer; a NULL ::ts_logger or NULL `fn` drops messages. */
typedef struct ts_logger {
    ts_log_fn fn;
    void *user;
} ts_logger;

/** printf-style logging through @p log (no-op when @p log or its fn is NULL). */
void ts_log(const ts_logger *log, ts_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif
#endif
