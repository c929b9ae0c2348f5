"""Personal data encrypted at rest (等保 三级, personal information protection).

Applicants' and letter writers' ID numbers, phone numbers, e-mail and postal addresses and
identity-proof files are stored as `gk1.<cipher>.<key id>.<base64(nonce | ciphertext | tag)>`:
AES-256-GCM by default, SM4-GCM where the bureau's 密评 asks for 国密 (`GONGKAI_PERSONAL_CIPHER`).
The key is `keys.secret("personal")`, outside the database; the key id in every value says which
key wrote it, so `gongkai keys rotate personal` can re-encrypt row by row while old keys are still
read. The associated data binds a value to its column: a ciphertext copied into another column or
table does not decrypt.

What must be compared (the same applicant applying again, the same writer writing again) is
compared through `index()`, an HMAC with a second key (`personal_index`): equal inputs give equal
hashes, and without the key the hash cannot be turned back into a phone number by trying them all.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from gongkai.core import keys

PREFIX = "gk1"
AES = "aes256gcm"
SM4 = "sm4gcm"
CIPHER_SETTINGS = {"aes-256-gcm": AES, "sm4-gcm": SM4}
KEY_NAME = "personal"
INDEX_KEY_NAME = "personal_index"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(ValueError):
    """A stored value that no key at hand opens: a wrong or missing key, or a tampered value."""


@dataclass(frozen=True)
class Key:
    raw: bytes
    id: str


def cipher_name() -> str:
    name = getattr(settings, "GONGKAI_PERSONAL_CIPHER", "aes-256-gcm")
    if name not in CIPHER_SETTINGS:
        raise ImproperlyConfigured(f"GONGKAI_PERSONAL_CIPHER 只能是 {'、'.join(CIPHER_SETTINGS)}，而不是 {name}")
    return CIPHER_SETTINGS[name]


def current_key() -> Key:
    raw = keys.secret(KEY_NAME)
    return Key(raw, keys.key_id(raw))


def previous_keys() -> list[Key]:
    """Keys that wrote values not yet re-encrypted: `<key dir>/personal.<key id>.key` files left by
    `gongkai keys rotate personal`, and `GONGKAI_PERSONAL_PREVIOUS_KEYS` (base64, comma-separated)
    for keys kept in the environment."""
    found = []
    for raw in keys.previous(KEY_NAME):
        found.append(Key(raw, keys.key_id(raw)))
    return found


def _keys_by_id() -> dict[str, Key]:
    current = current_key()
    table = {k.id: k for k in previous_keys()}
    table[current.id] = current
    return table


@lru_cache(maxsize=64)
def _derived(raw: bytes, cipher: str) -> bytes:
    # One stored key serves both ciphers: SM4 takes 128 bits, derived rather than truncated so the
    # two never share key material.
    if cipher == AES:
        return raw[:32]
    return HKDF(algorithm=hashes.SHA256(), length=16, salt=None, info=b"gongkai sm4-gcm").derive(raw)


def _algorithm(cipher: str, key: bytes):
    return algorithms.AES(key) if cipher == AES else algorithms.SM4(key)


def _seal(cipher: str, key: Key, plain: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    enc = Cipher(_algorithm(cipher, _derived(key.raw, cipher)), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(aad)
    return nonce + enc.update(plain) + enc.finalize() + enc.tag


def _open(cipher: str, key: Key, sealed: bytes, aad: bytes) -> bytes:
    if len(sealed) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("加密数据已损坏")
    nonce, body, tag = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:-TAG_BYTES], sealed[-TAG_BYTES:]
    dec = Cipher(_algorithm(cipher, _derived(key.raw, cipher)), modes.GCM(nonce, tag)).decryptor()
    dec.authenticate_additional_data(aad)
    try:
        return dec.update(body) + dec.finalize()
    except InvalidTag as exc:
        raise DecryptionError("加密数据无法解开：密钥不对，或数据被改动过") from exc


def _header(cipher: str, key: Key) -> str:
    return f"{PREFIX}.{cipher}.{key.id}."


def is_encrypted(value: str | bytes | None) -> bool:
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        return value.startswith(PREFIX.encode() + b".")
    return isinstance(value, str) and value.startswith(PREFIX + ".")


def _parse(header: str) -> tuple[str, str]:
    parts = header.split(".")
    if len(parts) != 3 or parts[0] != PREFIX or parts[1] not in (AES, SM4):
        raise DecryptionError("无法识别的加密数据格式")
    return parts[1], parts[2]


def _key_for(key_id: str) -> Key:
    try:
        return _keys_by_id()[key_id]
    except KeyError:
        raise DecryptionError(f"缺少编号为 {key_id} 的个人信息密钥（恢复备份时是否漏了密钥目录？）") from None


def encrypt_text(plain: str, aad: str) -> str:
    cipher, key = cipher_name(), current_key()
    sealed = _seal(cipher, key, plain.encode("utf-8"), aad.encode())
    return _header(cipher, key) + base64.b64encode(sealed).decode("ascii")


def decrypt_text(stored: str, aad: str) -> str:
    head, _, body = stored.rpartition(".")
    cipher, key_id = _parse(head)
    return _open(cipher, _key_for(key_id), base64.b64decode(body), aad.encode()).decode("utf-8")


def encrypt_bytes(plain: bytes, aad: str) -> bytes:
    cipher, key = cipher_name(), current_key()
    return _header(cipher, key).encode("ascii") + _seal(cipher, key, plain, aad.encode())


def decrypt_bytes(stored: bytes, aad: str) -> bytes:
    stored = bytes(stored)
    cut = stored.index(b".", stored.index(b".", len(PREFIX) + 1) + 1)  # after gk1.<cipher>.<key id>
    cipher, key_id = _parse(stored[:cut].decode("ascii", "replace"))
    return _open(cipher, _key_for(key_id), stored[cut + 1:], aad.encode())


def key_id_of(stored: str | bytes) -> str | None:
    """Which key wrote a stored value (None for a value in clear)."""
    if not is_encrypted(stored):
        return None
    text = bytes(stored)[:80].decode("ascii", "replace") if not isinstance(stored, str) else stored
    return text.split(".")[2]


def index(value: str, purpose: str, key: bytes | None = None) -> str:
    """A keyed hash for comparing without decrypting; `purpose` keeps a phone's hash from matching
    the same digits used as something else. `key`: another index key to test (core/keyring.py)."""
    raw = key or keys.secret(INDEX_KEY_NAME)
    return hmac.new(raw, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()


def fingerprint(value: str) -> str:
    """A short keyed tag the audit trail records in place of a personal value: it shows that a
    value changed, and to what it changed back, without showing the value."""
    return "已加密·" + index(value, "audit")[:10]
