"""The REST API (``/api/v1/``): validates input, calls a service or selector, serialises."""
