from django.contrib.auth import password_validation
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
