"""Who asks and what: the applicant's keyed hash, the query code, and the checks of the form
(Art. 29) that the portal, the API and the workbench share. No writes."""


from django.conf import settings
from django.core.exceptions import ValidationError

from gongkai.core import crypto, identity, querycodes

from .. import notices
from ..models import ApplicantKind, Application, IdType


def applicant_key(kind: str, id_type: str, id_number: str, credit_code: str, name: str, *,
                  index_key: bytes | None = None) -> str:
    """A keyed hash naming the applicant, for duplicates and the monthly fee count; keyed (with the
    personal-data index key, outside the database) so the stored value cannot be turned back into
    an ID number by trying them all. Migration applications/0004 computes the same. `index_key`
    lets core/keyring.py hold another key against the stored values."""
    ident = credit_code if kind != ApplicantKind.PERSON else f"{id_type}:{id_number}"
    if not ident.strip(":"):
        ident = "name:" + name.strip()
    return crypto.index(ident.upper(), "applicant", key=index_key)


def hash_code(code: str) -> str:
    return querycodes.digest(code)


def check_query_code(app: Application, code: str) -> bool:
    return querycodes.matches(app.query_code_hash, code)


new_query_code = querycodes.new


APPLICANT_FIELDS = [
    "applicant_kind", "name", "id_type", "id_number", "credit_code", "legal_representative", "contact_name",
    "phone", "email", "address", "postcode",
]
REQUEST_FIELDS = ["description", "document_number", "purpose", "medium", "collection", "items"]


def clean_applicant(data: dict) -> dict:
    """Check an applicant's details (Art. 29); every problem at once, in Chinese, per field."""
    errors: dict[str, str] = {}
    out = {f: (data.get(f) or "") for f in APPLICANT_FIELDS}
    out = {k: (notices.printable(v).strip() if isinstance(v, str) else v) for k, v in out.items()}
    kind = out["applicant_kind"]
    if kind not in ApplicantKind.values:
        errors["applicant_kind"] = "请选择申请人类型"
    if not out["name"]:
        errors["name"] = "请填写姓名" if kind == ApplicantKind.PERSON else "请填写单位名称"
    if kind == ApplicantKind.PERSON:
        out["credit_code"] = out["legal_representative"] = ""
        if out["id_type"] not in IdType.values:
            errors["id_type"] = "请选择证件类型"
        elif not out["id_number"]:
            errors["id_number"] = "请填写证件号码"
        elif out["id_type"] == IdType.RESIDENT_ID:
            try:
                out["id_number"] = identity.check_resident_id(out["id_number"])
            except ValueError as exc:
                errors["id_number"] = str(exc)
    elif kind:
        out["id_type"] = out["id_number"] = ""
        try:
            out["credit_code"] = identity.check_credit_code(out["credit_code"])
        except ValueError as exc:
            errors["credit_code"] = str(exc)
        if not out["legal_representative"]:
            errors["legal_representative"] = "请填写法定代表人或负责人"
        if not out["contact_name"]:
            errors["contact_name"] = "请填写联系人"
    if not out["phone"]:
        errors["phone"] = "请填写联系电话"
    else:
        try:
            out["phone"] = identity.check_phone(out["phone"])
        except ValueError as exc:
            errors["phone"] = str(exc)
    if out["email"] and ("@" not in out["email"] or "." not in out["email"].split("@")[-1]):
        errors["email"] = "电子邮箱格式不正确"
    postcode = out["postcode"]
    if postcode and not (postcode.isascii() and postcode.isdigit() and len(postcode) == 6):
        errors["postcode"] = "邮政编码应为6位数字"
    if errors:
        raise ValidationError(errors)
    return out


def clean_request(data: dict) -> dict:
    errors: dict[str, str] = {}
    out = {f: data.get(f) for f in REQUEST_FIELDS}
    for name in ("description", "document_number", "purpose"):
        out[name] = notices.printable(out[name] or "").strip()
    if len(out["description"]) < 4:
        errors["description"] = "请描述所需信息的名称、文号或者便于查询的其他特征性描述（条例第二十九条）"
    from ..models import Collection, Medium
    out["medium"] = out["medium"] or Medium.PAPER
    out["collection"] = out["collection"] or Collection.POST
    if out["medium"] not in Medium.values:
        errors["medium"] = "请选择获取信息的载体形式"
    if out["collection"] not in Collection.values:
        errors["collection"] = "请选择获取信息的方式"
    try:
        out["items"] = int(out["items"] or 1)
        if not 1 <= out["items"] <= 999:
            raise ValueError
    except (TypeError, ValueError):
        errors["items"] = "申请信息件数应为1至999之间的整数"
    if errors:
        raise ValidationError(errors)
    return out


def check_identity_proof(content: bytes) -> None:
    """An identity proof is a PDF or an image of at most GONGKAI_IDENTITY_PROOF_MAX_BYTES."""
    from gongkai.core.files.kinds import sniff

    if len(content) > settings.GONGKAI_IDENTITY_PROOF_MAX_BYTES:
        raise ValidationError({"identity_proof": "身份证明文件不能超过 5 MB"})
    if sniff(content) not in {"pdf", "png", "jpeg"}:
        raise ValidationError({"identity_proof": "身份证明文件只能是 PDF、PNG 或 JPEG 格式"})
