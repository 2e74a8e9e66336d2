"""Errors of the C library as Python exceptions."""

# ts_status codes (include/tradeshock/status.h)
TS_ERR_INPUT, TS_ERR_IO, TS_ERR_NOMEM, TS_ERR_SINGULAR, TS_ERR_INTERNAL = 1, 2, 3, 4, 5


class TradeshockError(Exception):
    """A failure reported by the library. Attributes: ``code`` (ts_status), ``file``,
    ``line``, ``column`` (0 when not applicable), ``key`` (the YAML key path, e.g.
    ``parameters.psi`` or ``events[0].share``; "" when not applicable) and ``message``
    (the library's whole message, which names all of them)."""

    def __init__(self, code, message, file="", line=0, column=0, key=""):
        super().__init__(message)
        self.code, self.message = code, message
        self.file, self.line, self.column, self.key = file, line, column, key


class InputError(TradeshockError, ValueError):
    """Bad input (a scenario value, an override, a table file): the user's to fix."""


def raise_for(ffi, err):
    """Raise the exception for a filled ts_error."""
    s = lambda a: ffi.string(a).decode("utf-8", "replace")
    cls = InputError if err.code == TS_ERR_INPUT else TradeshockError
    raise cls(err.code, s(err.msg), s(err.file), err.line, err.column, s(err.key))
