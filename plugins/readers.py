"""Built-in readers: HTML pages and plain text in UTF-8, GB18030/GBK or Big5."""

from __future__ import annotations

from converter import hookimpl
from converter.decode import CODEC_FOR_LABEL, decode
from converter.errors import InputError
from converter.htmltext import declared_charset, html_to_text, looks_like_html
from converter.reading import ReadResult

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


@hookimpl(specname="converter_read", tryfirst=True)
def read_html(raw: bytes, path: str) -> ReadResult | None:
    """Read HTML (by file name or content), decoding with the page's declared charset when valid."""
    head = raw[:512].lstrip().lower()
    if not (path.lower().endswith(HTML_SUFFIXES) or head.startswith((b"<!doctype html", b"<html"))):
        return None
    text, encoding = _decode_html(raw, path)
    if not looks_like_html(text) and not path.lower().endswith(HTML_SUFFIXES):
        return None
    try:
        extracted = html_to_text(text)
    except Exception as exc:  # lxml raises a zoo of types on hostile markup
        raise InputError(path, f"HTML could not be parsed: {exc}") from exc
    if not extracted.strip():
        raise InputError(path, "HTML page has no text (only scripts, styles or markup)")
    return ReadResult(extracted, encoding, "html")


def _decode_html(raw: bytes, path: str) -> tuple[str, str]:
    declared = declared_charset(raw)
    codec = CODEC_FOR_LABEL.get(declared or "", declared)
    if codec:
        try:
            return raw.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            pass  # a lying meta tag: detect instead
    return decode(raw, path)


@hookimpl(specname="converter_read", trylast=True)
def read_plain_text(raw: bytes, path: str) -> ReadResult:
    """Read plain text."""
    text, encoding = decode(raw, path)
    return ReadResult(text, encoding, "text")
