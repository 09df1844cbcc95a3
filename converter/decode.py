"""Bytes → text: UTF-8 (with or without BOM), GB18030/GBK and Big5, or a clear error.

Damaged files are still read when the damage is small, and every repair is reported
(:func:`decode_report` returns the warnings; docs/reliability.md explains the policy):

- a file that ends inside a multi-byte character (a truncated download) keeps its
  encoding, and the bytes of the cut character become U+FFFD;
- a file whose bytes are valid in one encoding except for a few — at most
  ``MAX_BAD_SHARE`` of its non-ASCII bytes — is read in that encoding, each bad byte
  becoming U+FFFD;
- a file that mixes UTF-8 lines with GB18030 or Big5 lines (pages pasted together) is
  read line by line, each line in its own encoding;
- in a GB18030 or Big5 file, an ASCII ``?`` between two Han characters is a character the
  encoding lacked, replaced when the text was saved (a page's ``&nbsp;``: 国务院总理?李克强), and
  becomes an ideographic space; such text writes its question marks full-width.

Anything worse — binary data, NUL bytes, text that fits no encoding — is an
:class:`InputError` naming the file.
"""

from __future__ import annotations

import codecs
import contextlib
from typing import NamedTuple

from .errors import InputError
from .lazy_re import compile_later

# Labels detectors report, mapped to the codec that decodes the whole family.
CODEC_FOR_LABEL = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "big5": "cp950",
    "big5hkscs": "big5hkscs",
    "cp950": "cp950",
}
FALLBACK_CODECS = ("gb18030", "cp950")
SNIFF_BYTES = 65536
MAX_CONTROL_RATIO = 0.01
# Share of a file's non-ASCII bytes that may be undecodable in the encoding it is read in
# (each becomes U+FFFD). Text in another encoding is far above it: GB18030 text read as
# UTF-8 has ~65% bad bytes, Big5 ~85%.
MAX_BAD_SHARE = 0.05
# In a mixed file, a line with CJK text is still UTF-8 (damaged) up to this share of bad bytes;
# GB18030 text read as UTF-8 has about 65% (short lines vary, hence the margin).
MIXED_LINE_MAX_BAD = 0.5
# The most bytes a character cut off at the end of a file leaves behind (UTF-8 and GB18030: 3).
MAX_TRUNCATED_TAIL = 3
BOM = b"\xef\xbb\xbf"
# Evidence that a line of a mixed file is UTF-8: two CJK characters (or CJK punctuation) in a
# row. GB18030 and Big5 lines that happen to be valid UTF-8 decode to Latin, Greek or Cyrillic
# letters instead, and almost never to two CJK characters (0 of 160,000 random GBK lines).
CJK = compile_later(r"[\u2000-\u206f\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
EVIDENCE = compile_later(CJK.pattern + "{2}")

_MARK = "\ud800"  # stands for one undecodable byte while counting; never produced by a real decode
_HIGH_BYTES = bytes(range(128, 256))


def _mark_bad_bytes(err: UnicodeDecodeError) -> tuple[str, int]:
    return _MARK * (err.end - err.start), err.end


codecs.register_error("converter.mark", _mark_bad_bytes)


class Decoded(NamedTuple):
    """Decoded text, the encoding it was read in and what had to be repaired on the way."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`InputError` naming ``path`` when impossible."""
    decoded = decode_report(data, path)
    return decoded.text, decoded.encoding


def decode_report(data: bytes, path: str) -> Decoded:
    """Like :func:`decode`, with the warnings about repairs (replaced bytes, mixed encodings)."""
    if not data.strip():
        raise InputError(path, "empty file")
    if b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes)")
    has_bom = data.startswith(BOM)
    body = data[len(BOM):] if has_bom else data
    utf8 = "utf-8-sig" if has_bom else "utf-8"
    try:
        return finish(Decoded(body.decode("utf-8"), utf8), path)
    except UnicodeDecodeError:
        pass
    non_ascii = _non_ascii(body)
    # A first look at C speed: "replace" gives one U+FFFD per invalid sequence (about one per bad
    # byte), where counting each bad byte exactly costs a Python call per error.
    replaced = body.decode("utf-8", errors="replace")
    if _replacements(replaced, body) <= max(1, MAX_BAD_SHARE * non_ascii):
        marked, bad = _lenient(body, "utf-8")
        if _truncated(marked, bad, non_ascii):
            note = _repair_note(marked, bad, non_ascii, "UTF-8")
            return finish(Decoded(marked.replace(_MARK, "\ufffd"), utf8, (note,)), path)
    mixed = _mixed(body, replaced, non_ascii)
    if mixed is not None:
        return finish(mixed, path)
    if _replacements(replaced, body) <= MAX_BAD_SHARE * non_ascii:
        marked, bad = _lenient(body, "utf-8")
        if bad <= MAX_BAD_SHARE * non_ascii:
            note = _repair_note(marked, bad, non_ascii, "UTF-8")
            return finish(Decoded(marked.replace(_MARK, "\ufffd"), utf8, (note,)), path)
    guess = _detected(body)
    candidates = [c for c in dict.fromkeys([guess, *FALLBACK_CODECS]) if c]
    clean = {}
    for codec in candidates:
        with contextlib.suppress(UnicodeDecodeError):
            clean[codec] = body.decode(codec)
    if clean:  # the detector's guess if it reads cleanly; else, of those that do, the least noisy
        codec = guess if guess in clean else _least_damaged(body, list(clean)) or next(iter(clean))
        return finish(_lost_spaces(Decoded(clean[codec], codec)), path)
    codec = _least_damaged(body, candidates)
    if codec is not None:
        marked, bad = _lenient(body, codec)
        if bad <= MAX_BAD_SHARE * non_ascii or _truncated(marked, bad, non_ascii):
            note = _repair_note(marked, bad, non_ascii, codec)
            return finish(_lost_spaces(Decoded(marked.replace(_MARK, "\ufffd"), codec, (note,))), path)
    raise InputError(path, "not decodable as UTF-8, GB18030 or Big5")


# An ASCII question mark between two Han characters (see the module's docstring).
_LOST_CHARACTER = compile_later(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff])\?(?=[\u3400-\u4dbf\u4e00-\u9fff])")


def _lost_spaces(decoded: Decoded) -> Decoded:
    """A GB18030 or Big5 text with each ``?`` its encoding put for a character it lacked read as a space."""
    text, n = _LOST_CHARACTER.subn("\u3000", decoded.text)
    if not n:
        return decoded
    note = f"{n} '?' between Han characters read as spaces (a character its encoding could not hold, lost when saved)"
    return decoded._replace(text=text, warnings=(*decoded.warnings, note))


_CONTROLS = compile_later(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters but \t \n \f \r


def finish(decoded: Decoded, path: str) -> Decoded:
    """Reject decoded text that is empty or mostly control characters; normalize line ends."""
    text = decoded.text
    if not text.strip():
        raise InputError(path, "empty file")
    sample = text[:SNIFF_BYTES]
    controls = len(_CONTROLS.findall(sample))
    if controls > MAX_CONTROL_RATIO * len(sample) + 2:
        raise InputError(path, "binary file (control characters)")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return decoded._replace(text=text)


def _non_ascii(data: bytes) -> int:
    return len(data) - len(data.translate(None, _HIGH_BYTES))


def _replacements(replaced: str, raw: bytes) -> int:
    """Invalid sequences in ``raw`` that decoding it as UTF-8 with ``errors="replace"`` replaced."""
    return replaced.count("\ufffd") - raw.count("\ufffd".encode())


def _lenient(data: bytes, codec: str) -> tuple[str, int]:
    """``data`` decoded with every undecodable byte marked, and how many there were."""
    text = data.decode(codec, errors="converter.mark")
    return text, text.count(_MARK)


def _truncated(marked: str, bad: int, non_ascii: int) -> bool:
    """True when the only bad bytes are a character cut off at the very end (after some good ones)."""
    return 0 < bad <= MAX_TRUNCATED_TAIL and bad < non_ascii and marked.endswith(_MARK * bad)


def _repair_note(marked: str, bad: int, non_ascii: int, encoding: str) -> str:
    if _truncated(marked, bad, non_ascii):
        return (f"the file ends inside a multi-byte {encoding} character (truncated?); "
                f"its last {bad} byte(s) were replaced by U+FFFD")
    return f"{bad} of {non_ascii} non-ASCII bytes are not valid {encoding}; each was replaced by U+FFFD"


def _mixed(body: bytes, replaced: str, non_ascii: int) -> Decoded | None:
    """Decode a file whose lines are partly UTF-8 and partly GB18030/Big5 line by line; None if it is not.

    A line is UTF-8 when it is valid UTF-8, or holds CJK text and at most ``MIXED_LINE_MAX_BAD`` of
    its non-ASCII bytes are bad (a damaged UTF-8 line). The file is mixed when some line is clearly
    UTF-8 (two CJK characters in a row, at most ``MAX_BAD_SHARE`` bad) and another is not UTF-8.
    ``replaced`` is ``body`` decoded as UTF-8 with ``errors="replace"``: a newline byte is never
    part of a multi-byte character in these encodings, so its lines are the lines of ``body``.
    """
    if not EVIDENCE.search(replaced):  # the common case, a whole file in one legacy encoding: no line loop
        return None
    byte_lines = body.split(b"\n")
    text_lines = replaced.split("\n")
    is_utf8, strong = [], False
    for raw, text in zip(byte_lines, text_lines, strict=True):
        if raw.isascii():
            is_utf8.append(True)
            continue
        bad = _replacements(text, raw)
        line_non_ascii = _non_ascii(raw)
        strong = strong or (bad <= MAX_BAD_SHARE * line_non_ascii and bool(EVIDENCE.search(text)))
        is_utf8.append(bad == 0 or (bad <= MIXED_LINE_MAX_BAD * line_non_ascii and bool(CJK.search(text))))
    legacy = [raw for raw, ok in zip(byte_lines, is_utf8, strict=True) if not ok]
    if not strong or not legacy:
        return None
    legacy_bytes = b"\n".join(legacy)
    codec = _least_damaged(legacy_bytes, [c for c in dict.fromkeys([_detected(legacy_bytes), *FALLBACK_CODECS]) if c])
    if codec is None:
        return None
    out, bad = [], 0
    for raw, ok in zip(byte_lines, is_utf8, strict=True):
        text, line_bad = _lenient(raw, "utf-8" if ok else codec)
        bad += line_bad
        out.append(text)
    if bad > MAX_BAD_SHARE * non_ascii:
        return None
    n_utf8 = sum(1 for raw, ok in zip(byte_lines, is_utf8, strict=True) if ok and not raw.isascii())
    note = f"mixed encodings: {n_utf8} line(s) read as UTF-8, {len(legacy)} as {codec}"
    if bad:
        note += f"; {bad} byte(s) fit neither and were replaced by U+FFFD"
    return Decoded("\n".join(out).replace(_MARK, "\ufffd"), f"utf-8+{codec}", (note,))


def _least_damaged(data: bytes, candidates: list[str]) -> str | None:
    """The candidate codec that reads ``data`` best, judged on its first ``SNIFF_BYTES``; None if none
    leaves at most ``MAX_BAD_SHARE`` of the sample's non-ASCII bytes bad.

    Damaged bytes leave the detector without an answer, and GB18030 reads almost any byte pairs, so
    among the codecs that leave few bad bytes the one whose text looks least like noise wins.
    """
    from charset_normalizer.md import mess_ratio

    sample = data[:SNIFF_BYTES]
    allowed = MAX_BAD_SHARE * _non_ascii(sample)
    tried = [(codec, *_lenient(sample, codec)) for codec in candidates]
    fitting = [(mess_ratio(text.replace(_MARK, ""), 1.0), bad, i, codec)
               for i, (codec, text, bad) in enumerate(tried) if bad <= max(allowed, MAX_TRUNCATED_TAIL)]
    return min(fitting)[3] if fitting else None


def _detected(data: bytes) -> str | None:
    """The detector's codec for ``data`` (GB18030 or CP950), or None when it has no answer."""
    from charset_normalizer import from_bytes  # lazily: only non-UTF-8 files need it

    best = from_bytes(_sample(data), cp_isolation=["gb18030", "big5", "cp950"]).best()
    return CODEC_FOR_LABEL.get(best.encoding.lower()) if best else None


def _sample(data: bytes) -> bytes:
    """The first ``SNIFF_BYTES`` of ``data``, ended at a line break: a sample cut inside a double-byte
    character reads as undecodable Big5 and leaves the detector without an answer."""
    if len(data) <= SNIFF_BYTES:
        return data
    sample = data[:SNIFF_BYTES]
    cut = sample.rfind(b"\n")
    return sample[: cut + 1] if cut > 0 else sample
