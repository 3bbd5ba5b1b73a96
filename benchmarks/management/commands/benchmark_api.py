"""Benchmark the API under gunicorn on PostgreSQL: list speed beside a trivial endpoint, export.

    DATABASE_URL=postgres://.../scratch python manage.py benchmark_api

On an empty scratch database (a database with articles is refused) it creates 100,000
claims in 20,000 articles (bulk, figures and flags by the real reconciler), starts gunicorn
with 2 workers and measures, side by side in the same rounds, the requests per second of
``/api/v1/ping/`` (a constant through the whole DRF stack), ``/api/v1/claims/?page_size=100``
and ``/api/v1/figures/?page_size=100`` as an anonymous reader; then the time and the
workers' peak memory of a full NDJSON export of every claim (an editor's token).

Two passes: the default server, whose rendered responses are kept while the database is
unchanged, and one with that cache off (``API_RESPONSE_CACHE_MB=0``), which is what scripts
get while editors write (any write empties the cache). Targets: with the cache, lists at
least 50 % of ping's rate and the export under 15 s with flat memory; without it, the
claims list at least 25 % of ping's rate, the figures list 20 %, and a p95 of 40 ms at most
for either. Exit status 0 when every target holds, 1 when not, 2 on a usage error.
"""

from __future__ import annotations

import json
import secrets
import statistics
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from articles.models import Article
from benchmarks.api_record import (
    editor_token,
    record_counts,
    record_create,
    record_exists,
)
from benchmarks.http_load import (
    RssSampler,
    children_of,
    get_once,
    gunicorn,
    hammer,
    rss_mb,
    stream,
)

PING = "/api/v1/ping/"
LISTS = ("/api/v1/claims/?page_size=100", "/api/v1/figures/?page_size=100")
EXPORT = "/api/v1/claims/?format=ndjson"
TARGET_RATIO = 0.5
TARGET_EXPORT_SECONDS = 15.0
UNCACHED_TARGET_RATIOS = {"claims_ratio": 0.25, "figures_ratio": 0.20}
UNCACHED_TARGET_P95_MS = 40.0


class Command(BaseCommand):
    help = "Benchmark the REST API on a scratch PostgreSQL database (refuses one with data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=int, default=20_000)
        parser.add_argument("--claims", type=int, default=100_000)
        parser.add_argument("--keys", type=int, default=20_000, help="Figure keys to spread over.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
        parser.add_argument("--concurrency", type=int, default=4, help="Client threads.")
        parser.add_argument("--seconds", type=float, default=5.0, help="Per measurement.")
        parser.add_argument("--rounds", type=int, default=3, help="Rounds over the endpoints.")
        parser.add_argument("--port", type=int, default=8731)
        parser.add_argument(
            "--reuse", action="store_true", help="Measure the data an earlier run created."
        )
        parser.add_argument("--json", action="store_true", help="One JSON line at the end.")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("benchmark_api needs PostgreSQL (DATABASE_URL).", returncode=2)
        if Article.objects.exists() and not (options["reuse"] and record_exists()):
            raise CommandError(
                "Refusing: the database already holds articles. Use an empty scratch database "
                "(or --reuse on one this command filled).",
                returncode=2,
            )
        if options["reuse"] and record_exists():
            record = record_counts()
        else:
            record = record_create(
                articles=options["articles"],
                claims=options["claims"],
                keys=options["keys"],
                say=lambda message: self.stderr.write(f"creating {message}"),
            )
        report: dict[str, Any] = {"record": {**record.__dict__, "editor_token": "(created)"}}
        report["load_generator"] = (
            f"threaded http.client, {options['concurrency']} connections, "
            f"{options['rounds']} rounds x {options['seconds']} s per endpoint"
        )
        report["cached"] = self.measure(options, cache_mb=settings.API_RESPONSE_CACHE_MB or 64)
        report["uncached"] = self.measure(options, cache_mb=0, export=False)
        cached, uncached = report["cached"], report["uncached"]
        report["targets"] = {
            "cached_lists": min(cached["claims_ratio"], cached["figures_ratio"]) >= TARGET_RATIO,
            "export": cached["export"]["seconds"] < TARGET_EXPORT_SECONDS
            and cached["export"]["lines"] == record.claims,
            "uncached_rates": all(
                uncached[name] >= ratio for name, ratio in UNCACHED_TARGET_RATIOS.items()
            ),
            "uncached_p95": all(
                uncached["latency"][path]["p95_ms"] <= UNCACHED_TARGET_P95_MS for path in LISTS
            ),
        }
        met = all(report["targets"].values())
        report["targets_met"] = met
        self.summary(report)
        if options["json"]:
            self.stdout.write(json.dumps(report))
        if not met:
            raise CommandError("A target was missed (see above).", returncode=1)

    def measure(self, options: dict[str, Any], *, cache_mb: int, export: bool = True) -> dict:
        port = options["port"] + (0 if cache_mb else 1)
        env = {
            "DATABASE_URL": settings.DATABASE_URL,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "WHITENOISE_USE_FINDERS": "1",
            "API_THROTTLE_ANON": "100000000/minute",
            "API_THROTTLE_USER": "100000000/minute",
            "API_RESPONSE_CACHE_MB": str(cache_mb),
            "LOG_LEVEL": "WARNING",
        }
        paths = (PING, *LISTS)
        rates: dict[str, list[float]] = {path: [] for path in paths}
        detail: dict[str, Any] = {}
        with (
            tempfile.TemporaryDirectory() as folder,
            gunicorn(
                port=port,
                workers=options["workers"],
                env=env,
                cwd=Path(settings.BASE_DIR),
                log=Path(folder) / "gunicorn.log",
            ) as server,
        ):
            for path in paths:  # warm every worker: connections, imports, caches
                for _ in range(10 * options["workers"]):
                    status, _ = get_once(port, path)
                    if status != 200:
                        raise CommandError(f"{path} answered {status}")
            for _ in range(options["rounds"]):
                for path in paths:
                    result = hammer(
                        port, path, seconds=options["seconds"], concurrency=options["concurrency"]
                    )
                    rates[path].append(result.rps)
                    detail[path] = {
                        "p50_ms": round(result.p50_ms, 2),
                        "p95_ms": round(result.p95_ms, 2),
                        "bytes_per_response": result.bytes // max(result.ok, 1),
                        "failed": result.failed,
                    }
            measured: dict[str, Any] = {
                "cache_mb": cache_mb,
                "rps": {path: round(statistics.median(rates[path]), 1) for path in paths},
                "rps_rounds": {path: [round(r, 1) for r in rates[path]] for path in paths},
                "latency": detail,
            }
            ping = measured["rps"][PING]
            measured["claims_ratio"] = round(measured["rps"][LISTS[0]] / ping, 3)
            measured["figures_ratio"] = round(measured["rps"][LISTS[1]] / ping, 3)
            if export:
                measured["export"] = self.export(port, children_of(server.pid))
        return measured

    def export(self, port: int, workers: list[int]) -> dict[str, Any]:
        headers = {"Authorization": f"Token {editor_token()}"}
        before = {pid: rss_mb(pid) for pid in workers}
        with RssSampler(workers) as sampler:
            result = stream(port, EXPORT, headers)
        growth = max(sampler.peak[pid] - before[pid] for pid in workers)
        return {
            "status": result.status,
            "seconds": round(result.seconds, 2),
            "first_byte_seconds": round(result.first_byte_seconds, 3),
            "lines": result.lines,
            "megabytes": round(result.bytes / 1024 / 1024, 1),
            "worker_rss_before_mb": {str(pid): round(mb, 1) for pid, mb in before.items()},
            "worker_rss_peak_mb": {str(pid): round(mb, 1) for pid, mb in sampler.peak.items()},
            "worker_rss_growth_mb": round(growth, 1),
        }

    def summary(self, report: dict[str, Any]) -> None:
        record = report["record"]
        self.stdout.write(
            f"record: {record['claims']} claims in {record['articles']} articles, "
            f"{record['figures']} figures ({record['reconciled_figures']} reconciled), "
            f"{record['flags']} flags; load generator: {report['load_generator']}"
        )
        for name in ("cached", "uncached"):
            measured = report[name]
            self.stdout.write(f"\n{name} (API_RESPONSE_CACHE_MB={measured['cache_mb']}):")
            for path, rps in measured["rps"].items():
                latency = measured["latency"][path]
                self.stdout.write(
                    f"  {path:<36} {rps:>8.1f} req/s  p50 {latency['p50_ms']:>7.2f} ms  "
                    f"p95 {latency['p95_ms']:>7.2f} ms  {latency['bytes_per_response']:>8} B"
                )
            target = (
                "target >= 50%"
                if name == "cached"
                else f"targets >= 25% and >= 20%, p95 <= {UNCACHED_TARGET_P95_MS:.0f} ms"
            )
            self.stdout.write(
                f"  claims/ping {measured['claims_ratio']:.0%}   "
                f"figures/ping {measured['figures_ratio']:.0%}   ({target})"
            )
        export = report["cached"]["export"]
        self.stdout.write(
            f"\nNDJSON export of all claims: {export['lines']} lines, {export['megabytes']} MB "
            f"in {export['seconds']} s (first byte {export['first_byte_seconds']} s; target "
            f"< 15 s); worker RSS grew at most {export['worker_rss_growth_mb']} MB "
            f"(peak {export['worker_rss_peak_mb']} MB)"
        )
        missed = [name for name, held in report["targets"].items() if not held]
        self.stdout.write("targets met" if not missed else f"TARGET MISSED: {', '.join(missed)}")
