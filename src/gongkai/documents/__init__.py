"""Official documents: notices (`notice.py`) and the pieces they and the annual report are made of
(`style.py`: fonts, sizes and the type area; `typeset.py`: PDF through Typst; `word.py`: DOCX).
Fonts and sizes are settings:

    GONGKAI_DOCUMENT_FONTS       role -> font families, the bureau's own fonts first
    GONGKAI_DOCUMENT_SIZES       role -> size in pt
    GONGKAI_DOCUMENT_SYSTEM_FONTS, GONGKAI_DOCUMENT_FONT_PATHS  where Typst finds them (core/fonts.py)
    GONGKAI_DOCUMENT_SEAL_MM     the seal's width on issued notices
    GONGKAI_SIGN_PDF, GONGKAI_SIGN_CERTIFICATES  PAdES signatures (signing.py)

What a feature needs is here by name: a letter, its two renderings, and the Chinese date.
"""

from .notice import NoticeDocument, render_docx, render_pdf
from .style import DEFAULT_FONTS, chinese_date, split_heading

__all__ = ["DEFAULT_FONTS", "NoticeDocument", "chinese_date", "render_docx", "render_pdf", "split_heading"]
