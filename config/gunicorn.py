"""gunicorn settings for `make run`; WEB_CONCURRENCY and WEB_THREADS override the defaults."""

import gc
from typing import Any

from config.env import env_int

# Two processes of four threads suit the 2-core machines this runs on: SQLite in WAL mode
# serves readers in parallel, and writes are short.
workers = env_int("WEB_CONCURRENCY", 2, minimum=1, maximum=64)
threads = env_int("WEB_THREADS", 4, minimum=1, maximum=64)
worker_class = "gthread"
accesslog = "-"
timeout = 30
graceful_timeout = 10


def post_worker_init(worker: Any) -> None:
    # Django, the app and the curriculum are loaded by now and live as long as the worker.
    # Freezing them keeps the collector from walking those objects again on every full
    # collection: the pauses were the slow tail of bench/web.py's latencies.
    gc.freeze()
