"""Personal data that may never reach a public bulletin or guide (privacy-lessons.md): the
proactive-disclosure scanner over their texts, and the message that stops submission and
publication. Read by the workflow's guards (`workflow.py`), the services, the import and the
workbench, which marks each finding in place."""

from dataclasses import dataclass

from gongkai.core import clock, scanner

from .models import Bulletin, ServiceGuide

BLOCKING_KINDS = {"id_number": "身份证号码", "id_number_unverified": "疑似身份证号码（校验位不符）", "mobile": "手机号码",
                  "bank_card": "银行卡号"}
FIELD_LABELS = {
    "comparison": "对比说明", "notable_cases": "典型警情", "prevention_advice": "防范提示",
    "name": "事项名称", "legal_basis": "设定依据", "conditions": "办理条件", "materials": "申请材料",
    "procedure": "办理流程", "time_limit_note": "时限说明", "fee": "收费标准", "fee_basis": "收费依据",
    "handling_unit": "受理单位", "place": "办理地点", "hours": "办理时间",
}
TEXT_FIELDS = ["comparison", "notable_cases", "prevention_advice"]  # a bulletin's texts, all scanned
# A guide's scanned texts; the phone field, a public contact number, is not scanned.
GUIDE_SCANNED = ["name", "legal_basis", "conditions", "materials", "procedure", "time_limit_note", "fee",
                 "fee_basis", "handling_unit", "place", "hours"]


@dataclass(frozen=True)
class TextFinding:
    field: str
    kind: str
    start: int
    end: int
    text: str

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

    @property
    def kind_label(self) -> str:
        return BLOCKING_KINDS.get(self.kind, self.kind)


def scan_texts(texts: dict[str, str]) -> list[TextFinding]:
    """Blocking findings of the proactive-disclosure scanner in each named text."""
    found = []
    for field, text in texts.items():
        for f in scanner.scan(text or "", kinds=BLOCKING_KINDS, today=clock.today()):
            found.append(TextFinding(field, f.kind, f.start, f.end, f.text))
    return found


def findings_message(findings: list[TextFinding]) -> str:
    listed = "；".join(f"“{f.field_label}”中的{f.kind_label} {f.text}" for f in findings[:10])
    more = f"等 {len(findings)} 处" if len(findings) > 10 else ""
    return f"含有个人信息，不能公开：{listed}{more}。请删除或改写后再提交"


def refusal(findings: list[TextFinding]) -> str:
    """The message that stops the step, or "" when nothing was found."""
    return findings_message(findings) if findings else ""


def bulletin_findings(bulletin: Bulletin) -> list[TextFinding]:
    return scan_texts({f: getattr(bulletin, f) for f in TEXT_FIELDS})


def guide_findings(guide: ServiceGuide) -> list[TextFinding]:
    texts = {f: getattr(guide, f) for f in GUIDE_SCANNED if f != "materials"}
    texts["materials"] = "\n".join(guide.materials or [])
    return scan_texts(texts)
