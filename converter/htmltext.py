"""HTML → plain text: the page's article (found by structure, :mod:`converter.htmlmain`), one block per
line; the site's title, header and footer and the page's metadata (:mod:`converter.htmlmeta`) come
after it, marked as furniture (docs/html.md)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import NamedTuple

from .htmlmain import Line, article_lines, joined, main_heading
from .htmlmeta import PageMeta
from .lazy_re import compile_later

# Elements whose content is never text.
DROP_TAGS = {"script", "style", "noscript", "iframe", "select", "button", "template", "svg", "head", "textarea",
             "object"}
BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
              "section", "article", "blockquote", "pre", "dd", "dt", "dl", "hr", "title", "td", "th", "header",
              "footer", "nav", "aside", "main", "form", "figure", "figcaption", "center", "caption"}
# Tags and class/id words that mark page furniture on Chinese government and news sites: a hint that
# weakens a line without prose, never a reason to drop running text (converter.htmlmain).
HINT_TAGS = {"nav", "aside"}
FURNITURE = compile_later(r"(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|breadcrumb|crumb|sidebar|share|comment|"
                          r"copyright|toolbar|fontsize|font-size|print|login|search|position|location|bottom)"
                          r"(?:$|[\s_-])", re.I)
# Elements that name the site (its header and footer): outside the article they are kept after the text
# as furniture, where the converter may read who issued the page (某某县人民政府 版权所有).
SITE_TAGS = {"header", "footer"}
SITE_CLASS = compile_later(r"(?:^|[\s_-])(?:footer|foot|copyright|bottom)(?:$|[\s_-])", re.I)
META_CHARSET = compile_later(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)""", re.I)
LOOKS_LIKE_HTML = compile_later(r"^\s*(?:<!doctype html|<html|<head|<body|<meta|<div|<p[ >])", re.I)
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
             "track", "wbr"}
# Hostile markup is tamed before parsing: a tag with more than LONG_TAG characters of attributes keeps
# its first MAX_ATTRS attributes, each value cut to MAX_ATTR_CHARS (libxml2 checks duplicate attributes
# in quadratic time: 200,000 of them took 105 s); comments are removed (a flood of them is a flood of
# nodes).
LONG_TAG = 4096
MAX_ATTRS = 64
MAX_ATTR_CHARS = 2048
HUGE_TAG = compile_later(r"<([a-zA-Z][\w:-]*)([^<>]{" + str(LONG_TAG) + r",})>")
ATTRIBUTE = compile_later(r"""([^\s=>/"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
SPACES = compile_later(r"[ \t\u00a0\r\f\v]+")

DROP, HINT, SITE, LINK, TITLE, H1, H2, H3 = 1, 2, 4, 8, 16, 32, 64, 128
HEADING = H1 | H2 | H3
# The flag of each heading tag, by level (<h1> first).
HEADING_FLAGS = {"h1": H1, "h2": H2, "h3": H3}
# What each tag is, looked up once per element: (ends a line, has no content, flags it sets).
TAG_KINDS = {tag: (tag in BLOCK_TAGS, tag in VOID_TAGS,
                   (DROP if tag in DROP_TAGS else 0) | (HINT if tag in HINT_TAGS else 0)
                   | (SITE if tag in SITE_TAGS else 0) | (LINK if tag == "a" else 0)
                   | HEADING_FLAGS.get(tag, 0))
             for tag in BLOCK_TAGS | VOID_TAGS | DROP_TAGS | HINT_TAGS | SITE_TAGS | HEADING_FLAGS.keys() | {"a"}}
PLAIN_TAG = (False, False, 0)


def declared_charset(data: bytes) -> str | None:
    """The charset the page's ``<meta>`` tags declare; None when none does or they disagree."""
    found = {m.group(1).decode("ascii").lower() for m in META_CHARSET.finditer(data[:4096])}
    return found.pop() if len(found) == 1 else None


def looks_like_html(text: str) -> bool:
    return bool(LOOKS_LIKE_HTML.match(text[:512]))


class PageText(NamedTuple):
    """A page's readable text, one block per line; ``furniture`` spans the site lines after it."""

    text: str
    furniture: tuple[tuple[int, int], ...] = ()

    @property
    def body(self) -> str:
        """The text without the site lines."""
        return self.text[: self.furniture[0][0]] if self.furniture else self.text


def html_to_text(markup: str) -> PageText:
    """The readable text of an HTML page, one block per line, then the site's title, header and footer
    lines and the page's metadata lines (marked as furniture)."""
    markup = _tame(re.sub(r"^\s*<\?xml[^>]*>", "", markup))
    if not markup.strip():
        return PageText("")
    reader = _read_tree(markup)
    lines = reader.finish()
    keep, article = article_lines(lines, reader.meta.titles())
    pairs = list(zip(lines, keep, strict=True))
    if article:  # a page without one may have a heading, but it is the site's logo, not a title
        reader.meta.add("h1", main_heading([line for line, kept in pairs if kept]))
    body = "".join(f"{text}\n" for text in joined([line for line, kept in pairs if kept]))
    site = [*reader.title_lines(), *(line.text for line, kept in pairs if line.site and not kept), *reader.meta.lines()]
    site_lines = "".join(f"{line}\n" for line in site)
    if not site_lines:
        return PageText(body)
    return PageText(body + site_lines, ((len(body), len(body) + len(site_lines)),))


def _tame(markup: str) -> str:
    """The markup without comments, and with every over-long tag cut to its first attributes."""
    markup = _without_comments(markup)
    return HUGE_TAG.sub(_short_tag, markup) if len(markup) > LONG_TAG else markup


def _without_comments(markup: str) -> str:
    """``markup`` with ``<!-- … -->`` comments removed (an unclosed one is left to the parser)."""
    out, pos = [], 0
    while (start := markup.find("<!--", pos)) >= 0:
        end = markup.find("-->", start + 4)
        if end < 0:
            break
        out.append(markup[pos:start])
        pos = end + 3
    return "".join(out) + markup[pos:] if out else markup


def _short_tag(m: re.Match) -> str:
    attrs = []
    for a in ATTRIBUTE.finditer(m.group(2)):
        if len(attrs) == MAX_ATTRS:
            break
        value = a.group(2) or ""
        if len(value) > MAX_ATTR_CHARS:
            value = value[:MAX_ATTR_CHARS] + value[0] if value[0] in "\"'" else value[:MAX_ATTR_CHARS]
        attrs.append(f"{a.group(1)}={value}" if value else a.group(1))
    return f"<{m.group(1)} {' '.join(attrs)}>"


def _read_tree(markup: str) -> _PageReader:
    """The page read by libxml2's HTML parser, its events fed to the reader as they come (no tree: no
    memory per element, no nesting limit), or read again as a token stream when libxml2 gave up on it
    (a text node over 10 MB)."""
    import lxml.etree  # lazily: plain-text runs never need it

    reader = _PageReader()
    parser = lxml.etree.HTMLParser(target=reader)
    lxml.etree.fromstring(markup, parser)
    if any(e.level_name == "FATAL" for e in parser.error_log):
        return _read_stream(markup)
    return reader


class _PageReader:
    """Turns start tags, end tags and text into :class:`Line` blocks, the ``<title>`` and the metadata."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, int]] = []  # open elements and the flags they set
        self.open: dict[str, int] = {}  # open elements by tag, so a stray end tag costs nothing
        self.flags = 0
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.counts = [0, 0, 0]  # characters of the current line in a link, a hinted, a site element
        self.links = 0  # links with text in the current line
        self.new_link = False  # an <a> began and has had no text yet
        self.heading = 0  # the level of the highest heading the current line has text in (0: none)
        self.title: list[str] = []
        self.meta = PageMeta()

    def start(self, tag: str, attrs: Mapping[str, str | None]) -> None:
        """An element begins (``attrs``: its attributes)."""
        kind = TAG_KINDS.get(tag)
        if kind is None:
            tag = tag.lower()
            kind = TAG_KINDS.get(tag, PLAIN_TAG)
        block, void, added = kind
        if tag == "meta":
            self.meta.add_meta_tag(attrs.get)
        if block:
            self.newline()
        if void:
            return
        flags = self.flags | added
        if tag == "title":  # inside <head>, which is dropped; only the first counts
            flags = (flags & ~DROP) | TITLE if not self.title else flags | DROP
        elif tag == "a":
            self.new_link = True
        # most elements have no attributes: lxml's empty mapping answers get() in Python, so it is not asked
        names, ident = (attrs.get("class"), attrs.get("id")) if attrs else (None, None)
        if names or ident:
            flags |= _named_flags(f"{names or ''} {ident or ''}")
        self.stack.append((tag, self.flags))
        self.open[tag] = self.open.get(tag, 0) + 1
        self.flags = flags

    def end(self, tag: str) -> None:
        """An element ends (a stray end tag is ignored)."""
        stack = self.stack
        if not (stack and stack[-1][0] == tag):
            tag = tag.lower()
            if not self.open.get(tag):
                return  # a stray end tag
        while stack:
            name, before = stack.pop()
            self.open[name] -= 1
            self.flags = before
            if name == tag:
                break
        if tag in BLOCK_TAGS:
            self.newline()

    def data(self, text: str) -> None:
        """Text inside the current element."""
        flags = self.flags
        if flags & (TITLE | DROP):
            if flags & TITLE:
                self.title.append(text)
            return
        if "\n" not in text:
            if flags & (LINK | HINT | SITE | HEADING):
                self._piece(text, flags)
            elif text:
                self.parts.append(text)
            return
        pieces = text.split("\n")
        for piece in pieces[:-1]:
            self._piece(piece, flags)
            self.newline()
        self._piece(pieces[-1], flags)

    def _piece(self, piece: str, flags: int) -> None:
        """Add text without line breaks to the current line."""
        if not piece:
            return
        self.parts.append(piece)
        if flags & (LINK | HINT | SITE | HEADING):
            chars = len(piece) - piece.count(" ") - piece.count("\t")
            if flags & LINK:
                self.links += self.new_link and chars > 0
                self.new_link = self.new_link and not chars
                self.counts[0] += chars
            if flags & HINT:
                self.counts[1] += chars
            if flags & SITE:
                self.counts[2] += chars
            if flags & HEADING:
                self.heading = min(self.heading or 3, _level(flags))

    def newline(self) -> None:
        """End the current line (a block boundary)."""
        if not self.parts:
            return
        text = "".join(self.parts)
        if "  " in text or not text.isprintable():  # a run of spaces, or a tab, NBSP or CR (most lines have none)
            text = SPACES.sub(" ", text)
        text = text.strip()
        if text:
            size = len(text) - text.count(" ")
            link, hint, site = self.counts
            self.lines.append(Line(text, size, min(link, size), min(hint, size), min(site, size), self.heading,
                                   self.links))
        self.parts.clear()
        self.counts = [0, 0, 0]
        self.links = 0
        self.heading = 0

    def close(self) -> None:
        """The end of the page (what lxml's parser calls last)."""

    def finish(self) -> list[Line]:
        """The page's lines; the ``<title>`` goes to the metadata."""
        self.newline()
        self.meta.add("title", "".join(self.title))
        return self.lines

    def title_lines(self) -> list[str]:
        text = SPACES.sub(" ", "".join(self.title)).strip()
        return [line.strip() for line in text.split("\n") if line.strip()]


# The flags each class-and-id string gives (a page repeats a few dozen: item, title, list-box …).
_NAMED: dict[str, int] = {}
NAMED_KEPT = 4096


def _named_flags(names: str) -> int:
    """HINT and SITE as an element's class and id words name furniture or the site's header and footer."""
    found = _NAMED.get(names)
    if found is None:
        if len(_NAMED) >= NAMED_KEPT:
            _NAMED.clear()
        found = _NAMED[names] = (HINT if FURNITURE.search(names) else 0) | (SITE if SITE_CLASS.search(names) else 0)
    return found


def _level(flags: int) -> int:
    """The level of the highest heading ``flags`` hold (1 for <h1>)."""
    return next(n for n, flag in enumerate(HEADING_FLAGS.values(), 1) if flags & flag)


class _TokenStream(HTMLParser):
    """Feeds a :class:`_PageReader` from Python's tokenizer: no tree, so no nesting limit."""

    def __init__(self, reader: _PageReader) -> None:
        super().__init__(convert_charrefs=True)
        self.reader = reader

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.reader.start(tag, dict(attrs))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.reader.start(tag, dict(attrs))
        self.reader.end(tag)

    def handle_endtag(self, tag: str) -> None:
        self.reader.end(tag)

    def handle_data(self, data: str) -> None:
        self.reader.data(data)

    def parse_html_declaration(self, i: int) -> int:
        """``<![…`` that is not CDATA is a bogus comment up to the next ``>`` (HTML5), not an error that
        loses the rest of the page."""
        if self.rawdata.startswith("<![", i) and not self.rawdata.startswith("<![CDATA[", i):
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1
        return super().parse_html_declaration(i)


def _read_stream(markup: str) -> _PageReader:
    """The page read as a token stream."""
    reader = _PageReader()
    stream = _TokenStream(reader)
    stream.feed(markup)
    stream.close()
    return reader
