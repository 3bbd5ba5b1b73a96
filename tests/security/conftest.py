"""The security tests use the API tests' record (the same fixture, not a copy)."""

from ..api.conftest import module_record, record  # noqa: F401
