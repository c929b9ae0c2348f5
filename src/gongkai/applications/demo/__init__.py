"""Demo data for disclosure on application: about fifty applications to the city bureau and its two
branches, over the previous and the current year, each living its life through
`gongkai.applications.services` on the days it would have happened.

`planner.plan()` decides every case (who asks what, by which channel, on which day, and what
happens to it) from the tables of `cases` and the applicants of `people`; `build.build_applications()`
runs all their steps in one timeline (`runner`), date order, with the services' "today" pinned to
the step's day, so tracking numbers, notice numbers, the timeline and the audit
chain are what real use leaves behind. Every outcome of `outcomes.OUTCOMES` occurs at the city
bureau; every channel and applicant type occurs; some cases are still open (at each waiting step,
two overdue), three were received in December and answered in January (carried over), and a few
went to reconsideration or court.

Dates are relative to today, as in the proactive-disclosure demo. Personal data is invented but
valid: resident ID numbers and credit codes carry correct check characters.
"""
