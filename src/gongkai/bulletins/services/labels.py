"""The audit actions of bulletins and guides that are not steps of `workflow.py` (those are
labelled from the workflow)."""

AUDIT_LABELS = {
    "bulletin.create": "填报警情通报",
    "bulletin.import": "导入警情通报",
    "guide.create": "起草办事指南",
    "guide.attach": "上传办事指南表格",
    "guide.detach": "删除办事指南表格",
    "guide_category.save": "维护办事指南类别",
    "guide_category.delete": "删除办事指南类别",
}
