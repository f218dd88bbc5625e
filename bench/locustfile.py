"""The load run of bench/run.py: logged-in users (sessions made by run.py) on a page mix, or on
T1 only (BENCH_MIX=t1), until BENCH_TOTAL requests have been made."""

import json
import os
import random

from locust import HttpUser, between, events, task

SESSIONS = json.loads(os.environ.get("BENCH_SESSIONS", "{}"))
TARGETS = json.loads(os.environ.get("BENCH_TARGETS", "{}"))
MIX = os.environ.get("BENCH_MIX", "pages")
TOTAL = int(os.environ.get("BENCH_TOTAL", "600"))

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

_count = {"n": 0}


@events.request.add_listener
def _stop_after_total(**_kwargs):
    _count["n"] += 1
    if _count["n"] >= TOTAL and _stop_after_total.runner is not None:
        _stop_after_total.runner.quit()


_stop_after_total.runner = None


@events.init.add_listener
def _keep_runner(environment, **_kwargs):
    _stop_after_total.runner = environment.runner


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
