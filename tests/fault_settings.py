"""Settings for the processes the fault tests start (a Celery worker, manage.py restore): the
test settings, with the database, private folder and broker options the test hands over in the
environment."""

import os
from pathlib import Path

from gemengdwonen.settings.test import *  # noqa: F403
from gemengdwonen.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS, DATABASES

if os.environ.get("FAULTS_DATABASE_NAME"):
    DATABASES["default"]["NAME"] = os.environ["FAULTS_DATABASE_NAME"]
PRIVATE_MEDIA_ROOT = Path(os.environ["FAULTS_PRIVATE_MEDIA_ROOT"])
CELERY_TASK_ALWAYS_EAGER = False
# A killed worker's task goes back to the queue after a few seconds instead of an hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": int(os.environ.get("FAULTS_VISIBILITY_TIMEOUT", "4")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
