"""The API's JSON parser: refuses a NUL character in any string of the body.

A NUL is never real input, and PostgreSQL refuses it in any text value or comparison (a
DataError, so a 500): a serializer field without DRF's null-character validator (a slug looked
up in the database, say) let it through. Query strings are refused earlier, in
core.middleware.ControlCharacterMiddleware; this is the same rule for JSON bodies."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

MESSAGE = "请求中含有不允许的字符（空字符），请检查后重试。"


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if _has_nul(data):
            raise ParseError(MESSAGE)
        return data


class StrictFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if any(_has_nul(k) or _has_nul(v) for k, vs in data.lists() for v in vs):
            raise ParseError(MESSAGE)
        return data


class StrictMultiPartParser(MultiPartParser):
    """The fields only: a file's bytes may hold anything."""

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        if any(_has_nul(k) or _has_nul(v) for k, vs in parsed.data.lists() for v in vs):
            raise ParseError(MESSAGE)
        return parsed
