"""The coded lists the office keeps: letter topics (来信分类) and guide categories (办事指南类别).
One list page and one form per list; the checks and the audit are in `core.vocabulary`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.bulletins import services as guide_services
from gongkai.bulletins.models import GuideCategory
from gongkai.core.access import can
from gongkai.interaction import services as letter_services
from gongkai.interaction.models import LetterTopic

from ..forms.vocabulary import TermForm, TopicForm
from ..pages import apply_errors


def _require(request, capability: str) -> None:
    if not can(request.user, capability, None):
        raise PermissionDenied("只有政务公开办可以维护此分类")


@login_required
def letter_topics(request):
    _require(request, letter_services.HANDLE)
    topics = LetterTopic.objects.annotate(used=Count("letters")).order_by("sort_order", "id")  # GROUP BY drops Meta.ordering
    return render(request, "workbench/vocabulary/list.html", {
        "title": "来信分类", "terms": topics, "new": "workbench:letter_topic_new", "edit": "workbench:letter_topic_edit",
        "back": "workbench:letters", "used_label": "来信数", "with_active": True,
        "intro": "写信时选择的分类，也是来信统计的分组。已使用的分类只能停用，不能删除。"})


@login_required
def letter_topic_edit(request, pk=None):
    _require(request, letter_services.HANDLE)
    topic = get_object_or_404(LetterTopic, pk=pk) if pk else None
    initial = {"name": topic.name, "code": topic.code, "sort_order": topic.sort_order,
               "is_active": topic.is_active} if topic else None
    form = TopicForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            topic = letter_services.save_topic(actor=request.user, topic=topic, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存来信分类“{topic.name}”。")
            return redirect("workbench:letter_topics")
    return render(request, "workbench/form_page.html", {
        "form": form, "title": f"编辑来信分类：{topic.name}" if topic else "新增来信分类",
        "back": "workbench:letter_topics"})


@login_required
def guide_categories(request):
    _require(request, guide_services.GUIDE_CAPABILITY)
    categories = GuideCategory.objects.annotate(used=Count("guides")).order_by("sort_order", "id")
    return render(request, "workbench/vocabulary/list.html", {
        "title": "办事指南类别", "terms": categories, "new": "workbench:guide_category_new",
        "edit": "workbench:guide_category_edit", "delete": "workbench:guide_category_delete",
        "back": "workbench:guides", "used_label": "指南数",
        "intro": "门户网站“办事指南”栏目按类别浏览。类别下还有指南时不能删除。"})


@login_required
def guide_category_edit(request, pk=None):
    _require(request, guide_services.GUIDE_CAPABILITY)
    category = get_object_or_404(GuideCategory, pk=pk) if pk else None
    initial = {"name": category.name, "code": category.code, "sort_order": category.sort_order} if category else None
    form = TermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            category = guide_services.save_guide_category(actor=request.user, category=category, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存办事指南类别“{category.name}”。")
            return redirect("workbench:guide_categories")
    return render(request, "workbench/form_page.html", {
        "form": form, "title": f"编辑办事指南类别：{category.name}" if category else "新增办事指南类别",
        "back": "workbench:guide_categories"})


@require_POST
@login_required
def guide_category_delete(request, pk):
    _require(request, guide_services.GUIDE_CAPABILITY)
    category = get_object_or_404(GuideCategory, pk=pk)
    try:
        guide_services.delete_guide_category(actor=request.user, category=category)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"已删除办事指南类别“{category.name}”。")
    return redirect("workbench:guide_categories")
