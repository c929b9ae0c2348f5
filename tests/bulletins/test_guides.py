"""Service guides: what a guide must say, who may maintain it, and that the public sees it and
its forms only while it is published."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.bulletins import selectors, services
from gongkai.bulletins.models import GuideCategory, ServiceGuide

from .conftest import pdf_bytes


def test_categories_are_seeded(db):
    assert list(GuideCategory.objects.values_list("name", flat=True)) == [
        "户政", "出入境", "交通管理", "治安管理", "消防", "其他"]


def test_guide_needs_its_essentials(make_guide):
    with pytest.raises(ValidationError) as exc:
        make_guide(name="", legal_basis=" ", materials=[], phone="")
    errors = exc.value.message_dict
    assert errors["name"] == ["请填写事项名称"] and errors["legal_basis"] == ["请填写设定依据"]
    assert "请列出申请材料" in errors["materials"][0] and errors["phone"] == ["请填写咨询电话"]


def test_fee_needs_its_basis_and_promise_fits_the_law(make_guide):
    with pytest.raises(ValidationError) as exc:
        make_guide(charges=True, fee="每证 20 元", statutory_days=3, promised_days=5)
    assert exc.value.message_dict == {"fee_basis": ["收费的事项请填写收费依据（文件名称和文号）"],
                                      "promised_days": ["承诺时限不能长于法定时限"]}
    free = make_guide(charges=False, fee="随便写的", fee_basis="无")
    assert (free.fee, free.fee_basis) == ("", "")


def test_one_guide_per_item(make_guide, people):
    first = make_guide()
    with pytest.raises(ValidationError, match="已有办事指南"):
        make_guide()
    services.publish_guide(actor=people["clerk_sy"], guide=first)
    services.withdraw_guide(actor=people["clerk_sy"], guide=first, reason="事项已取消")
    make_guide()  # a withdrawn guide does not block a new one


def test_other_unit_cannot_edit(make_guide, people):
    guide = make_guide()
    with pytest.raises(PermissionDenied):
        services.update_guide(actor=people["clerk_sx"], guide=guide, name="改名")
    with pytest.raises(PermissionDenied):
        services.publish_guide(actor=people["clerk_sx"], guide=guide)
    with pytest.raises(PermissionDenied):
        services.add_guide_form(actor=people["clerk_sx"], guide=guide, name="表.pdf", data=pdf_bytes())
    assert not selectors.staff_guides(people["clerk_sx"]).filter(pk=guide.pk).exists()


def test_scanner_blocks_publishing_personal_data(make_guide, people):
    guide = make_guide(conditions="联系人张某，手机 13805981234。")
    with pytest.raises(ValidationError, match="“办理条件”中的手机号码 13805981234"):
        services.publish_guide(actor=people["clerk_sy"], guide=guide)
    services.update_guide(actor=people["clerk_sy"], guide=guide, conditions="因科研需要购买剧毒化学品的单位。")
    services.publish_guide(actor=people["clerk_sy"], guide=guide)
    # A published guide cannot be edited into carrying it either.
    with pytest.raises(ValidationError, match="手机号码"):
        services.update_guide(actor=people["clerk_sy"], guide=guide, materials=["联系 13805981234"])


def test_forms_are_sniffed_not_named(make_guide, people):
    guide = make_guide()
    with pytest.raises(ValidationError, match="只能是 PDF、DOCX 或 XLSX"):
        services.add_guide_form(actor=people["clerk_sy"], guide=guide, name="申请表.pdf", data=b"<html>not a pdf</html>")
    with pytest.raises(ValidationError, match="文件为空"):
        services.add_guide_form(actor=people["clerk_sy"], guide=guide, name="申请表.pdf", data=b"")
    form = services.add_guide_form(actor=people["clerk_sy"], guide=guide, name="申请表.docx", data=pdf_bytes())
    assert form.kind == "pdf" and form.original_name == "申请表.pdf"  # named for what it is


@pytest.fixture
def guide_with_form(make_guide, people):
    guide = make_guide()
    form = services.add_guide_form(actor=people["clerk_sy"], guide=guide, name="剧毒化学品购买许可证申请表.pdf",
                                   data=pdf_bytes())
    return guide, form


def test_form_is_served_only_while_the_guide_is_published(client, guide_with_form, people):
    guide, form = guide_with_form
    url = f"/banshi/{guide.pk}/biaoge/{form.pk}/"
    assert client.get(url).status_code == 404  # draft
    assert client.get(f"/banshi/{guide.pk}/").status_code == 404
    services.publish_guide(actor=people["clerk_sy"], guide=guide)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["X-Content-Type-Options"] == "nosniff" and "no-cache" in response["Cache-Control"]
    page = client.get(f"/banshi/{guide.pk}/").content.decode()
    assert url in page and "剧毒化学品购买许可证申请表.pdf" in page
    services.withdraw_guide(actor=people["clerk_sy"], guide=guide, reason="事项已调整")
    assert client.get(url).status_code == 404
    assert client.get(f"/banshi/{guide.pk}/").status_code == 404
    assert guide.name not in client.get("/banshi/").content.decode()
    # Another guide's number with this form's number is not a way in either.
    other = ServiceGuide.objects.create(**{**{f: getattr(guide, f) for f in ["unit", "body", "category", "created_by"]},
                                    "name": "其他", "status": ServiceGuide.Status.PUBLISHED})
    assert client.get(f"/banshi/{other.pk}/biaoge/{form.pk}/").status_code == 404


def test_guides_list_by_category(client, make_guide, people):
    g1 = make_guide()
    g2 = make_guide(name="居民身份证申领", category=GuideCategory.objects.get(code="huzheng"))
    make_guide(name="草稿中的指南")
    for g in (g1, g2):
        services.publish_guide(actor=people["office"], guide=g)
    page = client.get("/banshi/").content.decode()
    assert "剧毒化学品购买许可" in page and "居民身份证申领" in page and "草稿中的指南" not in page
    page = client.get("/banshi/", {"category": "huzheng"}).content.decode()
    assert "居民身份证申领" in page and "剧毒化学品购买许可" not in page
    detail = client.get(f"/banshi/{g1.pk}/").content.decode()
    for text in ["设定依据", "《危险化学品安全管理条例》第三十八条", "营业执照", "受理审查", "3 个工作日", "不收费",
                 "0598-8250160", 'name="PubDate"']:
        assert text in detail


def test_form_is_served_as_what_it_is_not_as_it_was_named(client, make_guide, people):
    """A PDF uploaded as "申请表.html" is a PDF: its type and extension come from its content."""
    guide = make_guide()
    services.publish_guide(actor=people["clerk_sy"], guide=guide)
    form = services.add_guide_form(actor=people["clerk_sy"], guide=guide, name="申请表.html", data=pdf_bytes())
    assert form.original_name == "申请表.pdf"
    response = client.get(f"/banshi/{guide.pk}/biaoge/{form.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert "html" not in response["Content-Disposition"]
