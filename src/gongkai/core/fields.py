"""Model fields that keep personal data encrypted in the database (see :mod:`gongkai.core.crypto`)."""

from __future__ import annotations

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token and read back as plain text.

    Only equality on the empty string can be queried; to find a value again, store a keyed
    hash beside it (:func:`gongkai.core.crypto.lookup_hash`). Serialised (dumpdata, backups) as
    the token, so that a backup archive holds no personal data in clear.
    """

    description = "加密文本（个人信息）"

    def from_db_value(self, value, expression, connection):
        return value if value is None else crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value is None else crypto.encrypt(value)

    def to_python(self, value):
        # A serialised token (restore, loaddata) becomes the plain value again.
        if isinstance(value, str) and value.startswith(crypto.TOKEN_PREFIX):
            return crypto.decrypt(value)
        return super().to_python(value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return crypto.encrypt(value) if value else ""
