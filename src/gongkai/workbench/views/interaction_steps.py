"""The steps of the workbench's letter page, one small POST form each: what each step looks like
on the page (its form, its button and the message after it). The step itself is taken by
`interaction.actions`, the same table the API uses.

Which steps a person sees is `interaction.workflow`'s answer; `views/interaction.py` lays the
offered ones out on the letter page and posts them back through `PANELS`."""

from collections.abc import Callable
from dataclasses import dataclass

from gongkai.core.models import Unit, User
from gongkai.interaction import actions, selectors, workflow
from gongkai.interaction.models import Status

from ..forms import interaction as f

HANDLE = workflow.HANDLE


def _assign_form(letter, user, data, **kw):
    root = letter.body.unit
    units = Unit.objects.filter(path__startswith=root.path, is_active=True)
    staff = (User.objects.filter(is_active=True, unit__path__startswith=root.path).select_related("unit")
             .prefetch_related("roles").order_by("unit__path", "username"))
    handlers = [u for u in staff if any(HANDLE in r.capabilities for r in u.roles.all())]
    kw.setdefault("initial", {"unit": letter.unit_id, "handler": letter.handler_id})
    return f.AssignForm(data, units=units, handlers=handlers, **kw)


def _publish_form(letter, user, data, **kw):
    text = selectors.public_text(letter)
    kw.setdefault("initial", {"public_subject": text["subject"] or letter.subject,
                              "public_content": text["content"] or letter.content,
                              "public_reply": text["reply"] or letter.reply_text})
    return f.PublishForm(data, **kw)


def _simple(form_class):
    def make(letter, user, data, **kw):
        return form_class(data, **kw)
    return make


# What the letter page says after each step (`actions.LETTER` takes it), from the letter after it.

def _assigned(letter, result):
    return f"已分办至{letter.unit.name}" + (f"，承办人{letter.handler.display_name}。" if letter.handler else "。")


def _replied(letter, result):
    if letter.status == Status.REVIEW:
        return "已提交答复，待政务公开办审核后答复来信人。"
    return "已答复来信人，来信人可凭来信编号和查询码查看。"


def _said(text: str):
    return lambda letter, result: text


@dataclass(frozen=True)
class Panel:
    form: Callable        # (letter, user, data, **kwargs) -> Form
    done: Callable        # (letter after the step, what the service returned) -> the message shown
    button: str = "提交"
    intro: str = ""
    danger: bool = False
    panel: bool = True    # shown among the steps (False: shown on its own)
    first: bool = False   # the obvious next thing whenever it applies: shown unfolded


# How each step of `interaction.workflow` looks on the letter page; which steps a person sees is
# the workflow's answer. The Art. 39 conversion has a page of its own (`to_application`).
PANELS: dict[str, Panel] = {
    "assign": Panel(_assign_form, _assigned, "分办", "分办给承办单位（可同时指定承办人）；答复期限自收信之日起计算，不因分办而改变。",
                    first=True),
    "reply": Panel(_simple(f.ReplyForm), _replied, "提交答复", first=True),
    "approve_reply": Panel(_simple(f.EmptyForm), _said("已审核通过，答复已对来信人显示。"), "审核通过并答复来信人", first=True),
    "return_reply": Panel(_simple(f.ReturnForm), _said("已退回承办单位修改。"), "退回", danger=True),
    "close": Panel(_simple(f.CloseForm), _said("来信已办结。"), "办结"),
    "publish": Panel(_publish_form, _said("已在门户网站“互动交流”栏目公开。"), "检查并公开",
                     "公开前系统检查公开文本中的个人信息（身份证号、手机号码、银行卡号、车牌号、姓名、电子邮箱及来信人信息）；"
                     "发现的须删除或改写后才能公开。只修改公开文本，来信原文不变。"),
    "unpublish": Panel(_simple(f.UnpublishForm), _said("已撤回公开，门户网站和接口不再显示。"), "撤回公开", danger=True),
    "add_note": Panel(_simple(f.NoteForm), _said("已添加内部备注。"), "添加备注", panel=False),
}
assert PANELS.keys() == actions.LETTER.keys()


def form_for(name: str, letter, user, data=None):
    return PANELS[name].form(letter, user, data, auto_id=f"{name}_%s")
