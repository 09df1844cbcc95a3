"""Built-in readers: HTML pages and plain text in UTF-8, GB18030/GBK or Big5."""

from __future__ import annotations

from converter import hookimpl
from converter.decode import BOM, CODEC_FOR_LABEL, Decoded, decode_report, finish
from converter.errors import InputError
from converter.htmltext import declared_charset, html_to_text, looks_like_html
from converter.reading import ReadResult

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
# Charsets a page may declare that we take its word for; any other label (a GBK page calling
# itself iso-8859-1 decodes without error, into nonsense) is checked by detection instead.
TRUSTED_CHARSETS = {"utf-8": "utf-8", "utf8": "utf-8", **CODEC_FOR_LABEL}


@hookimpl(specname="converter_read", tryfirst=True)
def read_html(raw: bytes, path: str) -> ReadResult | None:
    """Read HTML (by file name or content), decoding with the page's declared charset when valid."""
    head = raw[:512].removeprefix(BOM).lstrip().lower()
    if not (path.lower().endswith(HTML_SUFFIXES) or head.startswith((b"<!doctype html", b"<html"))):
        return None
    decoded = _decode_html(raw, path)
    if not looks_like_html(decoded.text) and not path.lower().endswith(HTML_SUFFIXES):
        return None
    try:
        page = html_to_text(decoded.text)
    except Exception as exc:  # lxml raises a zoo of types on hostile markup
        raise InputError(path, f"HTML could not be parsed: {exc}") from exc
    if not page.body.strip():
        raise InputError(path, "HTML page has no text (only scripts, styles or markup)")
    return _result(page.text, decoded, "html", page.furniture)


def _decode_html(raw: bytes, path: str) -> Decoded:
    codec = TRUSTED_CHARSETS.get(declared_charset(raw) or "")
    if codec and raw.strip() and b"\x00" not in raw:
        try:
            return finish(Decoded(raw.removeprefix(BOM).decode(codec), codec), path)
        except UnicodeDecodeError:
            pass  # a lying meta tag: detect instead
    return decode_report(raw, path)


@hookimpl(specname="converter_read", trylast=True)
def read_plain_text(raw: bytes, path: str) -> ReadResult:
    """Read plain text."""
    return _result(None, decode_report(raw, path), "text")


def _result(text: str | None, decoded: Decoded, fmt: str, furniture: tuple = ()) -> ReadResult:
    """The reader's answer, with the decoder's warnings."""
    return ReadResult(decoded.text if text is None else text, decoded.encoding, fmt, tuple(decoded.warnings),
                      furniture)
