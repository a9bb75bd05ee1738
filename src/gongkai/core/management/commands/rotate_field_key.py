"""gongkai rotate_field_key [--new-key]

Re-encrypt every encrypted field (applicants' ID numbers, phones, addresses) under the first key of
GONGKAI_FIELD_KEY and recompute the lookup hashes; ``--new-key`` only prints a fresh key. The steps
of a rotation are in :mod:`gongkai.core.crypto` and docs/security.md.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gongkai.core import crypto
from gongkai.core.fields import EncryptedTextField


def encrypted_models():
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            yield model, fields


class Command(BaseCommand):
    help = "用 GONGKAI_FIELD_KEY 的第一个密钥重新加密全部个人信息并重算检索散列；--new-key 生成新密钥"

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="只生成并打印一个新密钥")

    def handle(self, *args, new_key, **opts):
        if new_key:
            self.stdout.write(crypto.new_key())
            return
        if not crypto.is_explicit():
            raise CommandError("未设置 GONGKAI_FIELD_KEY：请先把新密钥放在首位（新密钥,旧密钥）再运行")
        total = 0
        try:
            with transaction.atomic():  # all rows or none
                for model, fields in encrypted_models():
                    names = [f.name for f in fields]
                    for obj in (
                        model.objects.select_for_update().only("pk", *names, *_extra(model)).iterator()
                    ):
                        obj.save(update_fields=names)  # read with any key, written with the first
                        total += 1
        except crypto.FieldKeyError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已用新密钥重新加密{total}条记录的个人信息")


def _extra(model) -> list[str]:
    # Fields save() derives the lookup hash from.
    names = {f.name for f in model._meta.concrete_fields}
    return [n for n in ("id_type", "applicant_key") if n in names]
