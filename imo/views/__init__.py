"""The IMO pages, one module per page group. Thin views: the community through
`access.community_for`, every object through that community, what the viewer may see through
`imo.access.imo_viewer`, reads through `imo.selectors`, input through a form and every write
through `imo.services` (via `gemengdwonen.forms.run_service`).

Small actions (attendance, minutes, advice, putting a candidate on the agenda, the corporation's
buttons) are POST-only; their URLs answer a GET with 405, after the access check, so a refusal
looks the same as everywhere else (403 for a member without the right, 404 for an outsider).

    overview.py     the IMO overview and the process figures
    vacancies.py    vacancies coming free
    candidates.py   registering and changing candidates, their page, consent, invitations
    meetings.py     the rhythm and the meeting page (attendance, minutes, notes, advice, agenda)
    corporation.py  the corporation's decision, a declined offer, handover, moving in
    follow_ups.py   follow-up actions and check-ins after moving in
    pdf.py          the agenda PDF: download, regenerate, status
    _common.py      helpers the modules share
"""
