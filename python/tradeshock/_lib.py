"""cffi (ABI mode) declarations of the few C functions the package calls, and the search
for the shared library libtradeshock.so built by CMake (``make`` puts it in build/).

The library is looked up in this order: the environment variable TRADESHOCK_LIB (a path
to the .so), ``<repository>/build/libtradeshock.so`` next to this package (python/ sits
in the repository), then the system's library path (``libtradeshock.so``)."""
import os

import cffi

CDEF = """
typedef struct ts_error {
    int code; char file[1024]; long line; long column; char key[256]; char msg[2048];
} ts_error;
typedef struct ts_logger { void (*fn)(void *user, int level, const char *msg); void *user; } ts_logger;
typedef struct ts_override { const char *path; const char *value; } ts_override;
typedef struct ts_run_request {
    const char *scenario; const char *table; const ts_override *overrides; size_t n_overrides;
    int threads; const ts_logger *log; void (*progress)(void *user, int day, int horizon);
} ts_run_request;
typedef struct ts_run ts_run;
typedef struct ts_mrio ts_mrio;
int ts_run_scenario(const ts_run_request *rq, ts_run **out, ts_error *err);
int ts_run_write(const ts_run *run, const ts_run_request *rq, const char *dir,
                 unsigned outputs, double *file_seconds, ts_error *err);
void ts_run_free(ts_run *run);
int ts_mrio_read_format(const char *path, int format, const ts_logger *log, ts_mrio **out,
                        ts_error *err);
void ts_mrio_free(ts_mrio *m);
size_t ts_mrio_size(const ts_mrio *m, char what);
const double *ts_mrio_array(const ts_mrio *m, char which);
const char *ts_mrio_label_text(const ts_mrio *m, char what, size_t k, int name);
const char *ts_mrio_meta_text(const ts_mrio *m, const char *key);
"""

ffi = cffi.FFI()
ffi.cdef(CDEF)

_lib = None


def _candidates():
    env = os.environ.get("TRADESHOCK_LIB")
    if env:
        yield env
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(here, "..", "..", "build", "libtradeshock.so")
    yield "libtradeshock.so"


def lib():
    """The opened shared library (opened once)."""
    global _lib
    if _lib is None:
        tried = []
        for c in _candidates():
            if os.sep in c and not os.path.exists(c):
                tried.append(c + " (missing)")
                continue
            try:
                _lib = ffi.dlopen(c)
                break
            except OSError as e:
                tried.append(f"{c} ({e})")
        if _lib is None:
            raise OSError("libtradeshock.so not found; build it with `make` in the repository "
                          "or set TRADESHOCK_LIB to its path. Tried: " + "; ".join(tried))
    return _lib
