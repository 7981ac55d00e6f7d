"""Reads back the Keywords that CountDesk writes into a sheet PDF (where the sheet payload is kept)."""

from __future__ import annotations

import re

_INFO_REF = re.compile(rb"/Info\s+(\d+)\s+(\d+)\s+R")
_KEYWORDS = re.compile(rb"/Keywords\s*([(<])")
_ESCAPES = {
    ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f",
    ord("("): b"(", ord(")"): b")", ord("\\"): b"\\",
}


class UnreadablePdf(ValueError):
    """The file is not a PDF whose document information CountDesk can read."""


def _literal(data: bytes, start: int) -> bytes:
    """A PDF literal string whose opening parenthesis is at data[start - 1] (PDF 32000-1 §7.3.4.2)."""
    out = bytearray()
    depth = 1
    i = start
    while i < len(data):
        byte = data[i]
        if byte == ord("\\"):
            i += 1
            if i >= len(data):
                break
            nxt = data[i]
            if nxt in _ESCAPES:
                out += _ESCAPES[nxt]
            elif ord("0") <= nxt <= ord("7"):
                digits = data[i : i + 3]
                octal = re.match(rb"[0-7]{1,3}", digits)
                assert octal is not None
                out.append(int(octal.group(), 8) & 0xFF)
                i += len(octal.group()) - 1
            elif nxt in b"\r\n":  # a line continuation
                if nxt == ord("\r") and data[i + 1 : i + 2] == b"\n":
                    i += 1
            else:
                out.append(nxt)
        elif byte == ord("("):
            depth += 1
            out.append(byte)
        elif byte == ord(")"):
            depth -= 1
            if depth == 0:
                return bytes(out)
            out.append(byte)
        else:
            out.append(byte)
        i += 1
    raise UnreadablePdf("its document information ends in the middle of a string")


def _hex(data: bytes, start: int) -> bytes:
    end = data.find(b">", start)
    if end < 0:
        raise UnreadablePdf("its document information ends in the middle of a string")
    digits = re.sub(rb"\s", b"", data[start:end])
    if len(digits) % 2:
        digits += b"0"
    try:
        return bytes.fromhex(digits.decode("ascii"))
    except ValueError:
        raise UnreadablePdf("its document information holds a damaged string") from None


def _text(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")


def read_keywords(pdf: bytes) -> str | None:
    """The Keywords of the PDF's document information, or None when it has none.

    Reads the uncompressed document information that ReportLab writes; a PDF rewritten by another
    program into compressed object streams may hide it (None), and its QR code is then the way.
    """
    if not pdf.startswith(b"%PDF-"):
        raise UnreadablePdf("it does not start like a PDF")
    refs = _INFO_REF.findall(pdf)
    if not refs:
        return None
    number, generation = refs[-1]  # the last trailer is the newest (incremental updates)
    found = None
    for match in re.finditer(rb"(?<![0-9])" + number + rb"\s+" + generation + rb"\s+obj\b", pdf):
        found = match
    if found is None:
        return None
    end = pdf.find(b"endobj", found.end())
    body_end = end if end >= 0 else len(pdf)
    keywords = _KEYWORDS.search(pdf, found.end(), body_end)
    if keywords is None:
        return None
    opener = keywords.group(1)
    raw = _literal(pdf, keywords.end()) if opener == b"(" else _hex(pdf, keywords.end())
    return _text(raw)
