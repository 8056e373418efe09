"""Checks on what callers pass in, so that bad input fails early with a clear message."""
from __future__ import annotations


def check_text(text: object) -> str:
    """Return ``text`` if it is a ``str``; raise ``TypeError`` with a hint otherwise."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError("vnepi takes text (str), not bytes: decode it first, "
                        "e.g. data.decode('utf-8')")
    if text is None:
        raise TypeError("vnepi takes text (str), got None")
    raise TypeError(f"vnepi takes text (str), got {type(text).__name__}")
