"""An Atom feed (/feed.xml) of new and changed projects, dated from git history.

The feed holds the LIMIT most recently changed projects. Dates come from git only
(`Project.updated` = last commit touching the file, `first_added` = the commit that
added it), never from the clock, so two builds of the same commit give the same bytes.
Outside git no project has a date, so the feed names no project as new or changed: it
has no entries, and its `updated` (which Atom requires) is the content's date
(freshness.content_date: SOURCE_DATE_EPOCH, else the newest content file). All text goes
through ElementTree, which escapes it; characters XML 1.0 cannot carry are dropped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generator import freshness
from generator.model import Catalogue, Project

PATH = "feed.xml"
LIMIT = 50
EPOCH = "1970-01-01"  # only for a catalogue with no content at all
ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def entries(catalogue: Catalogue) -> list[Project]:
    """The projects in the feed: newest change first, ties by slug."""
    dated = [p for p in catalogue.projects.values() if p.updated]
    dated.sort(key=lambda p: p.slug)
    dated.sort(key=lambda p: p.updated, reverse=True)
    return dated[:LIMIT]


def atom(catalogue: Catalogue, added: dict[str, str] | None = None) -> str:
    """The feed as an XML document (str). `added` maps a project's path to its first date."""
    added = added or {}
    site = catalogue.config.site
    base = site["url"].rstrip("/") + "/"
    section = site["sections"]["projects"]
    projects = entries(catalogue)

    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "da"})
    _text(feed, "id", base + PATH)
    _text(feed, "title", f"{site['name']}: nye og ændrede projekter")
    _text(feed, "subtitle", site["tagline"])
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": base + PATH})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": base})
    newest = projects[0].updated if projects else freshness.content_date(catalogue.config.root)
    _text(feed, "updated", _timestamp(newest or EPOCH))
    author = ET.SubElement(feed, "author")
    _text(author, "name", site["name"])
    _text(feed, "rights", f"{site['licence']['name']}: {site['licence']['url']}")

    for p in projects:
        url = f"{base}{section}/{p.slug}/"
        first = added.get(p.path)
        entry = ET.SubElement(feed, "entry")
        _text(entry, "id", url)
        _text(entry, "title", p.title)
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
        if first:
            _text(entry, "published", _timestamp(first))
        _text(entry, "updated", _timestamp(p.updated))
        level = p.documentation.level
        ET.SubElement(entry, "category", {"term": level, "label": catalogue.config.label("levels", level)})
        if first and first != p.updated:
            news = f"Ændret {p.updated} (i kataloget siden {first})."
        elif first:
            news = f"Nyt i kataloget {first}."
        else:
            news = f"Ændret {p.updated}."
        _text(entry, "summary", f"{news} {p.summary}")

    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def feed_files(catalogue: Catalogue) -> dict[str, str]:
    """{'feed.xml': …}, with first-added dates looked up in git when any project is dated."""
    dated = [p.path for p in catalogue.projects.values() if p.updated]
    return {PATH: atom(catalogue, freshness.first_added(catalogue.config.root, dated))}


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _NOT_XML.sub("", " ".join(str(text).split()))
    return element


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"
