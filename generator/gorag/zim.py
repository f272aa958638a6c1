"""A Kiwix ZIM of each language's offline copy: one file, with full-text search, for Kiwix readers.

The ZIM holds exactly the files of the language's copy (:mod:`gorag.copies`), each at its path
relative to the site's root, so the pages' relative links, the quick exit and the PDFs work
inside Kiwix as they do in the zip.

**Why python-libzim 2.1.** It is built on libzim 8, like Debian's ``zim-tools`` 3.1.3 and
``kiwix-tools`` 3.3; a ZIM written with python-libzim 3 (libzim 9) was seen to fail that
``zimcheck`` ("Full Title index table outside ZIM file"), while 2.1's output passes it and is
served by that ``kiwix-serve`` (tests/test_zim.py). Current Kiwix apps are built on libzim 9,
which reads ZIMs written by libzim 8 (same format, major version 6).

**Search.** Every page but the neutral pages (the quick exit's decoy must not show in search) is a
front article, titled from its ``<title>`` without the site name. Its full-text entry is its
title and the text of its ``<article>`` only: Material's navigation lists every page, and indexed
with each page it would make every page match every title. libzim 8 does not fold diacritics in
custom index data, and its reader does not fold the query either (with libzim's own index data,
which it folds, ``ýagdaýynda`` typed as written finds nothing), so each word the folding changes
is also indexed folded (``ýagdaýynda`` and ``yagdayynda``, ``ребёнку`` and
``ребенку``): a reader finds the page whether the word is typed with its letters or without, and
whether or not the reader's libzim folds the query.

**Same site, same bytes.** libzim writes one worker's tasks in the order items were added; with
more workers the Xapian documents are added in the order threads finish, so the index (and its
size) changes from run to run: one worker it is (measured on 2 shared cores: about 1.8 s instead
of 1.1 s with two workers for a language of the shipped site). libzim 8 cannot be given UUIDs: the archive's header and each of
its two Xapian databases (title and full text) get a random one. After libzim has written the
file, :func:`_settle` replaces those three UUIDs with UUIDs derived from the file's content and
recomputes the MD5 checksum that ends the file; nothing else differs between two runs (checked
byte for byte), and ``zimcheck`` checks the result.

libzim prints progress to the process's standard output ("Resolve redirect", "No stemming for
language 'tk'") whatever its verbosity; that stream is silenced while libzim works, so the build's
output stays Gorag's own.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import struct
import sys
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from libzim.writer import Creator, Hint, IndexData, Item, StringProvider

from . import icons
from .copies import copy_bytes, members
from .errors import GoragError
from .i18n import t
from .languages import get_language, lang_prefix
from .neutral import NAME as NEUTRAL

# By suffix, so the same file gets the same type on every machine (the system's mime.types varies).
MIMETYPES = {
    ".html": "text/html", ".css": "text/css", ".js": "application/javascript", ".mjs": "application/javascript",
    ".json": "application/json", ".map": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
    ".ico": "image/x-icon", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf",
    ".otf": "font/otf", ".pdf": "application/pdf", ".ics": "text/calendar", ".xml": "application/xml",
    ".gz": "application/gzip", ".txt": "text/plain", ".md": "text/plain", "": "text/plain",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
UNKNOWN_MIMETYPE = "application/octet-stream"

CREATOR = "Gorag contributors"
PUBLISHER = "Gorag"
FLAVOUR = "maxi"  # Kiwix's word for the complete copy (not "nopic" or "mini")
TAGS = "_category:other;_ftindex:yes;_pictures:yes;_videos:no;_details:yes"
# Kiwix's limits for the texts its library shows (https://wiki.openzim.org/wiki/Metadata).
LIMITS = {"Title": 30, "Description": 80}
ILLUSTRATION = 48


def zim_language(lang: str) -> str:
    """The ISO 639-3 code of ``lang``, as the ZIM's Language metadata and its indexes want it
    (libzim picks the stemmer and stop words from it)."""
    return get_language(lang).iso639_3


def mimetype(rel: str) -> str:
    """The MIME type of a file of the copy."""
    return MIMETYPES.get(Path(rel).suffix.lower(), UNKNOWN_MIMETYPE)


def unlisted(rel: str, lang: str) -> bool:
    """Whether a page stays out of search and the title list: the neutral pages (and a server's
    404 page, should a copy hold one)."""
    return rel in {NEUTRAL, lang_prefix(lang) + NEUTRAL, "404.html"}


_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# Material's header names the site first (partials/header.html); page titles end " - <site name>".
_SITE_NAME = re.compile(r'<div class="md-header__topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', re.S)
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)


def page_title(page: str) -> str:
    """The page's ``<title>`` without the `` - <site name>`` every page's title ends with."""
    found = _TITLE.search(page)
    title = " ".join(html.unescape(found[1]).split()) if found else ""
    site = _SITE_NAME.search(page)
    return title.removesuffix(f" - {' '.join(html.unescape(site[1]).split())}") if site else title


class _TextOf(HTMLParser):
    """The text of an HTML fragment, without scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def article_text(page: str) -> str:
    """The text of the page's ``<article>`` (the whole page if it has none), whitespace collapsed
    and the headings' permalink signs left out."""
    found = _ARTICLE.search(page)
    parser = _TextOf()
    parser.feed(found[1] if found else page)
    parser.close()
    return " ".join("".join(parser.parts).replace("\u00b6", " ").split())


def fold(text: str) -> str:
    """``text`` without diacritics, as libzim folds titles (``Baş ýol`` → ``Bas yol``)."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)))


def folded_words(text: str) -> str:
    """The words of ``text`` that folding changes, folded, each as often as it occurs."""
    return " ".join(folded for word in text.split() if (folded := fold(word)) != word)


class _PageIndex(IndexData):  # type: ignore[misc]
    """What the full-text index holds for a page: its title, its article's text, and the folded
    form of every word with a diacritic (the title's as keywords, which libzim weighs like a title)."""

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title = title
        self.text = text
        self.content = " ".join(part for part in (text, folded_words(text)) if part)
        self.keywords = folded_words(title)

    def has_indexdata(self) -> bool:
        return True

    def get_title(self) -> str:
        return self.title

    def get_content(self) -> str:
        return self.content

    def get_keywords(self) -> str:
        return self.keywords

    def get_wordcount(self) -> int:
        return len(self.text.split())

    def get_geoposition(self) -> tuple[float, float] | None:
        return None


class _Entry(Item):  # type: ignore[misc]
    """One file of the copy. Everything is computed before libzim asks: libzim calls these
    methods from its own threads, where a Python exception would only come back as text."""

    def __init__(self, path: str, data: bytes, kind: str, title: str = "", index: _PageIndex | None = None) -> None:
        super().__init__()
        self.path = path
        self.data = data
        self.kind = kind
        self.title = title
        self.index = index

    def get_path(self) -> str:
        return self.path

    def get_title(self) -> str:
        return self.title

    def get_mimetype(self) -> str:
        return self.kind

    def get_contentprovider(self) -> StringProvider:
        return StringProvider(self.data)

    def get_hints(self) -> dict[Hint, int]:
        return {Hint.FRONT_ARTICLE: self.index is not None}

    def get_indexdata(self) -> _PageIndex | None:
        return self.index  # None: not in the full-text index (and libzim does not parse the page itself)


def entry(site: Path, rel: str, lang: str) -> _Entry:
    """The ZIM entry of one file of ``lang``'s copy."""
    data = copy_bytes(rel, (site / rel).read_bytes(), lang)
    kind = mimetype(rel)
    if kind != "text/html":
        return _Entry(rel, data, kind)
    page = data.decode("utf-8")
    title = page_title(page) or rel
    return _Entry(rel, data, kind, title, None if unlisted(rel, lang) else _PageIndex(title, article_text(page)))


def metadata(lang: str, stamp: datetime) -> dict[str, str]:
    """The metadata Kiwix requires (https://wiki.openzim.org/wiki/Metadata), checked against its limits."""
    values = {
        "Name": f"gorag_{lang}_all",
        "Title": t("zim_title", lang),
        "Description": t("zim_description", lang),
        "Language": zim_language(lang),
        "Creator": CREATOR,
        "Publisher": PUBLISHER,
        "Date": stamp.strftime("%Y-%m-%d"),
        "Tags": TAGS,
        "Flavour": FLAVOUR,
    }
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            key = f"zim_{name.lower()}"
            raise GoragError(f"strings.yml: {key}.{lang}: Kiwix shows at most {limit} characters, this has "
                             f"{len(values[name])}: {values[name]!r}")
    return values


def write_zim(site: Path, lang: str, target: Path, stamp: datetime) -> None:
    """Write ``lang``'s copy of the built ``site`` as a ZIM file at ``target``, atomically: the
    file is made beside ``target`` and renamed when complete, so a reader never sees half a ZIM.

    Raises :class:`GoragError` naming ``target`` if libzim or the file system fails."""
    language = zim_language(lang)
    info = metadata(lang, stamp)
    files = members(site, lang)  # listed before libzim puts its temporary files beside the target
    # libzim writes "<name>.tmp" and renames it to <name> when done; <name> is ours to settle.
    work = target.with_name(f".{target.name}.tmp")
    leftovers = (work, work.with_name(work.name + ".tmp"))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        creator = Creator(work)
        creator.config_indexing(True, language)
        creator.config_nbworkers(1)
        with _quiet_stdout(), creator:
            creator.set_mainpath(lang_prefix(lang) + "index.html")
            for rel in files:
                creator.add_item(entry(site, rel, lang))
            for name, value in info.items():
                creator.add_metadata(name, value)
            creator.add_illustration(ILLUSTRATION, icons.png(ILLUSTRATION))
        if not work.is_file():  # libzim 8 does not report a failed rename of its own temporary file
            raise OSError(f"libzim did not write {work.name}")
        _settle(work)
        os.replace(work, target)
    except (RuntimeError, OSError, ValueError) as error:
        for path in leftovers:
            if path.is_file():
                path.unlink()
        raise GoragError(f"{target}: could not write the Kiwix ZIM: {_one_line(error)}") from None


def _one_line(error: BaseException) -> str:
    """A libzim error can carry a whole Python traceback (from a method it called): its last line says what."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[-1] if lines else type(error).__name__


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Send what is written to file descriptor 1 (libzim's C++ ``std::cout``) to the null device."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no standard output at all: nothing to keep quiet
        yield
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)


# The ZIM header (https://wiki.openzim.org/wiki/ZIM_file_format#Header), little-endian.
_HEADER = struct.Struct("<IHH16sIIQQQQIIQ")
_ZIM_MAGIC = 0x044D495A
_UUID_AT = 8
# Xapian's glass database begins with its version record: this magic, a 2-byte format version,
# then the database's UUID.
_GLASS_MAGIC = b"\x0f\x0dXapian Glass"
_GLASS_UUID_AT = len(_GLASS_MAGIC) + 2
_INDEXES = ("fulltext/xapian", "title/xapian")  # libzim 8's entries in the "X" namespace


def _settle(path: Path) -> None:
    """Replace the random UUIDs libzim put in the ZIM at ``path`` by UUIDs made from its content,
    then rewrite its MD5 checksum, so the same content gives the same bytes."""
    with path.open("r+b") as zim:
        header = _HEADER.unpack(zim.read(_HEADER.size))
        if header[0] != _ZIM_MAGIC:
            raise ValueError("not a ZIM file")
        checksum_at = header[12]
        places = {"archive": _UUID_AT} | {name: at + _GLASS_UUID_AT for name, at in _index_offsets(zim, header).items()}
        for at in places.values():
            zim.seek(at)
            zim.write(bytes(16))
        content = _digest(zim, hashlib.sha256(), checksum_at)
        for name, at in places.items():
            zim.seek(at)
            zim.write(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:gorag:zim:{content}:{name}").bytes)
        md5 = _digest(zim, hashlib.md5(), checksum_at)
        zim.seek(checksum_at)
        zim.write(bytes.fromhex(md5))


def _digest(zim: BinaryIO, hasher: hashlib._Hash, end: int) -> str:
    zim.seek(0)
    left = end
    while left:
        chunk = zim.read(min(left, 1 << 20))
        if not chunk:
            raise ValueError("ZIM file shorter than its header says")
        hasher.update(chunk)
        left -= len(chunk)
    return hasher.hexdigest()


def _index_offsets(zim: BinaryIO, header: tuple[int, ...]) -> dict[str, int]:
    """Where each Xapian database of the ZIM starts, by entry path (libzim stores them uncompressed,
    so they sit as they are in their cluster)."""
    entries, path_pointers, cluster_pointers = header[4], header[6], header[8]
    zim.seek(path_pointers)
    pointers = struct.unpack(f"<{entries}Q", zim.read(8 * entries))
    found: dict[str, int] = {}
    for pointer in pointers:
        zim.seek(pointer)
        kind, _extra, namespace, _revision = struct.unpack("<HBcI", zim.read(8))
        if kind == 0xFFFF or namespace != b"X":  # a redirect, or not an index
            continue
        cluster, blob = struct.unpack("<II", zim.read(8))
        name = _zero_terminated(zim)
        if name not in _INDEXES:
            continue
        zim.seek(cluster_pointers + 8 * cluster)
        (cluster_at,) = struct.unpack("<Q", zim.read(8))
        zim.seek(cluster_at)
        (flags,) = zim.read(1)
        if flags & 0x0F not in (0, 1):
            raise ValueError(f"the Xapian database {name} is compressed")
        size = 8 if flags & 0x10 else 4
        zim.seek(cluster_at + 1 + blob * size)
        (offset,) = struct.unpack("<Q" if size == 8 else "<I", zim.read(size))
        start = cluster_at + 1 + offset
        zim.seek(start)
        if zim.read(len(_GLASS_MAGIC)) != _GLASS_MAGIC:
            raise ValueError(f"the Xapian database {name} is not where the ZIM says")
        found[name] = start
    return found


def _zero_terminated(zim: BinaryIO) -> str:
    data = bytearray()
    while (byte := zim.read(1)) not in (b"", b"\0"):
        data += byte
    return data.decode("utf-8")
