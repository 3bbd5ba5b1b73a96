"""Check a load test's pass criteria against the database it ran on.

Zero 5xx (and no other failed request); every accepted write present in history; every
refused stale write answered 412; the import's counts exact; no flag duplicated. Prints a
report; exit status 1 on a failure.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from articles.models import Claim, ConflictFlag, ImportRun


class Command(BaseCommand):
    help = "Verify the load test's pass criteria (run by make loadtest)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("log_dir")
        parser.add_argument("--import-articles", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["log_dir"])
        events = [
            json.loads(line)
            for line in (folder / "writes.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        stats = json.loads((folder / "stats.json").read_text(encoding="utf-8"))
        failures: list[str] = []
        kinds = Counter(e["kind"] for e in events)

        server_errors = [e for e in events if e["kind"] == "server_error"]
        if server_errors:
            failures.append(f"{len(server_errors)} responses were 5xx: {server_errors[:5]}")

        accepted = [e for e in events if e["kind"] == "accepted"]
        history = set(
            Claim.history.filter(pk__isnull=False)
            .filter(id__in={e["claim"] for e in accepted})
            .values_list("id", "version", "attribution")
        )
        missing = [e for e in accepted if (e["claim"], e["version"], e["value"]) not in history]
        if missing:
            failures.append(f"{len(missing)} accepted writes are not in history: {missing[:5]}")

        stale = [e for e in events if e["kind"] == "stale"]
        wrong = [e for e in stale if e["status"] != 412]
        if wrong:
            failures.append(f"{len(wrong)} stale writes were not refused with 412: {wrong[:5]}")
        unexpected = [e for e in events if e["kind"] == "unexpected"]
        if unexpected:
            failures.append(f"{len(unexpected)} writes answered neither 200 nor 412")

        imports = [e for e in events if e["kind"] == "import"]
        if len(imports) != 1 or imports[0]["run"] is None:
            failures.append(f"the import did not start: {imports}")
        else:
            run = ImportRun.objects.get(pk=imports[0]["run"])
            expected = options["import_articles"]
            counts = (run.status, run.seen, run.created, run.duplicate, run.failed)
            if counts != ("finished", expected, expected, 0, 0):
                failures.append(f"import run {run.pk} counts are not exact: {counts}")

        duplicated = (
            Counter(
                (flag.kind, tuple(sorted(flag.claims.values_list("pk", flat=True))))
                for flag in ConflictFlag.objects.prefetch_related("claims")
            )
            - Counter()
        )
        twice = [key for key, count in duplicated.items() if count > 1]
        if twice:
            failures.append(f"{len(twice)} flags are duplicated: {twice[:3]}")

        failed_requests = [r for r in stats["requests"] if r["failures"]]
        if failed_requests:
            failures.append(
                "requests failed: "
                + ", ".join(f"{r['method']} {r['name']} ×{r['failures']}" for r in failed_requests)
                + f" ({stats['errors'][:3]})"
            )

        self.stdout.write("request                          reqs  fail    rps  median    p99")
        for row in sorted(stats["requests"], key=lambda r: r["name"]):
            self.stdout.write(
                f"{row['method'] + ' ' + row['name']:<32}{row['requests']:>6}{row['failures']:>6}"
                f"{row['rps']:>7}{row['median_ms'] or 0:>8.0f}{row['p99_ms'] or 0:>7.0f}"
            )
        self.stdout.write(
            f"writes: {kinds['accepted']} accepted (all in history: {not missing}), "
            f"{kinds['refused']} refused as stale under contention, {len(stale)} deliberately "
            f"stale (all 412: {not wrong}); 5xx: {len(server_errors)}"
        )
        if failures:
            for failure in failures:
                self.stderr.write(f"FAIL: {failure}")
            raise SystemExit(1)
        self.stdout.write("PASS: every criterion holds.")
