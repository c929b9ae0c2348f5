"""Password rules (等保 三级): strength (the validators below), no reuse of the last few, and a
maximum age with a warning before it."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """At least three of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    @staticmethod
    def classes(password: str) -> int:
        return sum([
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ])

    def validate(self, password, user=None):
        if self.classes(password) < self.min_classes:
            raise ValidationError(
                "密码须包含大写字母、小写字母、数字、特殊字符中的至少 %(n)d 类。",
                code="password_too_simple",
                params={"n": self.min_classes},
            )

    def get_help_text(self):
        return f"密码须包含大写字母、小写字母、数字、特殊字符中的至少 {self.min_classes} 类。"


# Django 5.2 changed these messages and its zh-hans catalogue still has the old ones, so the
# messages are given here in Chinese rather than falling back to English.
class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "密码与用户名或姓名过于相似。"


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return "密码过于常见，请换一个。"


class HistoryValidator:
    """Not one of the person's last `count` passwords (the current one included)."""

    def __init__(self, count: int = 5):
        self.count = count

    def validate(self, password, user=None):
        if user is None or user.pk is None or self.count <= 0:
            return
        for old in user.password_history.all()[:self.count]:
            if check_password(password, old.password):
                raise ValidationError("新密码不能与最近 %(n)d 次使用过的密码相同。", code="password_reused",
                                      params={"n": self.count})

    def get_help_text(self):
        return f"不能与最近 {self.count} 次使用过的密码相同。"


def remember(user) -> None:
    """Keep the hash `user` has just been given, and only as many as the rule looks back on."""
    from .models import PasswordHistory

    PasswordHistory.objects.create(user=user, password=user.password,
                                   created_at=user.password_changed_at or user.date_joined)
    keep = max(settings.GONGKAI_PASSWORD_HISTORY, 1)
    stale = list(PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[keep:])
    PasswordHistory.objects.filter(pk__in=stale).delete()


def expires_at(user) -> datetime | None:
    """When the person's password must be changed (GONGKAI_PASSWORD_MAX_AGE_DAYS; 0: never)."""
    days = settings.GONGKAI_PASSWORD_MAX_AGE_DAYS
    changed = user.password_changed_at or user.date_joined
    if days <= 0 or changed is None:
        return None
    return changed + timedelta(days=days)


def expired(user, now: datetime) -> bool:
    end = expires_at(user)
    return end is not None and now >= end


def days_left(user, now: datetime) -> int | None:
    """Whole days until the password expires, when that is within the warning period."""
    end = expires_at(user)
    if end is None:
        return None
    left = (end - now).days
    return left if 0 <= left < settings.GONGKAI_PASSWORD_WARN_DAYS else None


def must_change(user, now: datetime) -> bool:
    """Set by someone else, or too old: changed before anything else is done."""
    return user.must_change_password or expired(user, now)
