"""HTML → plain text: drop scripts, styles, navigation and footers; keep block structure."""

from __future__ import annotations

import re
from html.parser import HTMLParser

DROP_TAGS = {"script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe",
             "select", "button", "template", "svg", "head"}
BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
              "section", "article", "blockquote", "pre", "dd", "dt", "dl", "hr", "title", "td", "th"}
# class/id words that mark page furniture on Chinese government and news sites.
FURNITURE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|breadcrumb|crumb|sidebar|share|comment|"
                       r"copyright|toolbar|fontsize|font-size|print|login|search|position|location|bottom)"
                       r"(?:$|[\s_-])", re.I)
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


def html_to_text(markup: str) -> str:
    """The readable text of an HTML page, one block per line."""
    import lxml.etree
    import lxml.html  # lazily: plain-text runs never need it

    markup = re.sub(r"^\s*<\?xml[^>]*>", "", markup)
    if not markup.strip():
        return ""
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.fromstring(markup, parser=parser)
    except lxml.etree.ParserError as exc:
        if "Document is empty" in str(exc):  # only a doctype, comments or processing instructions
            return ""
        raise
    parts: list[str] = []
    if any(e.level_name == "FATAL" for e in parser.error_log):
        # libxml2 stops at nesting depth 256 (or a 10 MB text node) and drops the rest of the page.
        parts = _flat_text(markup)
    else:
        _walk(root, parts, 0)
    text = "".join(parts)
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def _walk(el, parts: list[str], depth: int) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in DROP_TAGS or (tag and FURNITURE.search(f"{el.get('class', '')} {el.get('id', '')}")):
        if el.tail:
            parts.append(el.tail)
        return
    block = tag in BLOCK_TAGS
    if block:
        parts.append("\n")
    if tag and el.text:
        parts.append(el.text)
    if depth < MAX_DEPTH:
        for child in el:
            _walk(child, parts, depth + 1)
    if block:
        parts.append("\n")
    if el.tail:
        parts.append(el.tail)


def _dropped(tag: str, attrs: dict) -> bool:
    return tag in DROP_TAGS or bool(FURNITURE.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}"))


class _FlatText(HTMLParser):
    """The same text as :func:`_walk`, from a token stream: no tree, so no nesting limit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping: str | None = None  # tag name of the dropped element we are inside
        self.nested = 0  # elements of that name open inside it

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.dropping is not None:
            self.nested += tag == self.dropping
        elif tag not in VOID_TAGS and _dropped(tag, dict(attrs)):
            self.dropping, self.nested = tag, 0
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if self.dropping is None and tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.dropping is not None:
            if tag == self.dropping:
                if self.nested:
                    self.nested -= 1
                else:
                    self.dropping = None
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.dropping is None:
            self.parts.append(data)


def _flat_text(markup: str) -> list[str]:
    parser = _FlatText()
    parser.feed(markup)
    parser.close()
    return parser.parts
