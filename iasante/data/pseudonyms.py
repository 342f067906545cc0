"""Pseudonyms of a direct identifier: a plain hash (re-identifiable by anyone who can list
the identifiers and hash them) versus a keyed hash (HMAC-SHA256, re-identifiable only by
whoever holds the key). Module 01 grades the keyed one and its explorer shows both."""

from __future__ import annotations

import hashlib
import hmac


def hmac_sha256(key: bytes, text: str) -> str:
    """Keyed pseudonym: HMAC-SHA256 of ``text`` (UTF-8) with ``key``, in hexadecimal."""
    return hmac.new(key, str(text).encode("utf-8"), hashlib.sha256).hexdigest()


def plain_sha256(text: str) -> str:
    """Plain SHA-256 of ``text`` (UTF-8), in hexadecimal: not a pseudonym to rely on."""
    return hashlib.sha256(str(text).encode("utf-8")).hexdigest()
