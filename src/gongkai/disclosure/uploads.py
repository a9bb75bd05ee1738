"""Attachment checks live in :mod:`gongkai.core.uploads` (one check for every upload path); the
names stay importable from here."""

from gongkai.core.uploads import ALLOWED_KINDS, UploadError, check_attachment, check_upload, detect_kind

__all__ = ["ALLOWED_KINDS", "UploadError", "check_attachment", "check_upload", "detect_kind"]
