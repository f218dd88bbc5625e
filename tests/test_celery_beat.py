"""Every task in the beat schedule exists: a renamed or deleted task would otherwise fail only at
night, in production, in the beat log."""

import importlib

import pytest
from django.conf import settings

from gemengdwonen.celery import app

SCHEDULE = sorted(settings.CELERY_BEAT_SCHEDULE.items())


def test_the_schedule_is_not_empty():
    assert SCHEDULE


@pytest.mark.parametrize(("entry", "config"), SCHEDULE, ids=[name for name, _ in SCHEDULE])
def test_every_scheduled_task_can_be_imported(entry, config):
    module_name, _, function_name = config["task"].rpartition(".")
    task = getattr(importlib.import_module(module_name), function_name)
    assert task.name == config["task"], f"{entry}: the task is registered under another name"
    app.loader.import_default_modules()
    assert config["task"] in app.tasks
    assert config["schedule"] is not None
