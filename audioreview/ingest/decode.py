"""Bytes to text: BOMs, UTF-8, a careful Windows-1252 fallback, and refusing binaries."""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata

from ..errors import IngestError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.epub)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"ID3", "an MP3 file"),
    (b"RIFF", "a RIFF (WAV/WebP) file"),
    (b"OggS", "an Ogg file"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"{\\rtf", "an RTF document"),
)

# Non-ASCII characters that ordinary Windows-1252 prose is made of, besides letters.
_CP1252_PUNCT = set("‘’‚“”„–—…•€£¥©®™°±×÷½¼¾«»§¶·¿¡¢¤¦¨ª¬¯²³´µ¸¹º†‡‰‹›ˆ˜\u00a0\u00ad")
_ALLOWED_CONTROLS = set("\t\n\r\f")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def binary_kind(data: bytes) -> str | None:
    """Say what kind of binary file ``data`` is ("a PDF document"...), or None for text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    if b"\x00" in data[:8192]:
        return "binary data"
    return None


_FOREIGN_RUN = re.compile(r"[^\x00-\x7f\W\d_]{3,}")


def _plausible(text: str, *, guessed: bool) -> bool:
    """True when decoded text looks like prose: no stray control characters; and, for
    a guessed Windows-1252, no runs of accented letters (another code page read as 1252)."""
    if guessed and _FOREIGN_RUN.search(text):
        return False
    for char in text:
        if char.isascii():
            if ord(char) < 32 and char not in _ALLOWED_CONTROLS or ord(char) == 127:
                return False
        elif char not in _CP1252_PUNCT and not unicodedata.category(char).startswith("L"):
            return False
    return True


def charset_from_html(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag near its start, if any."""
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data: bytes, *, name: str, declared: str | None = None) -> str:
    """Decode review bytes to text, or raise IngestError naming the input.

    Order: a byte-order mark (UTF-8/16/32) wins; then a declared charset (HTTP
    header or HTML meta) if it decodes cleanly; then UTF-8; then Windows-1252
    when every non-ASCII byte decodes to a letter or common punctuation (this
    covers Latin-1 text too). Anything else is refused rather than guessed.
    """
    kind = binary_kind(data)
    if kind:
        raise IngestError(f"{name}: this looks like {kind}, not a text review")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).replace("\r\n", "\n").replace("\r", "\n")
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"{name}: starts with a {codec} byte-order mark but is not {codec}"
                ) from exc
    candidates: list[tuple[str, bool]] = []
    if declared:
        with contextlib.suppress(LookupError):
            candidates.append((codecs.lookup(declared).name, False))
    candidates += [("utf-8", False), ("cp1252", True)]
    for codec, guessed in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8" or _plausible(text, guessed=guessed):
            return text.replace("\r\n", "\n").replace("\r", "\n")
    raise IngestError(
        f"{name}: not valid UTF-8 and not clearly Windows-1252/Latin-1 text",
        hint="save the file as UTF-8",
    )
