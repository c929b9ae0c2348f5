"""The annual report (政府信息公开工作年度报告) in the national format of 2021 as PDF, DOCX and XLSX:
`model.prepare` turns the frozen report into what the renderers print, and `pdf` (with
`report.typ`), `word` and `sheet` typeset it.

Input: the frozen report, one JSON-serialisable dict (what `reports.services.document` stores):

    title, issuer, year, date (成文日期, ISO), opening (paragraphs separated by newlines),
    narrative {"一": …, "五": …, "六": …} (body text; any other section's text is printed before
    its table), figures (`reports.annual.to_dict`: sections 二, 三, 四), adjustments (each with
    section, row (row_key if given, else the official label), column (official label), computed,
    value, reason), correction (更正说明 of a republished version, "" for the first), version.

The cells show the numbers in `figures`; an adjusted cell shows the adjustment's reported value,
carries a mark (*1, *2 …) and is explained in a 说明 under its table. Layout after GB/T 9704
(domain/documents.md) with the fonts, sizes and font folders of the letters
(GONGKAI_DOCUMENT_FONTS/SIZES/FONT_PATHS); the tables are set in the `table` size (default 五号),
which the sizes setting may override. The PDF template gets the report as JSON in `sys.inputs`;
nothing is spliced into markup.
"""
