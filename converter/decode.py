"""Bytes → text: UTF-8 (with or without BOM), GB18030/GBK and Big5, or a clear error."""

from __future__ import annotations

from .errors import InputError

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


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`InputError` naming ``path`` when impossible."""
    if not data.strip():
        raise InputError(path, "empty file")
    if b"\x00" in data[:SNIFF_BYTES]:
        raise InputError(path, "binary file (contains NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data[3:].decode("utf-8", errors="strict"), path), "utf-8-sig"
    try:
        return _checked(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    for codec in _candidates(data):
        try:
            return _checked(data.decode(codec), path), codec
        except UnicodeDecodeError:
            continue
    raise InputError(path, "not decodable as UTF-8, GB18030 or Big5")


def _candidates(data: bytes) -> list[str]:
    """Codecs to try, the detector's guess first."""
    from charset_normalizer import from_bytes  # lazily: only non-UTF-8 files need it

    best = from_bytes(data[:SNIFF_BYTES], cp_isolation=["gb18030", "big5", "cp950"]).best()
    guess = CODEC_FOR_LABEL.get(best.encoding.lower()) if best else None
    return [c for c in dict.fromkeys([guess, *FALLBACK_CODECS]) if c]


def _checked(text: str, path: str) -> str:
    """Reject text that decoded but is mostly control characters (a binary file)."""
    sample = text[:SNIFF_BYTES]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > MAX_CONTROL_RATIO * len(sample) + 2:
        raise InputError(path, "binary file (control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
