"""What the OpenAPI schema says beyond each view's own description.

Every operation can answer with an error: bad parameters or body (400), no or bad credentials
(401), no permission (403), nothing public under that address or a page past the end (404), a
method the path does not take (405), too many requests (429). The bodies are DRF's, with the
Chinese messages of api/errors.py: `{"detail": "…"}` or one list of messages per field. Listing
them on every operation lets a client (and schemathesis in tests/api) check every answer against
the schema, not only the 200s."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "错误：detail 为说明（文字或文字列表），或按字段列出的错误信息",
    "properties": {"detail": {"description": "错误说明"}},
    "additionalProperties": True,
}
ERRORS = {
    "400": "请求参数或内容不正确",
    "401": "需要登录或提供有效的令牌",
    "403": "没有执行此操作的权限",
    "404": "未找到（不存在、未公开，或页码超出范围）",
    "405": "不支持该请求方法",
    "429": "请求过于频繁，请稍后再试",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook (settings.SPECTACULAR_SETTINGS)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(code, {"description": description, "content": content})
    return result


def choices_text(choices) -> str:
    """Codes and their names as the descriptions list them: `code＝name；code＝name`."""
    return "；".join(f"{value}＝{label}" for value, label in choices)
