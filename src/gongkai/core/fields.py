"""Model fields whose values are stored encrypted (core/crypto.py).

Code reads and writes plain values; only the database sees ciphertext. The column is text (or
bytes) whatever the plain field's length, and `max_length` still checks what a person typed.
These fields cannot be filtered on: equal values encrypt differently. Compare through a keyed
hash stored beside them (`crypto.index`), as `Letter.phone_key` does.
"""

from __future__ import annotations

from django.db import models

from gongkai.core import crypto


class EncryptedMixin:
    encrypted = True  # audit.snapshot records a fingerprint, never the value

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        # Binds each ciphertext to its column; the same in historical models of migrations.
        self.aad = f"{cls._meta.app_label}.{cls._meta.model_name}.{name}"

    def get_internal_type(self):
        return "TextField"


class EncryptedTextMixin(EncryptedMixin):
    def from_db_value(self, value, expression, connection):
        if value is None or not crypto.is_encrypted(value):
            return value  # empty, or written before encryption (the migration converts them)
        return crypto.decrypt_text(value, self.aad)

    def get_prep_value(self, value):
        # Always encrypted: the Python value is always plain (from_db_value decrypts), so a value
        # typed to look like ciphertext is encrypted like any other.
        value = super().get_prep_value(value)
        return value if value in (None, "") else crypto.encrypt_text(value, self.aad)


class EncryptedCharField(EncryptedTextMixin, models.CharField):
    pass


class EncryptedEmailField(EncryptedTextMixin, models.EmailField):
    pass


class EncryptedBinaryField(EncryptedMixin, models.BinaryField):
    def get_internal_type(self):
        return "BinaryField"

    def from_db_value(self, value, expression, connection):
        if value is None or not crypto.is_encrypted(value):
            return value
        return crypto.decrypt_bytes(bytes(value), self.aad)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is not None:
            value = crypto.encrypt_bytes(bytes(value), self.aad)
        return super().get_db_prep_value(value, connection, prepared)
