"""Logging through the standard `logging` module, with credentials masked in every record.

`HUAWEICLOUD_SDK_LOG=debug` (or `info`) switches a package's logger on and sends it to stderr
when the program has not configured logging itself, as `OPENAI_LOG` does for openai-python.
"""

from __future__ import annotations

import logging
import os
import re
from urllib.parse import parse_qsl, urlencode

__all__ = ["LOG_VARIABLE", "SecretMaskingFilter", "get_logger", "redact_query"]

LOG_VARIABLE = "HUAWEICLOUD_SDK_LOG"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
# Query parameters whose values are credentials: their values never reach a log.
_SECRET_PARAMETER = re.compile(
    r"(?i)token|signature|password|passwd|secret|credential|access_?key|security"
)

_SECRET = re.compile(
    r"(?i)((?:authorization|x-auth-token|x-security-token|signature|access)\s*[=:]\s*['\"]?)"
    r"([^'\",\s]+)"
)


class SecretMaskingFilter(logging.Filter):
    """Masks the values of credential headers and signature parts in formatted messages."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _SECRET.sub(r"\1***", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def get_logger(name: str) -> logging.Logger:
    """The package's logger, with the masking filter attached once.

    With `HUAWEICLOUD_SDK_LOG` set and no handler of the program's own, the logger gets the
    level it names and a handler writing to stderr.
    """
    logger = logging.getLogger(name)
    if not any(isinstance(f, SecretMaskingFilter) for f in logger.filters):
        logger.addFilter(SecretMaskingFilter())
        level = _LEVELS.get(os.environ.get(LOG_VARIABLE, "").strip().lower())
        if level is not None and not logger.hasHandlers():
            handler = logging.StreamHandler()
            handler.setFormatter(
                logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s")
            )
            logger.addHandler(handler)
            logger.setLevel(level)
    return logger


def redact_query(query: str) -> str:
    """An encoded query with the values of credential parameters replaced by `***`."""
    if not query or not _SECRET_PARAMETER.search(query):
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode(
        [(name, "***" if _SECRET_PARAMETER.search(name) else value) for name, value in pairs]
    )
