/* Opening an input file the user named, with one set of messages for every reader. */
#ifndef TS_CORE_INFILE_H
#define TS_CORE_INFILE_H

#include <stdio.h>

#include "tradeshock/status.h"

/**
 * Open @p path for reading (binary). Errors are the user's to fix (TS_ERR_INPUT, CLI exit
 * 2), naming @p path and @p what (e.g. "a CSV file with the header 'region,value'"):
 * "file not found; expected WHAT", "is a folder; expected WHAT", "cannot open: <reason>;
 * expected WHAT" (permissions). TS_ERR_NOMEM when out of memory.
 */
ts_status ts_open_input(const char *path, const char *what, FILE **out, ts_error *err);

#endif
