"""Uploaded files and frozen letters are written whole or not at all (数据完整性).

Django's FileSystemStorage writes straight into the final name: a process killed in the middle (a
worker stopped during a PDF render, a full disk) leaves half a file under the name a row may point
to. Here a file is written to a temporary name in the same directory, flushed to disk, and only
then linked to its final name (``os.link`` neither overwrites nor exposes a partial file)."""

from __future__ import annotations

import logging
import os
import tempfile

from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

log = logging.getLogger(__name__)


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, mode=self.directory_permissions_mode or 0o777, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                if hasattr(content, "seek"):
                    content.seek(0)
                for chunk in content.chunks():
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())
            while True:
                try:
                    os.link(tmp, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            os.unlink(tmp)
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        return str(name).replace("\\", "/")


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Static files of the production profile: hashed, compressed names (WhiteNoise caches them for a
    year). A page never fails because `gongkai collectstatic` has not run yet (a check, a first start):
    the plain name is used and logged instead of the missing manifest entry raising an error."""

    manifest_strict = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            log.warning("静态文件清单中没有 %s：请运行 gongkai collectstatic", name)
            return name
