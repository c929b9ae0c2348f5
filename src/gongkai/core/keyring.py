"""Every key the data depends on, what it protects, and whether the keys in use are the ones the
data was written with (issue #16, hole 8).

A restore without the secret key killed every query code, and `audit verify` passed: nothing
compared the key with the data. Now each key's public fingerprint (`keys.key_id`) is recorded in
the database (`core.KeyFingerprint`, at the first migrate), and `check_keys` holds the keys of the
environment against it, and against the data itself where that can be done without a secret
(an applicant key is recomputed from the row it names; personal data is opened). `gongkai backup` carries every key here
(those in files; those in the environment it names), `gongkai restore` refuses an archive whose
keys do not match, and `gongkai check_data` and `gongkai serve` say so on a live system.

`KEYS` is the one registry: a new key (the personal-data key of core/crypto.py, say) registers a
`KeySpec` with the checks of what it protects, and backup, restore and the checks follow.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections, transaction
from django.utils import timezone

from . import audit, keys

audit.ACTION_LABELS.update({"keys.accept": "改用当前密钥", "system.restore": "从备份恢复"})

@dataclass(frozen=True)
class KeySpec:
    name: str  # the fingerprint's row, the manifest's entry, the key file's name
    label: str  # what a person calls it
    protects: str  # what stops working without it
    env_var: str  # the environment variable that overrides the file
    path: Callable[[], Path]  # where its file is kept
    parse: Callable[[str, str], bytes]  # (text of the file or variable, where it came from) -> key
    load: Callable[[bool], bytes]  # the key this process uses (create: make it if it does not exist)
    checks: tuple[Callable[[bytes], list[str]], ...] = ()  # data held against the key: problems found
    # After a lost key is replaced (`accept_current`): recompute what can be recomputed with the
    # new key from the data itself; returns how many values were rewritten.
    rekey: Callable[[bytes], int] | None = None

    def from_environment(self) -> bytes | None:
        text = os.environ.get(self.env_var)
        return self.parse(text, f"环境变量 {self.env_var}") if text else None

    @property
    def named(self) -> str:
        """The label inside a Chinese sentence: a Latin name gets a space each side."""
        return f" {self.label} " if self.label.isascii() else self.label

    def location(self) -> str:
        return f"环境变量 {self.env_var}" if os.environ.get(self.env_var) else f"密钥文件 {self.path()}"


KEYS: dict[str, KeySpec] = {}


def register(spec: KeySpec) -> KeySpec:
    KEYS[spec.name] = spec
    return spec


def fingerprint(key: bytes) -> str:
    return keys.key_id(key)


def _key_file_spec(name: str, label: str, protects: str, checks=()) -> KeySpec:
    """A key of core/keys.py: `GONGKAI_<NAME>_KEY` or `<GONGKAI_KEY_DIR>/<name>.key`, base64."""
    return KeySpec(name=name, label=label, protects=protects, env_var=keys._env_name(name),
                   path=lambda: keys.key_path(name), parse=keys._decode,
                   load=lambda create: keys.secret(name, create=create), checks=tuple(checks))


def spec_for(name: str) -> KeySpec:
    """The registered key, or a key file nobody registered (backed up and restored all the same)."""
    return KEYS.get(name) or _key_file_spec(name, f"密钥 {name}", "以该密钥写入的数据")


# --- SECRET_KEY -------------------------------------------------------------------------------

def _secret_key_text(text: str, where: str) -> bytes:
    value = text.strip()
    if not value:
        raise ImproperlyConfigured(f"{where} 是空的")
    return value.encode()


# What the features hash with the personal-data index key: each adds, in its AppConfig.ready(),
# a check (were the stored hashes made with this key?) and a recompute (hash again with it).
_INDEX_CHECKS: list[Callable[[bytes], list[str]]] = []
_INDEX_REKEYS: list[Callable[[bytes], int]] = []


def register_index_user(*, rekey: Callable[[bytes], int], check: Callable[[bytes], list[str]] | None = None) -> None:
    if check is not None and check not in _INDEX_CHECKS:
        _INDEX_CHECKS.append(check)
    if rekey not in _INDEX_REKEYS:
        _INDEX_REKEYS.append(rekey)


def _index_checks(key: bytes) -> list[str]:
    return [problem for check in _INDEX_CHECKS for problem in check(key)]


def _index_rekey(key: bytes) -> int:
    return sum(rekey(key) for rekey in _INDEX_REKEYS)


def _personal_data(key: bytes) -> list[str]:
    """Every key id the stored personal data names must be at hand, and the latest value of each
    column must open (a restore that kept the database but not `keys/personal.key`)."""
    from . import crypto, rotation

    problems = []
    have = {k.id for k in crypto.previous_keys()} | {keys.key_id(key)}
    for column in rotation.status():
        missing = {kid for kid in column.by_key if kid is not None} - have
        if missing:
            problems.append(f"{column.label}：{sum(column.by_key[k] for k in missing)} 条个人信息由缺失的密钥 "
                            f"{'、'.join(sorted(missing))} 加密，无法读取")
    if not problems:
        for model, fields in rotation.encrypted_fields().items():
            latest = model._default_manager.order_by("-pk").first()
            try:
                latest and [getattr(latest, f.name) for f in fields]
            except crypto.DecryptionError as exc:
                problems.append(f"{model._meta.label}：个人信息无法解密（{exc}）")
    return problems


register(KeySpec(
    name="secret_key", label="SECRET_KEY", protects="查询码", env_var="SECRET_KEY",
    path=lambda: Path(settings.GONGKAI_SECRET_KEY_FILE), parse=_secret_key_text,
    load=lambda create: settings.SECRET_KEY.encode()))

register(_key_file_spec("audit", "审计密钥", "审计日志的签名链和库外检查点"))
register(_key_file_spec("personal", "个人信息密钥", "申请人和来信人的证件号码、电话、地址、邮箱和身份证明",
                        checks=[_personal_data]))
register(replace(_key_file_spec("personal_index", "个人信息检索密钥", "重复申请和同一来信人的识别",
                               checks=[_index_checks]), rekey=_index_rekey))


# --- Fingerprints in the database -------------------------------------------------------------

def _table_exists(using: str = "default") -> bool:
    from .models import KeyFingerprint

    connection = connections[using]
    with connection.cursor() as cursor:
        return KeyFingerprint._meta.db_table in connection.introspection.table_names(cursor)


def recorded(using: str = "default") -> dict[str, str]:
    from .models import KeyFingerprint

    return dict(KeyFingerprint.objects.using(using).values_list("name", "key_id"))


def record_missing(using: str = "default") -> list[str]:
    """Record the fingerprint of each registered key the database has none for yet; the names."""
    from .models import KeyFingerprint

    done = []
    have = recorded(using)
    for spec in KEYS.values():
        if spec.name in have:
            continue
        try:
            key = spec.load(True)
        except ImproperlyConfigured:
            continue  # a key that cannot be had yet protects nothing yet
        KeyFingerprint.objects.using(using).get_or_create(
            name=spec.name, defaults={"key_id": fingerprint(key), "recorded_at": timezone.now()})
        done.append(spec.name)
    return done


def record_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate receiver: the keys that migrate a database (for an installation upgraded to
    this, the keys its data was written with) are the keys of its data from then on."""
    if _table_exists(using):
        record_missing(using)


# --- The check ----------------------------------------------------------------------------------

@dataclass
class KeyStatus:
    spec: KeySpec
    key_id: str | None = None  # the key this environment uses
    recorded_id: str | None = None  # the key the database says its data was written with
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_keys(*, deep: bool = True, using: str = "default") -> list[KeyStatus]:
    """Each registered key held against the fingerprint the database recorded and, with `deep`,
    against the data it protects. Reads only."""
    try:
        fingerprints = recorded(using)
    except DatabaseError:  # not migrated yet: nothing is protected yet
        fingerprints = {}
    statuses = []
    for spec in KEYS.values():
        status = KeyStatus(spec, recorded_id=fingerprints.get(spec.name))
        statuses.append(status)
        try:
            key = spec.load(False)
        except ImproperlyConfigured as exc:
            status.problems.append(f"{spec.label}：缺失或无效（{exc}），{spec.protects}无法使用")
            continue
        status.key_id = fingerprint(key)
        if status.recorded_id is None:
            status.warnings.append(f"数据库中没有{spec.named}的指纹（当前密钥 {status.key_id}）：运行 gongkai migrate 记录")
        elif status.recorded_id != status.key_id:
            status.problems.append(
                f"{spec.label}：不是写入数据时的密钥（数据库记录 {status.recorded_id}，当前 {status.key_id}，"
                f"来自{spec.location()}）：{spec.protects}都将失效。请恢复原来的密钥；"
                "确已丢失时，运行 gongkai check_data --accept-keys 改用当前密钥")
        if deep and not status.problems:
            for check in spec.checks:
                status.problems.extend(check(key))
    return statuses


@dataclass
class Accepted:
    old_id: str | None
    new_id: str
    rekeyed: int = 0  # values recomputed with the new key


def accept_current(*, using: str = "default") -> dict[str, Accepted]:
    """After a key is known to be lost: record the keys in use as the data's keys from now on,
    recompute what the data itself allows (`KeySpec.rekey`), audited. What only the lost key could
    open stays lost (query codes are issued again case by case)."""
    from .models import KeyFingerprint

    changed: dict[str, Accepted] = {}
    with transaction.atomic(using=using):
        have = recorded(using)
        for spec in KEYS.values():
            key = spec.load(True)
            key_id = fingerprint(key)
            if have.get(spec.name) == key_id:
                continue
            KeyFingerprint.objects.using(using).update_or_create(
                name=spec.name, defaults={"key_id": key_id, "recorded_at": timezone.now()})
            changed[spec.name] = Accepted(have.get(spec.name), key_id, spec.rekey(key) if spec.rekey else 0)
        if changed:
            audit.record(action="keys.accept", object_type="core.keyfingerprint",
                         object_repr="、".join(KEYS[name].label for name in changed),
                         before={name: a.old_id for name, a in changed.items()},
                         after={name: a.new_id for name, a in changed.items()} |
                         {f"{name}_rekeyed": a.rekeyed for name, a in changed.items() if a.rekeyed})
    return changed
