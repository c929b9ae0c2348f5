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


def check_credit_code(value: str) -> str:
    """A unified social credit code (统一社会信用代码) with its check character."""
    value = (value or "").strip().upper().replace(" ", "")
    if len(value) != 18:
        raise ValueError("统一社会信用代码应为18位")
    try:
        return uscc.validate(value)
    except StdnumError:
        raise ValueError("统一社会信用代码校验不通过，请核对") from None


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
