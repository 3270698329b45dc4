"""`check` reads and checks big catalogues in forked worker processes (validate.PARALLEL_FROM):
the records and problems must be exactly those of the one-process path."""

from __future__ import annotations

from generator import validate
from generator.config import SiteConfig


def test_parallel_check_gives_the_same_records_and_problems(scratch, monkeypatch):
    project = scratch / "content" / "projects" / "alfa-projektet.md"
    broken = scratch / "content" / "projects" / "gamma-projektet.md"
    broken.write_text(project.read_text("utf-8").replace("level: formodning", "level: viden"), "utf-8")
    # A reference error is found in the main process, on a record a worker sent back without
    # its line table: its position must still be right.
    dangling = scratch / "content" / "projects" / "delta-projektet.md"
    dangling.write_text(project.read_text("utf-8").replace("methods: [mentorordning,", "methods: [mentorskab,"),
                        "utf-8")
    config = SiteConfig.load(scratch)
    serial = validate.check(config)
    monkeypatch.setattr(validate, "PARALLEL_FROM", 1)
    monkeypatch.setattr(validate.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(validate.threading, "active_count", lambda: 1)
    pools = []

    class Pool(validate.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(validate, "ProcessPoolExecutor", Pool)
    parallel = validate.check(config)
    assert pools, "the worker pool was not used"
    assert [r.rel for r in parallel[0]] == [r.rel for r in serial[0]]
    assert [r.data for r in parallel[0]] == [r.data for r in serial[0]]
    assert parallel[1] == serial[1], "the same problems, at the same lines"
    assert {p.path.rsplit("/", 1)[-1] for p in serial[1]} == {"gamma-projektet.md", "delta-projektet.md"}
