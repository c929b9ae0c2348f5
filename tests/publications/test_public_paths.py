"""No unpublished or withdrawn item is reachable by any public path (privacy-lessons.md):
catalog page, item page, print view, attachment URL, RSS, Atom, sitemap, counts; the same item
is reachable while published."""

import pytest

from gongkai.publications import services
from gongkai.publications.models import Publication

from .conftest import run_chain

P = Publication


def _blank_pdf() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer, out = PdfWriter(), BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


PDF = _blank_pdf()


@pytest.fixture
def items(draft, team):
    """One published, one withdrawn, one still in review, one draft, one not public — with attachments."""
    def with_attachment(pub, name):
        services.add_attachment(actor=team["drafter"], publication=pub, name=name, data=PDF)
        return pub

    published = run_chain(with_attachment(draft(title="公开的通告甲"), "甲附件.pdf"), team)
    withdrawn = run_chain(with_attachment(draft(title="撤回的通告乙"), "乙附件.pdf"), team)
    services.withdraw(actor=team["office"], publication=withdrawn, reason="决定已撤销")
    in_review = with_attachment(draft(title="审核中的通告丙"), "丙附件.pdf")
    services.submit_for_review(actor=team["drafter"], publication=in_review)
    plain_draft = with_attachment(draft(title="草稿丁"), "丁附件.pdf")
    hidden = draft(title="不公开的戊", attribute=P.Attribute.NOT_PUBLIC, attribute_basis=P.AttributeBasis.ART16_INTERNAL,
                   attribute_reason="内部事务")
    return {"published": published, "hidden": [withdrawn, in_review, plain_draft, hidden]}


def test_catalog_lists_only_published(client, items):
    page = client.get("/xxgk/mulu/").content.decode()
    assert "公开的通告甲" in page
    for pub in items["hidden"]:
        assert pub.title not in page
    assert "共 1 条" in page


def test_item_pages(client, items):
    assert client.get(f"/xxgk/{items['published'].pk}/").status_code == 200
    assert client.get(f"/xxgk/{items['published'].pk}/?print=1").status_code == 200
    for pub in items["hidden"]:
        assert client.get(f"/xxgk/{pub.pk}/").status_code == 404
        assert client.get(f"/xxgk/{pub.pk}/?print=1").status_code == 404


def test_attachment_urls(client, items):
    pub = items["published"]
    att = pub.attachments.get()
    response = client.get(f"/xxgk/{pub.pk}/fujian/{att.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert "%E7%94%B2" in response["Content-Disposition"]  # 甲: the Chinese file name survives
    for hidden in items["hidden"]:
        for a in hidden.attachments.all():
            assert client.get(f"/xxgk/{hidden.pk}/fujian/{a.pk}/").status_code == 404
            # nor through the published item's URL
            assert client.get(f"/xxgk/{pub.pk}/fujian/{a.pk}/").status_code == 404


def test_attachment_disappears_on_withdrawal(client, items, team):
    pub = items["published"]
    att = pub.attachments.get()
    url = f"/xxgk/{pub.pk}/fujian/{att.pk}/"
    assert client.get(url).status_code == 200
    assert "no-cache" in client.get(url)["Cache-Control"]
    services.withdraw(actor=team["office"], publication=pub, reason="撤销")
    assert client.get(url).status_code == 404
    assert client.get(f"/xxgk/{pub.pk}/").status_code == 404


@pytest.mark.parametrize("url", ["/xxgk/rss/", "/xxgk/atom/", "/sitemap.xml"])
def test_feeds_and_sitemap(client, items, url):
    text = client.get(url).content.decode()
    assert f"/xxgk/{items['published'].pk}/" in text
    for pub in items["hidden"]:
        assert f"/xxgk/{pub.pk}/" not in text
        assert pub.title not in text


def test_interpretation_and_policy_link_each_other(client, draft, team):
    from gongkai.publications.models import CatalogTopic

    policy = run_chain(draft(title="停车管理办法", legal_form=P.LegalForm.NORMATIVE), team)
    interp = run_chain(draft(title="停车管理办法解读", topic=CatalogTopic.objects.get(code="03"), interprets=policy), team)
    assert "停车管理办法解读" in client.get(f"/xxgk/{policy.pk}/").content.decode()
    assert "解读的政策文件" in client.get(f"/xxgk/{interp.pk}/").content.decode()


def test_item_page_meta_and_metadata_table(client, items):
    page = client.get(f"/xxgk/{items['published'].pk}/").content.decode()
    for text in ['name="ArticleTitle" content="公开的通告甲"', 'name="PubDate"', 'name="ContentSource"',
                 "索引号", "发布机构", "生成日期", "发布日期", "文号", "主题分类", "有效性"]:
        assert text in page


def test_guide_renders_from_body_settings(client, bureau):
    page = client.get("/xxgk/zhinan/").content.decode()
    assert "三明市公安局政府信息公开指南" in page and "20 个工作日" in page
    assert "第三十一条" in page and "信息公开目录" in page
    assert "三明市公安局三元分局政府信息公开指南" in client.get("/xxgk/zhinan/?body=350404").content.decode()
