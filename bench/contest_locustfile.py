"""Locust users for bench/contest_load.py (run it through that script, not directly).

ContestEntrant: a member of the public who registers, starts an attempt, reads the questions
and submits (one in ten submits a second time, which must change nothing). PingUser: a minimal
Django view, the framework's ceiling on the same server.

Every accepted submission's attempt token is written to $BENCH_OUT (JSON) when the run stops,
so the script can check the database holds exactly those attempts.
"""

import itertools
import json
import os
import random
import re
import threading
import time

import gevent
from locust import HttpUser, constant, events, task
from locust.exception import StopUser

SLUG = os.environ.get("BENCH_CONTEST", "bench-contest")
UNIT_IDS = [int(u) for u in os.environ.get("BENCH_UNITS", "1").split(",")]
ATTEMPTS_PER_ENTRANT = int(os.environ.get("BENCH_ATTEMPTS", "2"))
OPTION_RE = re.compile(r'name="q(\d+)" value="([^"]+)"')

DURATION = float(os.environ.get("BENCH_DURATION", "60"))
_stop_at = [float("inf")]
_started = [0.0]
_counter = itertools.count(1)
_lock = threading.Lock()
accepted: list[str] = []
accepted_at: list[float] = []
repeats = {"sent": 0, "unchanged": 0}


def _fake_client_address(n: int) -> str:
    # Sent only as X-Forwarded-For (the bench server trusts one proxy) so the per-IP limits
    # see many entrants; every packet still goes to 127.0.0.1.
    return f"127.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255 or 1}"


class ContestEntrant(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        self._new_identity()

    def _new_identity(self):
        self.client.cookies.clear()
        n = next(_counter) + os.getpid() * 1_000_000
        self.headers = {"X-Forwarded-For": _fake_client_address(n)}
        self.attempts_left = ATTEMPTS_PER_ENTRANT
        self.client.get(f"/cuoc-thi/{SLUG}/dang-ky/", headers=self.headers, name="register form")
        data = {
            "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            "full_name": "Người Dự Thi",
            "phone": f"09{n % 10**8:08d}",
            "email": f"entrant{n}@bench.invalid",
            "unit": str(random.choice(UNIT_IDS)),
            "agree": "on",
        }
        with self.client.post(
            f"/cuoc-thi/{SLUG}/dang-ky/",
            data,
            headers=self.headers,
            name="register",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"register {response.status_code}")

    def _csrf(self):
        return self.client.cookies.get("csrftoken", "")

    @task
    def take_attempt(self):
        if time.time() >= _stop_at[0]:
            raise StopUser
        if self.attempts_left == 0:
            self._new_identity()
        self.attempts_left -= 1
        with self.client.post(
            f"/cuoc-thi/{SLUG}/vong/1/bat-dau/",
            {"csrfmiddlewaretoken": self._csrf()},
            headers=self.headers,
            name="start",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or "/bai/" not in location:
                response.failure(f"start {response.status_code}")
                return
        token = location.rstrip("/").split("/")[-1]
        page = self.client.get(location, headers=self.headers, name="attempt page")
        choices: dict[str, list[str]] = {}
        for position, option in OPTION_RE.findall(page.text):
            choices.setdefault(position, []).append(option)
        data = {"csrfmiddlewaretoken": self._csrf(), "prediction": str(random.randint(0, 50))}
        for position, options in choices.items():
            data[f"q{position}"] = random.choice(options)
        url = f"/cuoc-thi/bai/{token}/nop/"
        with self.client.post(
            url,
            data,
            headers=self.headers,
            name="submit",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302 and response.headers.get("Location", "").endswith(
                "/ket-qua/"
            ):
                with _lock:
                    accepted.append(token)
                    accepted_at.append(time.time())
            else:
                response.failure(f"submit {response.status_code}")
                return
        if random.random() < 0.1:
            with self.client.post(
                url,
                data,
                headers=self.headers,
                name="submit (repeat)",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                with _lock:
                    repeats["sent"] += 1
                if response.status_code == 302:
                    with _lock:
                        repeats["unchanged"] += 1
                else:
                    response.failure(f"repeat {response.status_code}")


class PingUser(HttpUser):
    wait_time = constant(0)

    @task
    def ping(self):
        if time.time() >= _stop_at[0]:
            raise StopUser
        self.client.get("/bench/ping/", name="minimal view")


@events.test_start.add_listener
def _start_clock(environment, **_kwargs):
    """Users stop themselves after DURATION seconds, between two flows, so every request
    they sent got its answer; the run ends when the last one has stopped."""
    _started[0] = time.time()
    _stop_at[0] = _started[0] + DURATION

    def quit_when_all_stopped():
        gevent.sleep(DURATION)
        while environment.runner.user_count > 0:
            gevent.sleep(0.2)
        environment.runner.quit()

    gevent.spawn(quit_when_all_stopped)


@events.test_stop.add_listener
def _write_tokens(environment, **_kwargs):
    path = os.environ.get("BENCH_OUT")
    if path:
        with open(path, "w") as f:
            json.dump(
                {
                    "accepted": accepted,
                    "repeats": repeats,
                    "started": _started[0],
                    "last_accepted": max(accepted_at, default=_started[0]),
                },
                f,
            )
