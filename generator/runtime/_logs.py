"""Logging through the standard `logging` module, with credentials masked in every record."""

from __future__ import annotations

import logging
import re

__all__ = ["SecretMaskingFilter", "get_logger"]

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
    """The package's logger, with the masking filter attached once."""
    logger = logging.getLogger(name)
    if not any(isinstance(f, SecretMaskingFilter) for f in logger.filters):
        logger.addFilter(SecretMaskingFilter())
    return logger
