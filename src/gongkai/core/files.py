"""Writing a generated file (a letter's PDF, a report's PDF) so that nobody ever finds half of it:
the bytes go to a temporary file beside the target, are flushed to disk, and only then renamed to
the target name (a rename within one directory is atomic). A worker killed mid-write leaves at
most a hidden ``.part-*`` file, never a truncated file under the real name."""

from __future__ import annotations

import contextlib
import os
import tempfile

from django.db.models.fields.files import FieldFile


def save_atomically(field: FieldFile, name: str, data: bytes) -> str:
    """Store ``data`` as ``field``'s file (the name the field's ``upload_to`` gives ``name``) and
    point ``field`` at it; the model is not saved. Returns the stored name."""
    storage = field.storage
    target = storage.get_available_name(field.field.generate_filename(field.instance, name))
    path = storage.path(target)
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    field.name = target
    return target
