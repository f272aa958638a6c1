"""What content may publish, checked on what it renders to, not on its raw lines.

Every text an editor writes is one of three kinds (:func:`gorag.schema.text_classes` says which
field is which):

* **plain text** (titles, names, labels, summaries, anything shown in navigation, calendars or PDF
  metadata): shown exactly as written. :func:`check_plain` rejects what looks like markup, and
  :func:`escape` makes it inert wherever it lands (HTML and Markdown alike);
* **inline Markdown** (step actions, definitions, descriptions, notes): emphasis, code and links to
  relative pages or ``https:``, ``mailto:`` and ``tel:`` addresses, nothing else;
* **bodies**: Markdown with the site's extensions, whose rendered HTML must keep to
  :data:`ELEMENTS`, :data:`ATTRIBUTES` and the URL schemes allowed for links and images.

Bodies and inline fields are rendered with the same Markdown extensions as the site and the HTML
is parsed (entities decoded, tags split over lines joined) before it is compared with the
allowlist, so ``java&#x09;script:``, reference-style links and ``{: onclick=… }`` are judged as a
browser would see them. A cheap test first skips texts that cannot render to anything outside the
allowlist (no ``<``, ``{``, ``![`` and no link but to a plain relative or https address), which is
nearly every text: rendering costs about 1 ms per KB.

The Content-Security-Policy stays as the second wall; it does not govern navigation, so it cannot
be the only one. Pure: imports Python-Markdown, not MkDocs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from typing import Any

import markdown
from markupsafe import Markup
from markupsafe import escape as html_escape

from .fences import code_lines

__all__ = ["Checker", "Violation", "anchor", "check_plain", "escape", "escape_title", "inline", "MARKDOWN_EXTENSIONS"]

# The site's Markdown configuration (MkDocs' built-in toc, tables and fenced_code, then mkdocs.yml's
# markdown_extensions), used when a caller does not pass the project's own; a test checks that the
# two agree.
MARKDOWN_EXTENSIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("toc", {"permalink": True}), ("tables", {}), ("fenced_code", {}), ("admonition", {}), ("attr_list", {}),
    ("def_list", {}), ("md_in_html", {}), ("pymdownx.details", {}), ("pymdownx.superfences", {}),
    ("pymdownx.tasklist", {"custom_checkbox": True}),
)

# Markdown that the site renders, as its HTML elements and attributes. Anything else (script,
# style, iframe, object, embed, form, input other than task boxes, base, meta, link, svg, math,
# audio, video, source, picture …) is refused.
ELEMENTS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    "var", "wbr", "aside",
})
INLINE_ELEMENTS = frozenset({"p", "a", "em", "strong", "code", "br", "b", "i"})
ATTRIBUTES = frozenset({
    "class", "id", "title", "lang", "dir", "align", "colspan", "rowspan", "scope", "headers", "start", "reversed",
    "value", "open", "alt", "width", "height", "href", "src", "datetime", "abbr", "rel", "target",
    # task-list check boxes (pymdownx.tasklist)
    "type", "checked", "disabled",
})
INLINE_ATTRIBUTES = frozenset({"href", "title"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
LINK_SCHEMES = ("https", "mailto", "tel")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop ASCII tab and line breaks anywhere in a URL and C0 controls and spaces at its ends.
_URL_NOISE = re.compile(r"[\t\n\r]")
_ALIGN = re.compile(r"text-align: (?:left|right|center);")
_EXAMPLE = "plain Markdown: [text](page.md), [text](https://example.org), ![alt](image.png)"


@dataclass(frozen=True)
class Violation:
    """One breach of the content policy at a 1-based line (and column, 0 if unknown) of the text."""

    line: int
    message: str
    col: int = 0


# ------------------------------------------------------------------------------------------
# Plain text
# ------------------------------------------------------------------------------------------

# Characters that start markup in HTML or in Markdown, as character references: the result shows
# the same text in an HTML page, in a Markdown page (Python-Markdown leaves references alone) and
# in MkDocs' navigation, which prints page titles without escaping them.
_ESCAPES = {ord("*"): "&#42;", ord("_"): "&#95;", ord("["): "&#91;", ord("]"): "&#93;", ord("{"): "&#123;",
            ord("}"): "&#125;", ord("`"): "&#96;",
            ord("\\"): "&#92;", ord("|"): "&#124;"}
_ACTIVE = re.compile(r"[\[\]{}`\\|*_]")


def escape(text: object) -> Markup:
    """``text`` as inert HTML and Markdown: ``<``, ``&`` and quotes as in HTML, and ``[ ] { } ` \\ | * _``
    as character references, so no link, image, attribute list, code span, emphasis or table cell
    can start."""
    if isinstance(text, Markup) or hasattr(text, "__html__"):
        return Markup(text)
    escaped = str(html_escape(str(text)))
    return Markup(escaped.translate(_ESCAPES) if _ACTIVE.search(escaped) else escaped)


def inline(text: str) -> Markup:
    """An inline-Markdown field for a Markdown page as it is: :func:`gorag.texts.check_texts`
    has held it to the inline allowlist."""
    return Markup(text)


def anchor(element_id: str) -> Markup:
    """The site's own attribute list giving a heading the id ``element_id`` (a validated id)."""
    return Markup(f"{{#{element_id}}}")


def escape_title(text: str) -> str:
    """A page title for MkDocs' front matter: it is printed unescaped into every page's navigation
    and ``<title>``, so ``<`` and ``&`` become references (quotes stay: titles are text there)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") if ("<" in text or "&" in text) else text


# Control characters (C0 but tab, C1), line and paragraph separators, and the bidirectional
# overrides that can make text read differently from what it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_NEWLINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ATTR_LIST = re.compile(r"\{\s*[:#.]|\{\s*[A-Za-z-]+\s*=")  # {: .class }, {#id}, {onclick=…}
_PLAIN_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<[A-Za-z/!?]"), "HTML is not allowed in a plain-text field; it is shown as written"),
    (re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"),
     "HTML character references are not allowed in a plain-text field; type the character itself"),
    (re.compile(r"!?\[[^\]]*\]\s*[(\[:]|\]\s*\("), "Markdown links and images are not allowed in a plain-text field"),
    (_ATTR_LIST, "attribute lists ({: …}) are not allowed in content"),
    (re.compile(r"\b(?:java|vb)\s*script\s*:|\bdata\s*:\s*[a-z]+/", re.I), "script and data: addresses are not allowed in content"),
)


def check_plain(text: str, multiline: bool = False) -> list[str]:
    """Why ``text`` may not be published as plain text (empty when it may). A line break is allowed
    only where ``multiline`` (a summary written over several lines is joined by YAML anyway)."""
    problems = []
    control = (_CONTROL if multiline else _CONTROL_OR_NEWLINE).search(text)
    if control:
        char = control.group()
        what = "a line break" if char in "\r\n" else f"the control character U+{ord(char):04X}"
        problems.append(f"{what} is not allowed in a plain-text field; write it on one line")
    problems += [message for pattern, message in _PLAIN_RULES if pattern.search(text)]
    return problems


# ------------------------------------------------------------------------------------------
# Rendered Markdown
# ------------------------------------------------------------------------------------------

# A link that cannot render to anything but a relative or https/mailto/tel link (no title, no
# spaces, no references, no entities): texts whose only brackets are these need no rendering.
_SAFE_LINK = re.compile(
    r"(?<!!)\[[^\[\]<>{}&\\\n]*\]\((?:https://[A-Za-z0-9\-._~/?#%=+,;@!$*:']*|(?:mailto|tel):[A-Za-z0-9\-._+@%]*"
    r"|[A-Za-z0-9_\-./]*(?:#[A-Za-z0-9_\-]*)?)\)")


def needs_rendering(text: str) -> bool:
    """Whether ``text`` could render to something outside the allowlist: raw HTML or an autolink
    (``<``), an attribute list (``{``), an image, a reference or a link to anything but a plain
    relative or https/mailto/tel address. Conservative: it may say yes to harmless text."""
    if "<" in text or "{" in text or "![" in text:
        return True
    if "]" not in text:
        return False
    return "]" in _SAFE_LINK.sub("", text)


# Elements that have no end tag.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


class _Collector(HTMLParser):
    """Every element of a rendered text that the allowlist does not admit, with a hint of the
    source text to locate it by."""

    def __init__(self, elements: frozenset[str], attributes: frozenset[str], inline: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.elements, self.attributes, self.inline = elements, attributes, inline
        self.found: list[tuple[str, tuple[str, ...]]] = []  # (message, hints)
        self.open: list[str] = []  # elements opened and not yet closed

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        """An end tag closes what the field opened, or it would close the page's own markup
        around the field (``</label>`` ending a checklist line, ``</li>`` a list)."""
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass
            return
        if tag not in self.elements:
            self.found.append((f"raw </{tag}> HTML is not allowed in content", (f"</{tag}", tag)))
        else:
            self.found.append((f"</{tag}> closes nothing this text opened (it would close the page's own "
                               f"<{tag}> around it)", (f"</{tag}", tag)))

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.elements:
            what = "only emphasis, code and links are allowed in this field" if self.inline and tag in ELEMENTS \
                else "is not allowed in content"
            self.found.append((f"raw <{tag}> HTML {what}" if not (self.inline and tag in ELEMENTS)
                               else f"<{tag}>: {what}", (f"<{tag}", tag)))
            return
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append((f"event-handler attribute '{name}' is not allowed in content", (name,)))
            elif name == "style" and not self.inline and _ALIGN.fullmatch(value):
                continue  # Python-Markdown's own table column alignment
            elif name not in self.attributes:
                self.found.append((f"the attribute '{name}' is not allowed in content", (name,)))
            elif name in URL_ATTRIBUTES:
                problem = url_problem(value, image=(tag == "img"))
                if problem:
                    plain = _URL_NOISE.sub("", value).strip()
                    self.found.append((problem, (plain[:16], plain[-16:], plain[:6], name)))
            elif tag == "input" and name == "type" and value != "checkbox":
                self.found.append((f"raw <input type={value}> HTML is not allowed in content", ("<input",)))


def url_problem(value: str, image: bool = False) -> str:
    """Why the URL ``value`` (as a browser reads the attribute) may not be published, or ''."""
    url = _URL_NOISE.sub("", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                           "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    scheme = _SCHEME.match(url)
    if image:
        if scheme or url.startswith(("//", "\\\\", "/\\", "\\/")):
            shown = f"{scheme.group(1).lower()}:" if scheme else ""
            return f"loading a remote resource ('{shown}//…') is not allowed in content; images must be files of the site"
        return ""
    if scheme:
        name = scheme.group(1).lower()
        if name not in LINK_SCHEMES:
            return f"'{name}:' URLs are not allowed in content"
    elif url.startswith(("//", "\\\\", "/\\", "\\/")):
        return "links to '//…' are not allowed in content; write the full https:// address"
    return ""


class Checker:
    """Renders Markdown with the site's extensions and holds the HTML to the allowlist.

    ``extensions``: (name, options) pairs, as in mkdocs.yml's ``markdown_extensions``."""

    def __init__(self, extensions: Iterable[tuple[str, dict[str, Any]]] = MARKDOWN_EXTENSIONS) -> None:
        self.extensions = tuple((name, dict(options)) for name, options in extensions)

    @cache  # noqa: B019 - one renderer per checker and mode, for the process's life
    def _markdown(self, attr_list: bool) -> markdown.Markdown:
        chosen = [(name, options) for name, options in self.extensions if attr_list or name != "attr_list"]
        return markdown.Markdown(extensions=[name for name, _ in chosen], extension_configs=dict(chosen))

    def render(self, text: str, attr_list: bool = True) -> str:
        md = self._markdown(attr_list)
        md.reset()
        return str(md.convert(text))

    def _violations(self, html: str, inline: bool) -> list[tuple[str, tuple[str, ...]]]:
        collector = _Collector(INLINE_ELEMENTS if inline else ELEMENTS,
                               INLINE_ATTRIBUTES if inline else ATTRIBUTES, inline)
        collector.feed(html)
        collector.close()
        return collector.found

    def _uses_attr_list(self, text: str, rendered: str) -> bool:
        """Attribute lists are the site's, not content's: ``{: onclick=… }`` would add any attribute.
        ``rendered`` is ``text`` rendered with them; rendering without them shows whether any applied."""
        if "{" not in text or not any(name == "attr_list" for name, _ in self.extensions):
            return False
        return rendered != self.render(text, attr_list=False)

    def check_body(self, text: str) -> list[Violation]:
        """Violations in a Markdown body, each at the 1-based line where its source stands."""
        if not needs_rendering(text):
            return []
        rendered = self.render(text)
        found = self._violations(rendered, inline=False)
        if self._uses_attr_list(text, rendered):
            found.append(("attribute lists ({: …}) are not allowed in content", ("{:", "{ :", "{#", "{.", "{")))
        lines = text.splitlines()
        code = _code_lines(lines)
        out = self._definitions(lines, code)
        seen: set[tuple[int, str]] = set()
        for message, hints in found:
            line, col = _locate(lines, code, hints)
            if (line, message) not in seen:
                seen.add((line, message))
                out.append(Violation(line, message, col))
        return sorted(out, key=lambda v: (v.line, v.col, v.message))

    @staticmethod
    def _definitions(lines: list[str], code: set[int]) -> list[Violation]:
        """Reference definitions (``[id]: url``) render to nothing until a link uses them; their
        targets are held to the link rules where they stand."""
        out = []
        for index, line in enumerate(lines):
            match = _DEFINITION.match(line) if "]:" in line and index not in code else None
            if match:
                target = html.unescape(match.group(2).strip("<>"))
                problem = url_problem(target)
                if problem:
                    out.append(Violation(index + 1, problem, match.start(2) + 1))
        return out

    def check_inline(self, text: str) -> list[str]:
        """Why ``text`` may not be published as inline Markdown (empty when it may)."""
        problems = []
        control = _CONTROL.search(text)
        if control:
            problems.append(f"the control character U+{ord(control.group()):04X} is not allowed in content")
        if "\n\n" in text.strip() or re.search(r"\n[ \t]*\n", text.strip()):
            problems.append("inline Markdown is one paragraph: no blank lines")
        if needs_rendering(text):
            # A template may place the field after other words: raw HTML at the start of a
            # paragraph can render differently from the same HTML inside a sentence, so both count.
            rendered = self.render(text)
            found = [message for html_text in (rendered, self.render(f"x {text}"))
                     for message, _ in self._violations(html_text, inline=True)]
            # HTML the renderer would escape at one place may pass at another: no tag but the
            # allowed ones, whatever this rendering made of it.
            found += [f"raw <{tag.lower()}> HTML is not allowed in content" for tag in _TAG.findall(re.sub(r"`[^`]*`", "", text))
                      if tag.lower() not in INLINE_ELEMENTS]
            if self._uses_attr_list(text, rendered) or _ATTR_LIST.search(text):
                found.append("attribute lists ({: …}) are not allowed in content")
            problems += list(dict.fromkeys(found))
        return problems


_TAG = re.compile(r"<\s*/?\s*([A-Za-z][\w-]*)(?![\w-]*[:@])")
_DEFINITION = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*(\S+)")


_code_lines = code_lines  # hints are not looked for in fenced code (gorag.fences)


def _locate(lines: list[str], code: set[int], hints: tuple[str, ...]) -> tuple[int, int]:
    """(line, column) of the first hint found outside fenced code, both 1-based; (1, 0) if none is."""
    for hint in hints:
        if not hint:
            continue
        needle = hint.lower()
        for index, line in enumerate(lines):
            if index in code:
                continue
            col = line.lower().find(needle)
            if col >= 0:
                return index + 1, col + 1
            # The source may spell it with character references or tabs (java&#x09;script:).
            if "&" in line or "\t" in line:
                decoded = _URL_NOISE.sub("", html.unescape(line)).lower()
                if needle in decoded:
                    return index + 1, 0
    # An obfuscated URL (entities, whitespace) is not in the source as rendered: its link is.
    for marker in ("](", "]:", "href", "src", "<"):
        for index, line in enumerate(lines):
            if index not in code and marker in line.lower():
                return index + 1, line.lower().find(marker) + 1
    return 1, 0
