"""Issued notices carry the body's seal over the signature and, when configured, a PAdES signature
by the body's certificate that a delivered copy can be verified against."""

import datetime as dt
import io
from datetime import date

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from gongkai.applications import notices
from gongkai.applications.models import NoticeKind
from gongkai.core import services
from gongkai.documents import NoticeDocument, render_pdf
from tests.core.test_seals import make_png


def images(pdf: bytes) -> list[tuple[int, int]]:
    """(width, height) of every image drawn, seal included."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for obj in page["/Resources"].get("/XObject", {}).values():
            obj = obj.get_object()
            if obj["/Subtype"] == "/Image":
                found.append((obj["/Width"], obj["/Height"]))
    return found


def test_gbt9704_7_3_5_issued_notices_carry_the_seal(online, staff, city_body):
    app, _ = online(date(2026, 11, 2))
    assert images(bytes(app.notices.get().pdf)) == []  # no seal uploaded, none drawn
    services.set_body_seal(actor=None, body=city_body, data=make_png(240, 200))
    app.refresh_from_db()
    notice = notices.issue(app, NoticeKind.EXTENSION, on=date(2026, 11, 20), actor=staff["handler"])
    assert (240, 200) in images(bytes(notice.pdf))


def test_a_letter_without_a_seal_is_a_draft_and_shows_none():
    letter = NoticeDocument(issuer="三明市公安局", number="", title="告知书", addressee="张三",
                            paragraphs=["正文。", "特此告知。"], signed_on=date(2026, 1, 5))
    assert images(render_pdf(letter)) == []


def throwaway_certificate(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "三明市公安局")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    path = tmp_path / "body.p12"
    path.write_bytes(serialization.pkcs12.serialize_key_and_certificates(
        b"body", key, cert, None, serialization.BestAvailableEncryption(b"secret")))
    pem = tmp_path / "body.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path, pem


def test_issued_notices_are_signed_with_the_body_certificate(online, staff, settings, tmp_path):
    p12, pem = throwaway_certificate(tmp_path)
    settings.GONGKAI_SIGN_PDF = True
    settings.GONGKAI_SIGN_CERTIFICATES = {"350400": (str(p12), "secret")}
    app, _ = online(date(2026, 11, 2))
    pdf = bytes(notices.issue(app, NoticeKind.EXTENSION, on=date(2026, 11, 20), actor=staff["handler"]).pdf)
    reader = PdfFileReader(io.BytesIO(pdf))
    (signature,) = reader.embedded_signatures
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[load_cert_from_pemder(str(pem))]))
    assert status.intact and status.valid and status.trusted and status.coverage.name == "ENTIRE_FILE"
    assert "/ETSI.CAdES.detached" in str(signature.sig_object["/SubFilter"])  # PAdES

    # A copy changed after signing no longer verifies.
    # (A byte of the binary comment on the second line: the file still opens, the digest differs.)
    assert pdf[9:10] == b"%"
    tampered = pdf[:10] + bytes([pdf[10] ^ 1]) + pdf[11:]
    (bad,) = PdfFileReader(io.BytesIO(tampered)).embedded_signatures
    assert not validate_pdf_signature(bad, ValidationContext(trust_roots=[load_cert_from_pemder(str(pem))])).intact


def test_signing_is_off_unless_configured(online, settings):
    settings.GONGKAI_SIGN_PDF = False
    app, _ = online(date(2026, 11, 2))
    assert b"/ByteRange" not in bytes(app.notices.get().pdf)
