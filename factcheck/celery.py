"""The Celery application, configured from Django settings (the ``CELERY_`` namespace).

Tasks are discovered from installed apps. With no ``CELERY_BROKER_URL`` the settings turn on
eager mode, so the embedded default runs every task in-process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
