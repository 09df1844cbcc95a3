"""HTML → plain text: drop scripts, styles, navigation and footers; keep block structure."""

from __future__ import annotations

import re

DROP_TAGS = {"script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe",
             "select", "button", "template", "svg", "head"}
BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
              "section", "article", "blockquote", "pre", "dd", "dt", "dl", "hr", "title", "td", "th"}
# class/id words that mark page furniture on Chinese government and news sites.
FURNITURE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|breadcrumb|crumb|sidebar|share|comment|"
                       r"copyright|toolbar|fontsize|font-size|print|login|search)(?:$|[\s_-])", re.I)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)""", re.I)
LOOKS_LIKE_HTML = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<meta|<div|<p[ >])", re.I)
MAX_DEPTH = 400


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag declares, if any."""
    m = META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def looks_like_html(text: str) -> bool:
    return bool(LOOKS_LIKE_HTML.match(text[:512]))


def html_to_text(markup: str) -> str:
    """The readable text of an HTML page, one block per line."""
    import lxml.html  # lazily: plain-text runs never need it

    markup = re.sub(r"^\s*<\?xml[^>]*>", "", markup)
    if not markup.strip():
        return ""
    root = lxml.html.fromstring(markup)
    parts: list[str] = []
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
