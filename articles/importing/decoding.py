"""Bytes to text: which encoding an item is in, or why it cannot be read as text.

The common cases are settled cheaply and exactly: a byte-order mark (UTF-8, UTF-16,
UTF-32), then strict UTF-8, which almost every modern file is. What is left is either a
file in one legacy encoding or a file that is not one text at all:

- Mixed or damaged UTF-8 is refused, naming the bytes: a UTF-8 article with a paragraph
  pasted in from a cp1251 or latin-1 file has lines that are valid UTF-8 with non-ASCII
  text and lines that are not. Reading the whole file in either encoding would garble one
  part, so it is reported ("mixed encodings: bytes 1234–1300 are not UTF-8") for someone
  to re-save, never stored as mojibake. The test is per line because legacy text is
  invalid UTF-8 on practically every line where it leaves ASCII (two Cyrillic or accented
  letters in a row never form a UTF-8 sequence); the rare legacy line whose only non-ASCII
  bytes happen to spell valid UTF-8 makes the file refused with a reason, which is the
  safe way to be wrong.
- A charset the file declares (``<meta charset>``, ``<meta http-equiv="Content-Type">``,
  an XML declaration) is honoured when the bytes decode in it: it is what the publisher
  said, and a guess between code pages cannot tell Polish in ISO-8859-2 from Russian.
  Valid UTF-8 wins over a declaration, because mislabelled UTF-8 pages are common and
  legacy text that is valid UTF-8 by accident is not.
- Only undeclared legacy files -- the region's press in cp1251 or KOI8-R above all, and
  cp1252/latin-1 -- go to charset-normalizer (already a dependency), restricted to those
  candidates because an unrestricted guess on a short text often lands on a neighbouring
  code page (French read as cp1257, Russian as mac-cyrillic).

Binary data and bytes no candidate explains are refused with a reason. Valid UTF-8 that
already holds mojibake (text decoded wrongly once and saved again: "Ð°Ð·") cannot be
repaired safely, but ``mojibake_sample`` finds it so the import report can warn.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
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

_ESCAPED_BYTE = re.compile(r"[\udc80-\udcff]")

# Where a document says what it is in: HTML5 <meta charset>, the older http-equiv form and
# an XML declaration, within the first bytes as browsers look for them.
_DECLARATION_WINDOW = 4096
_DECLARATION = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*(?P<meta>[a-z0-9_.:-]{2,40})"
    rb"|<\?xml[^>]{0,100}?encoding\s*=\s*[\"'](?P<xml>[a-z0-9_.:-]{2,40})",
    re.IGNORECASE,
)
_DECLARED_NAMES = {"cp1252": "cp1252", "iso8859-1": "latin-1"}

# Characters cp1252 puts at bytes 0x80-0x9F, and the candidates for mojibake: a Latin-1
# character that is a UTF-8 lead byte followed by the continuation bytes it needs.
_CP1252_HIGH = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", "ignore"))
_CONTINUATION = "\u0080-\u00bf" + "".join(sorted(_CP1252_HIGH))
_LATIN_MOJIBAKE = re.compile(
    f"[\u00c2-\u00df][{_CONTINUATION}]"
    f"|[\u00e0-\u00ef][{_CONTINUATION}]{{2}}"
    f"|[\u00f0-\u00f4][{_CONTINUATION}]{{3}}"
)
# UTF-8 Russian read as cp1251: lead byte 0xD0 or 0xD1 ("Р", "С") and a continuation byte,
# except "»" (0xBB): "«ТОР»" is real Russian, and mojibake has plenty of other letters.
_CYRILLIC_MOJIBAKE = re.compile(
    "[РС][" + re.escape(bytes(range(0x80, 0xC0)).decode("cp1251", "ignore").replace("»", "")) + "]"
)

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
    except UnicodeDecodeError:
        pass
    _refuse_mixed_or_damaged_utf8(data)
    declared = _decode_declared(data)
    if declared is not None:
        return declared
    return _decode_legacy(data)


@dataclass(frozen=True)
class _BadRun:
    """Bytes ``start``..``end`` (inclusive) that are not UTF-8, over ``sequences`` errors."""

    start: int
    end: int
    sequences: int


def _refuse_mixed_or_damaged_utf8(data: bytes) -> None:
    """Raise when ``data`` is UTF-8 in part: valid UTF-8 text beside bytes that are not.

    Lines are the unit: a line of valid UTF-8 with non-ASCII text is evidence the file is
    UTF-8; a line with invalid sequences belongs to a run of bad bytes. Bad lines with only
    ASCII lines between them are one run (a pasted paragraph); a good line ends a run.
    """
    # (offset, line) of each line that is not UTF-8, or None where a UTF-8 line ends a run.
    bad_lines: list[tuple[int, bytes] | None] = []
    utf8_lines = 0
    offset = 0
    for line in data.split(b"\n"):
        if not line.isascii():
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                bad_lines.append((offset, line))
            else:
                utf8_lines += 1
                bad_lines.append(None)
        offset += len(line) + 1
    invalid = data.decode("utf-8", "replace").count("\ufffd")
    # No line of valid UTF-8 text, and no more valid sequences than broken ones: a legacy
    # file. Otherwise the file is UTF-8 with broken parts (a few damaged bytes among far
    # more valid sequences on the same lines counts too).
    if not utf8_lines and len(_UTF8_MULTIBYTE.findall(data)) <= invalid:
        return
    runs = _bad_runs(bad_lines)
    if all(run.sequences == 1 for run in runs):
        raise DecodingError(
            f"damaged UTF-8: {invalid} invalid byte sequence(s), the first at byte {runs[0].start}"
        )
    shown = ", ".join(f"{run.start}–{run.end}" for run in runs[:3])
    more = f" and {len(runs) - 3} more run(s)" if len(runs) > 3 else ""
    raise DecodingError(
        f"mixed encodings: bytes {shown}{more} are not UTF-8 (the rest of the file is); "
        "save the whole file as UTF-8 and import it again"
    )


def _bad_runs(bad_lines: list[tuple[int, bytes] | None]) -> list[_BadRun]:
    runs: list[_BadRun] = []
    open_run: _BadRun | None = None
    for entry in bad_lines:
        if entry is None:
            open_run = None
            continue
        offset, line = entry
        start, end, sequences = _invalid_span(line)
        if open_run is None:
            open_run = _BadRun(offset + start, offset + end, sequences)
            runs.append(open_run)
        else:
            open_run = _BadRun(open_run.start, offset + end, open_run.sequences + sequences)
            runs[-1] = open_run
    return runs


def _invalid_span(line: bytes) -> tuple[int, int, int]:
    """First and last offset of a bad byte in ``line``, and the number of bad sequences."""
    # surrogateescape maps each bad byte to one lone surrogate and every good sequence to
    # its character, so byte offsets come back by re-encoding the prefix.
    text = line.decode("utf-8", "surrogateescape")
    first_match = _ESCAPED_BYTE.search(text)
    last_match = _ESCAPED_BYTE.search(text[::-1])
    assert first_match is not None and last_match is not None  # the line failed to decode
    first = len(text[: first_match.start()].encode("utf-8", "surrogateescape"))
    last = len(line) - len(
        text[len(text) - last_match.start() - 1 :].encode("utf-8", "surrogateescape")
    )
    return first, last, line.decode("utf-8", "replace").count("\ufffd")


def declared_charset(data: bytes) -> str | None:
    """The codec a document names for itself near its start, if Python knows it.

    As browsers do (WHATWG encoding standard), a declared latin-1 or ASCII means cp1252,
    and a declared UTF-16 or UTF-32 is ignored: a document that could be read far enough
    to find the declaration is not in either.
    """
    match = _DECLARATION.search(data[:_DECLARATION_WINDOW])
    if match is None:
        return None
    label = (match["meta"] or match["xml"]).decode("ascii").strip().lower()
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if codec in ("ascii", "iso8859-1"):
        return "cp1252"
    if codec.startswith(("utf-16", "utf-32")):
        return None
    return codec


def _decode_declared(data: bytes) -> DecodedText | None:
    codec = declared_charset(data)
    if codec is None or codec == "utf-8":
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        if codec != "cp1252":
            return None  # the declaration is wrong: fall back to detection
        codec, text = "iso8859-1", data.decode("latin-1")
    if len(_CONTROL_CHARS.findall(text)) * 200 > len(text):
        return None
    if codec == "cp1252" and not _C1_BYTES.search(data):
        codec = "iso8859-1"
    return DecodedText(text, _DECLARED_NAMES.get(codec, codec.replace("iso8859-", "iso-8859-")))


def mojibake_sample(text: str) -> str | None:
    """A sample of mojibake in ``text`` ("'Ð°' for 'а'"), or None when there is none to speak of.

    Mojibake is UTF-8 read in a single-byte code page and saved again: every non-ASCII
    character became two or three characters that, encoded back, are valid UTF-8 again.
    The two kinds met here are checked: UTF-8 read as cp1252/latin-1 ("Ð°Ð·", "â€”") and
    UTF-8 Russian read as cp1251 ("Р°Р·"). A few sequences that also repair to letters are
    needed, so that real text which happens to hold one -- a German "Straße«" repairs to a
    combining mark, a Russian "«…ТОР»" would repair to "л" -- is not taken for it.
    """
    for pattern, codec, plausible, needed in _MOJIBAKE_KINDS:
        found: list[tuple[str, str]] = []
        for match in pattern.finditer(text):
            sequence = match.group()
            try:
                repaired = _as_single_bytes(sequence, codec).decode("utf-8")
            except (UnicodeDecodeError, UnicodeEncodeError):
                continue
            if all(plausible(ch) for ch in repaired):
                found.append((sequence, repaired))
                if len(found) == needed:
                    sequence, repaired = found[0]
                    return f"{sequence!r} for {repaired!r}"
    return None


def _as_single_bytes(text: str, codec: str) -> bytes:
    if codec == "cp1251":
        return text.encode("cp1251")
    # cp1252, except where latin-1 was the misreading: its C1 controls have no cp1252 byte.
    return b"".join(
        ch.encode("cp1252") if ch in _CP1252_HIGH else ch.encode("latin-1") for ch in text
    )


def _letter_or_punctuation(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LPS"


def _russian_letter(ch: str) -> bool:
    return "\u0410" <= ch <= "\u044f" or ch in "Ёё"


_MOJIBAKE_KINDS = (
    (_LATIN_MOJIBAKE, "cp1252", _letter_or_punctuation, 2),
    (_CYRILLIC_MOJIBAKE, "cp1251", _russian_letter, 3),
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
