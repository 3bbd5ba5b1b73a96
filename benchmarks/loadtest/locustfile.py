"""The mixed load of a newsroom day, for Locust: API readers, page readers, editors writing
the same claims at once with ``If-Match``, and one import of 2,000 articles.

Every editor write is logged (accepted with its version, or refused), so the checker can
prove that each accepted write is in history and each stale one was answered 412.
"""

from __future__ import annotations

import json
import os
import random
import threading
import uuid
from urllib.parse import quote

from locust import HttpUser, between, events, task

SEED = json.loads(open(os.environ["LOADTEST_SEED"], encoding="utf-8").read())  # noqa: SIM115
LOG_DIR = os.environ["LOADTEST_LOG_DIR"]
_log_lock = threading.Lock()


def log(kind: str, **fields: object) -> None:
    with _log_lock, open(os.path.join(LOG_DIR, "writes.jsonl"), "a", encoding="utf-8") as out:
        out.write(json.dumps({"kind": kind, **fields}) + "\n")


class ApiReader(HttpUser):
    weight = 4
    wait_time = between(0.05, 0.4)

    @task(3)
    def claims(self) -> None:
        subject = random.choice(SEED["subjects"])
        self.client.get(f"/api/v1/claims/?subject={subject}&page_size=50", name="api claims")

    @task(2)
    def figures(self) -> None:
        self.client.get("/api/v1/figures/?page_size=50", name="api figures")

    @task(1)
    def changed_since(self) -> None:
        self.client.get(
            f"/api/v1/claims/?updated_since={quote(SEED['since'])}&page_size=100",
            name="api claims updated_since",
        )


class PageReader(HttpUser):
    weight = 3
    wait_time = between(0.1, 0.6)

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="page home")

    @task(3)
    def claim(self) -> None:
        self.client.get(f"/claims/{random.choice(SEED['public_claims'])}/", name="page claim")

    @task(1)
    def search(self) -> None:
        self.client.get("/search/?q=Azerbaijan", name="page search")


class Editor(HttpUser):
    weight = 2
    wait_time = between(0.1, 0.5)

    def on_start(self) -> None:
        self.token = random.choice(SEED["editor_tokens"])
        self.headers = {"Authorization": f"Token {self.token}", "Accept": "application/json"}

    @task
    def edit(self) -> None:
        # Half the edits go to a few hot claims, so editors collide on them.
        pool = SEED["hot_claims"] if random.random() < 0.5 else SEED["editable_claims"]
        claim_id = random.choice(pool)
        read = self.client.get(f"/api/v1/claims/{claim_id}/", headers=self.headers,
                               name="api claim read")  # fmt: skip
        if read.status_code != 200:
            return
        etag = read.headers.get("ETag", "")
        value = f"load-{uuid.uuid4().hex[:12]}"
        with self.client.patch(
            f"/api/v1/claims/{claim_id}/",
            json={"attribution": value},
            headers={**self.headers, "If-Match": etag},
            name="api claim write",
            catch_response=True,
        ) as answer:
            if answer.status_code == 200:
                log("accepted", claim=claim_id, version=answer.json()["version"], value=value)
                answer.success()
            elif answer.status_code == 412:
                log("refused", claim=claim_id, status=412)
                answer.success()  # refusing a stale write is the right answer
            else:
                log("unexpected", claim=claim_id, status=answer.status_code)
                answer.failure(f"write answered {answer.status_code}")
                return
        if answer.status_code == 200 and random.random() < 0.3:
            # The same old ETag again: the claim changed since, so this write is stale.
            with self.client.patch(
                f"/api/v1/claims/{claim_id}/",
                json={"attribution": value + "-stale"},
                headers={**self.headers, "If-Match": etag},
                name="api claim stale write",
                catch_response=True,
            ) as stale:
                log("stale", claim=claim_id, status=stale.status_code)
                if stale.status_code == 412:
                    stale.success()
                else:
                    stale.failure(f"stale write answered {stale.status_code}")


class Importer(HttpUser):
    fixed_count = 1
    wait_time = between(1, 2)

    def on_start(self) -> None:
        self.headers = {"Authorization": f"Token {SEED['importer_token']}"}
        self.run_url = None
        articles = [
            {
                "title": f"Load article {n}",
                "body": (
                    f"Report {n}: Azerbaijan's defense budget was ${n % 9 + 1}.{n % 10} billion "
                    f"in {2000 + n % 25}, officials said. "
                    + " ".join(f"word{n}-{i}" for i in range(120))
                ),
                "url": f"https://load.example.org/{SEED['run_tag']}/{n}",
            }
            for n in range(SEED["import_articles"])
        ]
        answer = self.client.post("/api/v1/imports/", json=articles, headers=self.headers,
                                  name="api import 2,000 articles")  # fmt: skip
        if answer.status_code == 202:
            self.run_url = answer.json()["url"]
            log("import", run=answer.json()["run"]["id"], status=202)
        else:
            log("import", run=None, status=answer.status_code)

    @task
    def progress(self) -> None:
        if self.run_url:
            self.client.get(self.run_url, headers=self.headers, name="api import progress")


@events.quitting.add_listener
def write_stats(environment, **_: object) -> None:
    rows = []
    for entry in environment.stats.entries.values():
        rows.append(
            {
                "name": entry.name,
                "method": entry.method,
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "rps": round(entry.total_rps, 2),
                "median_ms": entry.median_response_time,
                "p99_ms": entry.get_response_time_percentile(0.99),
            }
        )
    errors = [
        {"name": e.name, "error": str(e.error), "occurrences": e.occurrences}
        for e in environment.stats.errors.values()
    ]
    with open(os.path.join(LOG_DIR, "stats.json"), "w", encoding="utf-8") as out:
        json.dump({"requests": rows, "errors": errors}, out, indent=2)


@events.request.add_listener
def count_server_errors(response, name, **_: object) -> None:
    if response is not None and getattr(response, "status_code", 0) >= 500:
        log("server_error", name=name, status=response.status_code)
