"""Byte-identical builds: two builds of one commit give the same site/ (tests/test_reproducible.py).

Two things would otherwise differ between builds:

1. MkDocs' build date, in sitemap.xml <lastmod> and the gzip header of sitemap.xml.gz.
   pin_build_date() sets SOURCE_DATE_EPOCH (which MkDocs honours) to the last commit.
2. Pagefind 1.5.2 writes each filter index (pagefind/filter/*.pf_filter) with its values
   in hash-map order, which changes from run to run, and names the files, the metadata
   file and pagefind-entry.json after their content. stabilise_pagefind() rewrites the
   filter files with their values sorted, renames them by content, puts the metadata's
   lists of filters and of sort keys in name order and updates the references.
   (Pagefind/pagefind#638: the maintainer made fragments stable in 1.3.0;
   "other files will still change, such as the filter/metadata indexes".)

The Pagefind files are gzip-compressed CBOR after a "pagefind_dcd" signature; the small
CBOR codec below covers what Pagefind writes and refuses anything else, so a future
Pagefind with another format is left untouched (and the reproducibility test says so).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def pin_build_date(root: Path) -> bool:
    """Set SOURCE_DATE_EPOCH to the last commit's time unless it is set already. True if
    this call set it. Outside git nothing is set and MkDocs uses today's date."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return False
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root,
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return False
    if not out.isdigit():
        return False
    os.environ["SOURCE_DATE_EPOCH"] = out
    return True


# --- a minimal CBOR codec (RFC 8949, definite lengths only) --------------------------

class CborError(ValueError):
    pass


@dataclass(frozen=True)
class Simple:
    """A CBOR float or simple value, kept as its exact encoding."""
    raw: bytes


@dataclass
class Map:
    items: list[tuple]


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise CborError("integer too large")


def encode(value) -> bytes:
    if isinstance(value, bool) or value is None:
        return bytes([0xF5 if value is True else 0xF4 if value is False else 0xF6])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    if isinstance(value, Map):
        return _head(5, len(value.items)) + b"".join(encode(k) + encode(v) for k, v in value.items)
    if isinstance(value, Simple):
        return value.raw
    raise CborError(f"cannot encode {type(value).__name__}")


def decode(data: bytes):
    value, end = _decode(data, 0)
    if end != len(data):
        raise CborError("trailing bytes")
    return value


def _decode(data: bytes, i: int):
    if i >= len(data):
        raise CborError("truncated")
    first = data[i]
    major, info = first >> 5, first & 31
    i += 1
    if major == 7:
        size = {20: 0, 21: 0, 22: 0, 23: 0, 25: 2, 26: 4, 27: 8}.get(info)
        if size is None:
            raise CborError(f"unsupported simple value {info}")
        if info in (20, 21, 22):
            return {20: False, 21: True, 22: None}[info], i
        return Simple(data[i - 1:i + size]), i + size
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        n = int.from_bytes(data[i:i + size], "big")
        i += size
    else:
        raise CborError("indefinite lengths are not supported")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major in (2, 3):
        chunk = data[i:i + n]
        if len(chunk) != n:
            raise CborError("truncated string")
        return (chunk if major == 2 else chunk.decode("utf-8")), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        pairs = []
        for _ in range(n):
            k, i = _decode(data, i)
            v, i = _decode(data, i)
            pairs.append((k, v))
        return Map(pairs), i
    raise CborError(f"unsupported major type {major}")


def read_pagefind(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise CborError(f"{path.name}: no Pagefind signature")
    body = raw[len(SIGNATURE):]
    value = decode(body)
    if encode(value) != body:
        raise CborError(f"{path.name}: does not round-trip")
    return value


def pagefind_bytes(value) -> bytes:
    return gzip.compress(SIGNATURE + encode(value), compresslevel=9, mtime=0)


# --- Pagefind --------------------------------------------------------------------------

def _sort_key(value) -> bytes:
    return encode(value)


def _replace(value, names: dict[str, str]):
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, list):
        return [_replace(v, names) for v in value]
    if isinstance(value, Map):
        return Map([(_replace(k, names), _replace(v, names)) for k, v in value.items])
    return value


def stabilise_pagefind(site_dir: Path, bundle_name: str = "pagefind") -> bool:
    """Rewrite Pagefind's filter indexes in a canonical order (see the module doc).
    Returns False, leaving the files as they are, if they are not in the known format.
    bundle_name: the bundle folder in the site (the catalogue has its own, pagefind-katalog)."""
    bundle = site_dir / bundle_name
    entry_path = bundle / "pagefind-entry.json"
    if not entry_path.is_file():
        return False
    entry = json.loads(entry_path.read_text("utf-8"))
    try:
        for lang in entry["languages"].values():
            _stabilise_language(bundle, lang)
    except (CborError, KeyError, TypeError, ValueError, OSError) as err:
        print(f"[metodekataloget] advarsel: Pagefinds filterindeks blev ikke normaliseret ({err})",
              file=sys.stderr)
        return False
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return True


def _stabilise_language(bundle: Path, lang: dict) -> None:
    old_meta = bundle / f"pagefind.{lang['hash']}.pf_meta"
    meta = read_pagefind(old_meta)
    prefix = lang["hash"].split("_")[0] + "_"
    filters = {}
    for path in sorted((bundle / "filter").glob(f"{prefix}*.pf_filter")):
        name, values = read_pagefind(path)
        # value → sorted page numbers; values in a fixed order
        values = sorted(([v, sorted(pages)] for v, pages in values), key=lambda vp: _sort_key(vp[0]))
        filters[path.stem] = (path, [name, values])
    renames = {}
    for old, (path, value) in filters.items():
        data = pagefind_bytes(value)
        new = prefix + hashlib.sha256(encode(value)).hexdigest()[:7]
        renames[old] = new
        path.unlink()
        (bundle / "filter" / f"{new}.pf_filter").write_bytes(data)
    meta = _replace(meta, renames)
    meta = _sort_filter_lists(meta, set(renames.values()))
    meta = _sort_sort_lists(meta)
    new_hash = prefix + hashlib.sha256(encode(meta)).hexdigest()[:10]
    old_meta.unlink()
    (bundle / f"pagefind.{new_hash}.pf_meta").write_bytes(pagefind_bytes(meta))
    lang["hash"] = new_hash


def _sort_filter_lists(value, filter_hashes: set[str]):
    """The metadata's list of [filter name, file] pairs, sorted by name."""
    if isinstance(value, list):
        value = [_sort_filter_lists(v, filter_hashes) for v in value]
        pairs = [v for v in value
                 if isinstance(v, list) and len(v) == 2 and isinstance(v[1], str) and v[1] in filter_hashes]
        if value and len(pairs) == len(value):
            value = sorted(value, key=lambda v: v[0])
        return value
    return value


def _sort_sort_lists(meta):
    """The metadata's list of [sort key, page order] pairs (one per data-pagefind-sort key,
    in hash-map order like the filters), sorted by key; each page order stays as it is."""
    if not isinstance(meta, list):
        return meta
    return [sorted(v, key=lambda pair: pair[0]) if _is_sort_list(v) else v for v in meta]


def _is_sort_list(value) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) and isinstance(v[1], list)
        and all(isinstance(n, int) for n in v[1]) for v in value)
