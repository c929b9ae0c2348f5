"""Demo data for proactive disclosure: about two years of a city bureau's catalog.

`planner.plan()` decides every item from the seeded random generator alone: what it is (title,
text, topic, publishing unit, dates, attachment) and what happens to it (published, waiting at a
review step, returned, withdrawn, corrected, repealed, not public …); each kind of item is drawn
in its own module (`news`, `notices`, `documents`, `yearly`, `enforcement`, `fates`, `pipeline`)
from the tables of `texts` and `acts`. `build.build_publications()` then lives each item's life
through `gongkai.publications.services` only, in date order (`runner`), so the audit trail,
review records, scanner findings and index numbers are what real use leaves behind.

The kinds of items and their wording follow what city police bureaus publish (seeds: 三明 2016,
武汉 2008, 广州 2011, 柳州 2009 reports): weekly incident bulletins, warnings, work news, service
guides, normative documents with their interpretations, budgets and final accounts, licence and
penalty results with the party's name masked, recruitment notices and the yearly reports.

Dates are relative to today (the window starts on the first of the month 22 months back), so the
same seed gives the same data on the same day, and open items are as fresh or as overdue as meant
whenever the demo is built.
"""
