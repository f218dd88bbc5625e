"""The load run of bench/run.py: logged-in users (sessions made by run.py) on a page mix, or on
T1 only (BENCH_MIX=t1), until BENCH_TOTAL requests have been made."""

import json
import os
import random
import time

import gevent
from locust import HttpUser, between, events, task

SESSIONS = json.loads(os.environ.get("BENCH_SESSIONS", "{}"))
TARGETS = json.loads(os.environ.get("BENCH_TARGETS", "{}"))
MIX = os.environ.get("BENCH_MIX", "pages")
TOTAL = int(os.environ.get("BENCH_TOTAL", "600"))
RESULT = os.environ.get("BENCH_RESULT", "")

# (weight, user, path): the pages people open most, home first.
PAGE_MIX = [
    (4, "coach", "/"),
    (2, "beheerder", "/"),
    (2, "bench-coach-3", "/"),
    (1, "gemeente", "/"),
    (2, "coach", "/locaties/"),
    (3, "coach", "/locaties/{slug}/"),
    (2, "coach", "/locaties/{slug}/activiteiten/"),
    (2, "coach", "/locaties/{slug}/signalen/"),
    (1, "beheerder", "/locaties/{slug}/imo/"),
    (1, "beheerder", "/locaties/{slug}/imo/overleg/{meeting}/"),
]
T1_MIX = [(1, "coach", "/bench/t1/")]

# The figures are kept here and written to BENCH_RESULT when locust quits: locust's own CSV can
# be written before the last requests are counted (its aggregated percentiles then read "N/A").
_times_ms: list[float] = []
_errors: dict[str, int] = {}
# Monotonic seconds: when the first request started, when the last one ended.
_span: dict[str, float] = {}


@events.request.add_listener
def _record(name, response_time, exception=None, **_kwargs):
    now = time.monotonic()
    _span.setdefault("first", now - response_time / 1000)
    _span["last"] = now
    _times_ms.append(response_time)
    if exception is not None:
        key = f"{name}: {exception}"
        _errors[key] = _errors.get(key, 0) + 1
    if len(_times_ms) == TOTAL and _record.runner is not None:
        # In its own greenlet: quitting from inside a user's request kills that user mid-call.
        gevent.spawn(_record.runner.quit)


_record.runner = None


@events.init.add_listener
def _keep_runner(environment, **_kwargs):
    _record.runner = environment.runner


@events.quitting.add_listener
def _write_result(**_kwargs):
    if not RESULT:
        return
    seconds = _span["last"] - _span["first"] if _span else 0.0
    with open(RESULT, "w") as handle:
        json.dump({"times_ms": _times_ms, "errors": _errors, "seconds": seconds}, handle)


class Visitor(HttpUser):
    wait_time = between(0, 0.1)

    def on_start(self):
        self.mix = T1_MIX if MIX == "t1" else PAGE_MIX
        self.weights = [w for w, _u, _p in self.mix]

    @task
    def visit(self):
        _weight, user, path = random.choices(self.mix, self.weights)[0]
        # Only this user's session: the jar would keep the cookie the last response set.
        self.client.cookies.clear()
        url = path.format(**TARGETS)
        name = path if MIX != "t1" else "T1"
        with self.client.get(
            url,
            name=name,
            cookies={"sessionid": SESSIONS[user]},
            catch_response=True,
            allow_redirects=False,
        ) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")
