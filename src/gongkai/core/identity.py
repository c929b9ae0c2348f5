"""Who the applicant is: checks of the numbers they give, and masking for staff who do not handle
the case (privacy-lessons.md: personal fields only for those who need them)."""

import phonenumbers
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError


def check_resident_id(value: str) -> str:
    """A resident ID (居民身份证号码) with its check digit; returns the canonical form."""
    value = (value or "").strip().upper().replace(" ", "")
    if len(value) != 18:
        raise ValueError("居民身份证号码应为18位")
    try:
        return ric.validate(value)
    except StdnumError:
        raise ValueError("居民身份证号码校验不通过，请核对") from None


# GB 32100-2015: registration authority (1–9, A, N, Y), body type, 6-digit division code,
# 9-character organisation code, check character. python-stdnum wants the first 8 characters
# to be digits, which refuses real codes of 农村集体经济组织 (N…) and "其他" authorities (Y…),
# so the format is checked here and only the check character is left to stdnum.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def check_credit_code(value: str) -> str:
    """A unified social credit code (统一社会信用代码) with its check character."""
    value = (value or "").strip().upper().replace(" ", "")
    if len(value) != 18:
        raise ValueError("统一社会信用代码应为18位")
    if (value[0] not in "123456789ANY" or not value[2:8].isdigit()
            or any(c not in _USCC_CHARS for c in value)):
        raise ValueError("统一社会信用代码格式不正确，请核对")
    if uscc.calc_check_digit(value[:17]) != value[17]:
        raise ValueError("统一社会信用代码校验不通过，请核对")
    return value


def check_phone(value: str) -> str:
    """A mainland mobile or fixed-line number (with area code); returns digits as written."""
    raw = (value or "").strip()
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        raise ValueError("联系电话格式不正确，请填写手机号码或带区号的固定电话") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("联系电话格式不正确，请填写手机号码或带区号的固定电话")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).replace(" ", "")


def mask_name(name: str) -> str:
    if not name:
        return ""
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_number(value: str, keep_head: int = 4, keep_tail: int = 4) -> str:
    if not value:
        return ""
    if len(value) <= keep_head + keep_tail:
        return value[:1] + "*" * (len(value) - 1)
    return value[:keep_head] + "*" * (len(value) - keep_head - keep_tail) + value[-keep_tail:]


def mask_phone(value: str) -> str:
    return mask_number(value, 3, 4)


def mask_email(value: str) -> str:
    if "@" not in (value or ""):
        return mask_number(value or "", 1, 0)
    local, domain = value.split("@", 1)
    return (local[:1] + "***@" + domain) if local else "***@" + domain


def mask_address(value: str) -> str:
    """Keep the first six characters (province and city); hide the rest."""
    return value[:6] + "****" if len(value or "") > 6 else (value or "")
