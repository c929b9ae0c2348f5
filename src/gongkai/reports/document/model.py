"""The annual report as its three renderers use it, prepared from the frozen report: labels, numbers
formatted as the official form asks, adjusted cells marked and explained. Pure: no typesetting."""

from datetime import date
from decimal import Decimal

from gongkai.documents.style import chinese_date

from .. import labels as L

NUMERALS = "一二三四五六"
TABLE_SECTIONS = ("二", "三", "四")
# The official table of section 三 carries this note in its top-left header cell; it is printed
# under the table instead, where it does not squeeze the row labels.
SECTION3_NOTE = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
APPLICANT_HEADER = "申请人情况"
CORRECTION_LABEL = "更正说明："
# pt: 五号 for every table, its notes and the 说明 of adjustments.
REPORT_SIZES = {"table": 10.5, "table_note": 10.5}
AMOUNT_LABEL = next(c.label for b in L.SECTION2 for c in b.columns if c.key == L.AMOUNT)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _number_text(value, amount: bool) -> str:
    if amount:
        return f"{Decimal(str(value)):.4f}"  # 万元, four decimals as the official form asks
    return str(int(value)) if float(value) == int(value) else str(value)


def _number(value, amount: bool) -> int | float:
    if amount:
        return float(value)
    return int(value) if float(value) == int(value) else float(value)


def _cell(value, amount: bool = False) -> dict:
    return {"value": _number(value, amount), "text": _number_text(value, amount), "mark": 0, "amount": amount}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in "。！？；.!?" else text + "。"


def prepare(doc: dict) -> dict:
    """The report as the three renderers use it: labels, formatted numbers, adjustment marks."""
    try:
        day = date.fromisoformat(str(doc["date"]))
    except (KeyError, ValueError) as exc:
        raise ValueError(f"年度报告的成文日期无效：{doc.get('date')!r}") from exc
    if not str(doc.get("title", "")).strip() or not str(doc.get("issuer", "")).strip():
        raise ValueError("年度报告缺少标题或署名机关")
    sections = doc["figures"]["sections"]

    s2 = []
    for block in sections["二"]["blocks"]:
        columns = list(block["columns"][1:])  # after 信息内容
        s2.append({
            "key": block.get("key", ""), "title": block["title"], "header": list(block["columns"]),
            "rows": [{"key": r.get("key", ""), "label": r["label"],
                      "cells": [_cell(r["values"][c], c == AMOUNT_LABEL) for c in columns]} for r in block["rows"]],
        })

    columns3 = list(sections["三"]["columns"])
    if columns3 != [c.label for c in L.SECTION3_COLUMNS]:
        raise ValueError(f"第三部分的列与全国统一格式不符：{columns3}")
    s3, parent = [], ""
    for r in sections["三"]["rows"]:
        if r["level"] < 2:
            parent = r["label"]
        s3.append({"key": r.get("key", ""), "label": r["label"], "level": r["level"], "parent": parent,
                   "cells": None if r["values"] is None else [_cell(r["values"][c]) for c in columns3]})

    columns4 = list(sections["四"]["columns"])
    groups: list[dict] = []
    for r in sections["四"]["rows"]:
        if r["group"] and groups and groups[-1]["label"] == r["group"]:
            groups[-1]["subs"].append(r["label"])
        else:
            groups.append({"label": r["group"] or r["label"], "subs": [r["label"]] if r["group"] else []})
    s4 = [{"key": r.get("key", ""), "label": r["label"], "group": r["group"],
           "cells": [_cell(r["values"][c]) for c in columns4]} for r in sections["四"]["rows"]]

    adjustments = _adjustments(doc.get("adjustments") or [], s2, s3, columns3, s4, columns4)
    narrative = doc.get("narrative") or {}
    return {
        "title": str(doc["title"]).strip(), "issuer": str(doc["issuer"]).strip(), "year": doc.get("year"),
        "day": day, "signed_on": chinese_date(day), "version": doc.get("version") or 1,
        "opening": _lines(doc.get("opening", "")), "correction": _lines(doc.get("correction", "")),
        "sections": [{"numeral": n, "title": s.title, "paragraphs": _lines(narrative.get(n, "")),
                      "table": n if n in TABLE_SECTIONS else ""} for n, s in zip(NUMERALS, L.SECTIONS, strict=True)],
        "s2": s2, "s3": {"columns": columns3, "rows": s3},
        "s4": {"columns": columns4, "groups": groups, "rows": s4},
        "adjustments": adjustments,
    }


def _adjustments(items, s2, s3, columns3, s4, columns4) -> list[dict]:
    """Each adjustment found in its table (by key, else by official label), its cell set to the
    reported value and marked with its number; in the order of the tables."""
    def find(adj) -> tuple[dict, str, str] | None:
        section, key, col = adj.get("section"), adj.get("row_key"), adj.get("column")
        if section == "二":
            for block in s2:
                for r in block["rows"]:
                    if r["key"] == key or r["label"] == adj.get("row"):
                        header = block["header"][1:]
                        if col in header:
                            return r["cells"][header.index(col)], f"{block['title']} {r['label']}", col
        if section == "三" and col in columns3:
            for r in s3:
                if r["cells"] is not None and (r["key"] == key or r["label"] == adj.get("row")):
                    where = f"{r['parent']} {r['label']}" if r["level"] == 2 else r["label"]
                    return r["cells"][columns3.index(col)], where, col
        if section == "四" and col in columns4:
            for r in s4:
                full = f"{r['group']}（{r['label']}）" if r["group"] else r["label"]
                if r["key"] == key or adj.get("row") in (r["label"], full):
                    return r["cells"][columns4.index(col)], full, col
        return None

    order = {s: i for i, s in enumerate(TABLE_SECTIONS)}
    found = []
    for adj in sorted(items, key=lambda a: order.get(a.get("section"), 9)):
        hit = find(adj)
        if hit is None:
            raise ValueError(f"人工调整的单元格不在报告表格中：第{adj.get('section')}部分“{adj.get('row')}”行"
                             f"“{adj.get('column')}”列")
        cell, where, column = hit
        if cell["mark"]:
            raise ValueError(f"同一单元格有两项人工调整：“{where}”行“{column}”列")
        n = len(found) + 1
        cell.update(_cell(adj["value"], cell["amount"]), mark=n)
        computed = _number_text(adj["computed"], cell["amount"])
        found.append({
            "n": n, "mark": f"*{n}", "section": adj["section"], "row": where, "column": column,
            "computed": _number(adj["computed"], cell["amount"]), "computed_text": computed,
            "value": cell["value"], "value_text": cell["text"], "reason": str(adj.get("reason", "")).strip(),
            "text": f"“{where}”行“{column}”列：系统计算值{computed}，报告值{cell['text']}。"
                    f"调整原因：{_sentence(str(adj.get('reason', '')))}",
        })
    return found


def table_notes(model: dict, section: str) -> list[dict]:
    return [{"mark": a["mark"], "text": a["text"]} for a in model["adjustments"] if a["section"] == section]
