"""A Celery worker for the fault tests (tests/test_faults.py), on both queues, one process.

With FAULTS_PDF_GATE set to a file name, rendering an agenda waits while that file exists (and
with FAULTS_REPORT_GATE an annual report): the test can kill the worker in the middle of a PDF
task, deterministically.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.fault_settings")

import django  # noqa: E402

django.setup()

from gemengdwonen.celery import app  # noqa: E402
from imo import pdf  # noqa: E402

GATE = os.environ.get("FAULTS_PDF_GATE")
if GATE:
    render = pdf.render_to_pdf

    def gated_render_to_pdf(*args, **kwargs):
        while os.path.exists(GATE):
            time.sleep(0.05)
        return render(*args, **kwargs)

    # The agenda's renderer (imo.pdf.agenda_render) looks the helper up in its module.
    pdf.render_to_pdf = gated_render_to_pdf

# The same gate for the annual report (tests/test_reports_faults.py): FAULTS_REPORT_GATE.
REPORT_GATE = os.environ.get("FAULTS_REPORT_GATE")
if REPORT_GATE:
    from reports import services as report_services

    render_report = report_services.report_pdf

    def gated_report_pdf(*args, **kwargs):
        while os.path.exists(REPORT_GATE):
            time.sleep(0.05)
        return render_report(*args, **kwargs)

    report_services.report_pdf = gated_report_pdf

if __name__ == "__main__":
    app.worker_main(
        [
            "worker",
            "--queues=default,pdf",
            "--concurrency=1",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
            f"--hostname=faults-{os.getpid()}@%h",
        ]
    )
