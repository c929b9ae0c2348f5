"""PAdES signatures on issued notices (pyHanko), so that a delivered copy can be verified against
the body's certificate. Off unless configured:

    GONGKAI_SIGN_PDF           True to sign (env GONGKAI_SIGN_PDF=1)
    GONGKAI_SIGN_CERTIFICATES  body code (its unit's code) -> (PKCS#12 path, password); the key ""
                               is every other body's (env GONGKAI_SIGN_PKCS12 and
                               GONGKAI_SIGN_PKCS12_PASSWORD set that one)

A body with no certificate gets unsigned PDFs; a configured certificate that cannot be read stops
the issue (a notice that should be signed is not sent out unsigned)."""

import io
from pathlib import Path

from django.conf import settings


class SigningError(RuntimeError):
    """The configured certificate cannot be used; the message is for people (Chinese)."""


def certificate_for(body_code: str) -> tuple[str, str] | None:
    if not getattr(settings, "GONGKAI_SIGN_PDF", False):
        return None
    certificates = getattr(settings, "GONGKAI_SIGN_CERTIFICATES", {}) or {}
    found = certificates.get(body_code) or certificates.get("")
    return (str(found[0]), found[1] or "") if found and found[0] else None


def sign_pdf(pdf: bytes, *, body_code: str, signer_name: str) -> bytes:
    """The PDF with a PAdES-B-B signature by the body's certificate, or unchanged if none is set."""
    found = certificate_for(body_code)
    if found is None:
        return pdf
    # Imported only when signing is on: pyHanko is heavy, and its import warns about DSA on every start.
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter

    path, password = found
    try:
        signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password.encode() or None)
    except (OSError, ValueError) as exc:
        raise SigningError(f"无法读取文书签名证书 {Path(path).name}：{exc}") from None
    if signer is None:
        raise SigningError(f"无法读取文书签名证书 {Path(path).name}（文件或密码有误）")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(field_name="Signature", name=signer_name, reason="出具文书",
                                        subfilter=SigSeedSubFilter.PADES)
    out = signers.PdfSigner(meta, signer=signer, new_field_spec=SigFieldSpec("Signature")).sign_pdf(writer)
    return out.getvalue()
