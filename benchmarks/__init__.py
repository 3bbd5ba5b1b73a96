"""Measurements and load tests, kept out of the domain app.

``manage.py benchmark import|reconcile|extraction``, ``benchmark_api`` and
``benchmark_pages`` time the product on scratch databases they fill themselves;
``make loadtest`` (``benchmarks/loadtest/run.py``) runs a bounded mixed load. They use the
domain app's services and selectors like any other caller, and nothing in ``articles``
imports them.
"""
