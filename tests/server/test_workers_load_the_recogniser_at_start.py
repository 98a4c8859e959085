"""The name recogniser is loaded when a web worker starts, not by the first notice page (a case
worker's first notice page waited 40 s for it on a loaded machine)."""

from __future__ import annotations

import threading

from relais import gunicorn_conf
from relais.notices import ner


def test_a_starting_worker_loads_the_recogniser() -> None:
    gunicorn_conf.post_worker_init(worker=None)
    loading = [t for t in threading.enumerate() if t.name == "ner-preload"]
    assert loading, "post_worker_init started no loading thread"
    for thread in loading:
        thread.join()
    assert ner.is_loaded()
