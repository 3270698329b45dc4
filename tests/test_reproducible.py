"""Reproducible builds: building the same commit twice gives byte-identical sites.

MkDocs' only clock reading (sitemap.xml <lastmod> and the gzip header of sitemap.xml.gz)
is pinned to the last commit through SOURCE_DATE_EPOCH, and Pagefind's filter indexes are
rewritten in a fixed order (generator/reproducible.py). See README.md, "Reproducible builds"."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator import build, reproducible
from generator.config import ROOT, SiteConfig


def digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path):
    # Two fresh builds back to back (not the session's built_site, which may be minutes
    # older than a working tree someone is editing).
    for name in ("first", "second"):
        build.build_site(SiteConfig.load(ROOT), tmp_path / name)
    first, again = digests(tmp_path / "first"), digests(tmp_path / "second")
    assert sorted(first) == sorted(again), {"only in first": sorted(set(first) - set(again)),
                                            "only in second": sorted(set(again) - set(first))}
    differ = sorted(rel for rel in first if first[rel] != again[rel])
    assert not differ, f"{len(differ)} of {len(first)} files differ between two builds: {differ[:30]}"


def commit_time() -> int | None:
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return int(out) if out.isdigit() else None


def test_sitemap_dates_are_the_commit_date_not_the_build_date(built_site):
    epoch = int(os.environ["SOURCE_DATE_EPOCH"]) if os.environ.get("SOURCE_DATE_EPOCH") else commit_time()
    if epoch is None:
        pytest.skip("not a git checkout and no SOURCE_DATE_EPOCH: the sitemap carries the build date")
    day = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d")
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    assert sitemap.count("<lastmod>") == sitemap.count(f"<lastmod>{day}</lastmod>") > 0
    with (built_site / "sitemap.xml.gz").open("rb") as fh:
        header = fh.read(10)
    # gzip MTIME field: MkDocs stamps the newest page date, i.e. midnight (UTC) of that day
    assert int.from_bytes(header[4:8], "little") == int(datetime.strptime(day, "%Y-%m-%d").replace(
        tzinfo=UTC).timestamp())
    with gzip.open(built_site / "sitemap.xml.gz") as fh:
        assert fh.read().decode("utf-8") == sitemap


def test_an_explicit_source_date_epoch_wins(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert reproducible.pin_build_date(ROOT) is False
    assert os.environ["SOURCE_DATE_EPOCH"] == "86400"


def test_outside_git_nothing_is_pinned(monkeypatch, tmp_path):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert reproducible.pin_build_date(tmp_path) is False
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_pagefind_filter_indexes_are_in_canonical_order(built_site):
    """stabilise_pagefind ran on every bundle (it only warns when Pagefind's format is unknown)."""
    bundles = [p.parent for p in built_site.glob("pagefind*/pagefind-entry.json")]
    assert bundles
    for bundle in bundles:
        check_bundle(bundle)


def check_bundle(bundle):
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    for lang in entry["languages"].values():
        meta = reproducible.read_pagefind(bundle / f"pagefind.{lang['hash']}.pf_meta")
        prefix = lang["hash"].split("_")[0] + "_"
        files = sorted((bundle / "filter").glob(f"{prefix}*.pf_filter"))
        for path in files:
            name, values = reproducible.read_pagefind(path)
            keys = [reproducible.encode(v) for v, _ in values]
            assert keys == sorted(keys), path.name
            assert all(pages == sorted(pages) for _, pages in values), path.name
        listed = [x for x in meta if isinstance(x, list) and x and all(
            isinstance(p, list) and len(p) == 2 and f"{p[1]}.pf_filter" in {f.name for f in files} for p in x)]
        if files:
            assert listed and [p[0] for p in listed[0]] == sorted(p[0] for p in listed[0])


@pytest.mark.parametrize("value", [
    0, 23, 24, 255, 256, 65536, 2**32, -1, -500, "", "æøå", b"\x00\x01", [], [1, [2, "x"]],
    reproducible.Map([("a", 1), (2, [3])]), True, False, None, reproducible.Simple(b"\xfb" + bytes(8)),
])
def test_cbor_codec_round_trips(value):
    assert reproducible.decode(reproducible.encode(value)) == value
