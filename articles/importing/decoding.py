"""Bytes to text: which encoding an item is in, or why it cannot be read as text.

The common cases are settled cheaply and exactly: a byte-order mark (UTF-8, UTF-16,
UTF-32), then strict UTF-8, which almost every modern file is. Only what is left --
legacy single-byte files from the region's press, cp1251 Russian above all, and
cp1252/latin-1 -- goes to charset-normalizer, restricted to those candidates because an
unrestricted guess on a short text often lands on a neighbouring code page (French read
as cp1257, Russian as mac-cyrillic). Binary data, UTF-8 with broken bytes and bytes no
candidate explains are refused with a reason instead of being turned into mojibake.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# The legacy encodings we are prepared to meet, in charset-normalizer's spelling.
_LEGACY_CANDIDATES = ["cp1251", "koi8_r", "cp1252", "latin_1"]
_LEGACY_NAMES = {"cp1251": "cp1251", "koi8_r": "koi8-r", "cp1252": "cp1252", "latin_1": "latin-1"}

_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
# Control characters that never occur in real text (tab, newlines, form feed and the DOS
# end-of-file mark 0x1A excepted).
_CONTROL_CHARS = re.compile(r"[\x01-\x08\x0e-\x19\x1b-\x1f\x7f]")

UNDECODABLE = "not valid UTF-8/UTF-16 or a known single-byte encoding"


class DecodingError(ValueError):
    """The bytes are not text we can read; the message is the one-line reason."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def decode_bytes(data: bytes) -> DecodedText:
    """Decode ``data`` to text, naming the encoding; raise ``DecodingError`` with a reason."""
    if not data:
        raise DecodingError("empty file")
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodingError(
                    f"not valid {name.upper()} despite its byte-order mark (byte {exc.start})"
                ) from None
            if "\x00" in text:  # NUL characters: binary data, and no database stores them
                raise DecodingError("binary file (found NUL characters)")
            return DecodedText(text, name)
    if b"\x00" in data:
        raise DecodingError("binary file (found NUL bytes)")
    if data.isascii():
        return DecodedText(data.decode("ascii"), "utf-8")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    _refuse_broken_utf8(data, first_bad)
    return _decode_legacy(data)


def _refuse_broken_utf8(data: bytes, first_bad: int) -> None:
    # Legacy text is invalid UTF-8 almost everywhere it leaves ASCII; text that is mostly
    # valid UTF-8 with a few bad bytes is a damaged UTF-8 file, and reading it as cp1252
    # would turn every good character into mojibake.
    valid = len(_UTF8_MULTIBYTE.findall(data))
    invalid = data.decode("utf-8", "replace").count("\ufffd")
    if valid > invalid:
        raise DecodingError(
            f"damaged UTF-8: {invalid} invalid byte sequence(s), the first at byte {first_bad}"
        )


def _decode_legacy(data: bytes) -> DecodedText:
    from charset_normalizer import from_bytes

    try:
        best = from_bytes(data, cp_isolation=_LEGACY_CANDIDATES).best()
    except Exception:  # a detector failure must not stop a batch; refuse the item instead
        best = None
    if best is None:
        raise DecodingError(UNDECODABLE)
    codec = best.encoding
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        raise DecodingError(UNDECODABLE) from None
    if len(_CONTROL_CHARS.findall(text)) * 200 > len(text):
        raise DecodingError(UNDECODABLE)
    name = _LEGACY_NAMES.get(codec, codec.replace("_", "-"))
    if name == "cp1252" and not _C1_BYTES.search(data):
        # Without bytes 0x80-0x9F cp1252 and latin-1 decode identically: say the simpler.
        name = "latin-1"
    return DecodedText(text, name)
