"""Catalog data kept by the disclosure office: the topic tree (with deadlines and review chains)
and the yearly enforcement and fee figures the annual report's section 二 needs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.core import clock
from gongkai.core.access import scope_units
from gongkai.core.models import DisclosureBody
from gongkai.core.permissions import Capability
from gongkai.publications import services
from gongkai.publications.models import CatalogTopic, EnforcementFigures

from ..forms.catalog import FiguresForm, TopicForm
from ..pages import apply_errors, capability_required


@capability_required(Capability.PUBLICATIONS_MANAGE)
def topics(request):
    return render(request, "workbench/catalog/topics.html", {"topics": CatalogTopic.objects.all()})


@capability_required(Capability.PUBLICATIONS_MANAGE)
def topic_edit(request, pk=None):
    topic = get_object_or_404(CatalogTopic, pk=pk) if pk else None
    initial = None
    if topic:
        initial = {"name": topic.name, "code": topic.code, "parent": topic.parent, "sort_order": topic.sort_order,
                   "publish_within_days": topic.publish_within_days, "review_steps": topic.review_steps,
                   "is_sealed": topic.is_sealed, "is_active": topic.is_active,
                   "enforcement_kind": topic.enforcement_kind}
    form = TopicForm(request.POST or None, initial=initial, topic=topic)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.save_topic(actor=request.user, topic=topic, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存主题分类“{topic.name}”。")
            return redirect("workbench:topics")
    return render(request, "workbench/form_page.html", {
        "form": form, "title": f"编辑主题分类：{topic.name}" if topic else "新增主题分类", "back": "workbench:topics"})

@capability_required(Capability.REPORTS_MANAGE)
def enforcement_figures(request):
    bodies = DisclosureBody.objects.filter(unit__in=scope_units(request.user, Capability.REPORTS_MANAGE)).select_related("unit")
    body = next((b for b in bodies if b.unit.code == request.GET.get("body")), None) or bodies.first()
    try:
        year = int(request.GET.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
    row = EnforcementFigures.objects.filter(body=body, year=year).first() if body else None
    initial = {f: getattr(row, f) for f in FiguresForm.base_fields} if row else None
    form = FiguresForm(request.POST or None, initial=initial)
    if request.method == "POST" and body and form.is_valid():
        try:
            services.save_enforcement_figures(actor=request.user, body=body, year=year, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存{body.letter_name} {year} 年的数据。")
            return redirect(f"{request.path}?body={body.unit.code}&year={year}")
    rows = EnforcementFigures.objects.filter(body__in=bodies).select_related("body").order_by("-year", "body__unit__path")
    return render(request, "workbench/catalog/figures.html", {
        "form": form, "bodies": bodies, "body": body, "year": year, "rows": rows,
        "years": list(range(clock.today().year, clock.today().year - 6, -1))})
