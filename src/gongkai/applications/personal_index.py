"""The applicant keys against the personal-data index key (core/keyring.py asks through the
hooks this app registers in `ready()`): whether the stored keys were made with a given key, and
making them again with it after the key was replaced."""

from gongkai.core import crypto

from .models import Application
from .services.applicant import applicant_key

SAMPLE = 50
_FIELDS = ("applicant_kind", "id_type", "id_number", "credit_code", "name", "applicant_key")


def _key_of(app: Application, key: bytes) -> str:
    return applicant_key(app.applicant_kind, app.id_type, app.id_number, app.credit_code, app.name, index_key=key)


def check(key: bytes) -> list[str]:
    """An applicant key is an HMAC of the identity the row itself holds: recomputed with `key`, the
    latest applications must give their stored value back."""
    try:
        rows = list(Application.objects.order_by("-pk").only(*_FIELDS)[:SAMPLE])
    except crypto.DecryptionError:
        return []  # the ID numbers do not open: the personal-data key's own check says so
    if not rows or any(_key_of(a, key) == a.applicant_key for a in rows):
        return []
    return [f"最近 {len(rows)} 件申请的申请人标识无一能用当前检索密钥重新算出：数据不是用这把密钥写入的，"
            "重复申请将无法识别"]


def recompute(key: bytes) -> int:
    """Every applicant key again, from the (decrypted) identity each row holds; how many changed."""
    changed = []
    for app in Application.objects.only(*_FIELDS).iterator(chunk_size=2000):
        value = _key_of(app, key)
        if value != app.applicant_key:
            app.applicant_key = value
            changed.append(app)
    Application.objects.bulk_update(changed, ["applicant_key"], batch_size=1000)
    return len(changed)
