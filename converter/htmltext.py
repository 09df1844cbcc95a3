"""HTML → plain text: drop scripts, styles and navigation, keep block structure; the site's title, header
and footer come after the text, marked as furniture."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import NamedTuple

DROP_TAGS = {"script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe",
             "select", "button", "template", "svg", "head"}
BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
              "section", "article", "blockquote", "pre", "dd", "dt", "dl", "hr", "title", "td", "th"}
# class/id words that mark page furniture on Chinese government and news sites.
FURNITURE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|breadcrumb|crumb|sidebar|share|comment|"
                       r"copyright|toolbar|fontsize|font-size|print|login|search|position|location|bottom)"
                       r"(?:$|[\s_-])", re.I)
# Elements that name the site (its <title>, header and footer): not part of the page's text, but kept
# after it as furniture, where the converter may read who issued the page (某某县人民政府 版权所有).
SITE_TAGS = {"header", "footer"}
SITE_CLASS = re.compile(r"(?:^|[\s_-])(?:footer|foot|copyright|bottom)(?:$|[\s_-])", re.I)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)""", re.I)
LOOKS_LIKE_HTML = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<meta|<div|<p[ >])", re.I)
MAX_DEPTH = 400
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
             "track", "wbr"}


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag declares, if any."""
    m = META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


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
    lines (marked as furniture)."""
    import lxml.etree
    import lxml.html  # lazily: plain-text runs never need it

    markup = re.sub(r"^\s*<\?xml[^>]*>", "", markup)
    if not markup.strip():
        return PageText("")
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.fromstring(markup, parser=parser)
    except lxml.etree.ParserError as exc:
        if "Document is empty" in str(exc):  # only a doctype, comments or processing instructions
            return PageText("")
        raise
    parts: list[str] = []
    site: list[str] = []
    if any(e.level_name == "FATAL" for e in parser.error_log):
        # libxml2 stops at nesting depth 256 (or a 10 MB text node) and drops the rest of the page.
        parts, site = _flat_text(markup)
    else:
        title = root.find(".//title")
        if title is not None and title.text:
            site.append(title.text)
        _walk(root, parts, 0, site)
    body, site_lines = _lines(parts), _lines(site)
    if not site_lines:
        return PageText(body)
    return PageText(body + site_lines, ((len(body), len(body) + len(site_lines)),))


def _lines(parts: list[str]) -> str:
    """The non-blank lines of the joined parts, runs of spaces collapsed, each ended by a newline."""
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parts).split("\n"))
    return "".join(f"{line}\n" for line in lines if line)


def _walk(el, parts: list[str], depth: int, site: list[str] | None = None) -> None:
    """Append the element's text to ``parts``; a site element's (header, footer) goes to ``site``."""
    tag = el.tag if isinstance(el.tag, str) else ""
    attrs = f"{el.get('class', '')} {el.get('id', '')}" if tag else ""
    if site is not None and (tag in SITE_TAGS or SITE_CLASS.search(attrs)):
        site.append("\n")
        _walk_inside(el, site, depth)
        site.append("\n")
        if el.tail:
            parts.append(el.tail)
        return
    if tag in DROP_TAGS or (tag and FURNITURE.search(attrs)):
        if el.tail:
            parts.append(el.tail)
        return
    block = tag in BLOCK_TAGS
    if block:
        parts.append("\n")
    _walk_inside(el, parts, depth, site)
    if block:
        parts.append("\n")
    if el.tail:
        parts.append(el.tail)


def _walk_inside(el, parts: list[str], depth: int, site: list[str] | None = None) -> None:
    """The element's own text and its children's, without its tail."""
    if isinstance(el.tag, str) and el.text:
        parts.append(el.text)
    if depth < MAX_DEPTH:
        for child in el:
            _walk(child, parts, depth + 1, site)


def _dropped(tag: str, attrs: dict) -> bool:
    return tag in DROP_TAGS or bool(FURNITURE.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}")) \
        or _is_site(tag, attrs)


def _is_site(tag: str, attrs: dict) -> bool:
    return tag in SITE_TAGS or bool(SITE_CLASS.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}"))


class _FlatText(HTMLParser):
    """The same text as :func:`_walk`, from a token stream: no tree, so no nesting limit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.site: list[str] = []  # the <title>, header and footer text
        self.dropping: str | None = None  # tag name of the dropped element we are inside
        self.nested = 0  # elements of that name open inside it
        self.diverting = False  # the dropped element is a site element: its text goes to ``site``
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.in_title = self.in_title or tag == "title"
        if self.dropping is not None:
            self.nested += tag == self.dropping
            if self.diverting and tag in BLOCK_TAGS:
                self.site.append("\n")
        elif tag not in VOID_TAGS and _dropped(tag, dict(attrs)):
            self.dropping, self.nested = tag, 0
            self.diverting = _is_site(tag, dict(attrs))
            if self.diverting:
                self.site.append("\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if self.dropping is None and tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.in_title:
            self.in_title = False
            self.site.append("\n")
        if self.dropping is not None:
            if tag == self.dropping:
                if self.nested:
                    self.nested -= 1
                else:
                    self.dropping = None
            if self.diverting:
                self.site.append("\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.site.append(data)
        elif self.dropping is None:
            self.parts.append(data)
        elif self.diverting:
            self.site.append(data)


def _flat_text(markup: str) -> tuple[list[str], list[str]]:
    """The text parts and the site parts of the page, read as a token stream."""
    parser = _FlatText()
    parser.feed(markup)
    parser.close()
    return parser.parts, parser.site
