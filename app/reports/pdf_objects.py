"""A sheet's page, page tree, catalog and font list, each formatted once per content and written again."""

# Why: ReportLab formats a PDF's dictionaries in Python, one call per key and value (name escaping,
# number formatting, a codec per string); a sheet's page, page tree, catalog and font list were a
# third of the time spent writing it. What they format to depends only on their keys and values,
# and those are the same on every sheet of a kind (the same object numbers, fonts, page size). So
# each is described by a key of exactly what it formats from (names and strings, numbers by value,
# references by their object numbers, arrays and dictionaries item by item), and formatted by
# ReportLab the first time that key is seen; its bytes are kept and written whenever it comes
# again. A value of any other kind, and any encrypted PDF, is formatted by ReportLab every time.

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc

_KEPT = 256  # a few kinds of sheet, each a handful of dictionaries of ~200 bytes
_formatted: dict[Hashable, bytes] = {}


class _NoKey(Exception):
    """A value whose formatting is not described by a key: ReportLab formats it."""


def _key(value: Any, document: Any) -> Hashable:
    """What `value` formats from in `document`, as pdfdoc.format (ReportLab 5.1) formats it inside a
    dictionary; referring to an object that is always written on its own registers it, as format does."""
    kind = type(value)
    if kind is str or kind is bytes:
        return (kind.__name__, value)
    if kind is int or kind is float:  # fp_str: equal numbers are written alike
        return ("number", value)
    if kind is pdfdoc.PDFObjectReference:
        return ("reference", document.idToObjectNumberAndVersion.get(value.name, value.name))
    if kind is pdfdoc.PDFString and type(value.s) is str:
        return ("string", value.s, getattr(value, "escape", 1), getattr(value, "enc", "auto"))
    if kind is pdfdoc.PDFArray or kind is pdfdoc.PDFArrayCompact:
        return ("array", value.multiline, tuple(_key(item, document) for item in value.sequence))
    if kind is pdfdoc.PDFDictionary or kind is _KeptDictionary:
        return _dictionary_key(value, document)
    if kind is pdfdoc.PDFResourceDictionary:
        return ("resources", _dictionary_key(_resources(value), document))
    if isinstance(value, pdfdoc.PDFObject) and hasattr(value, "__RefOnly__"):
        return ("reference", _key(document.Reference(value), document))
    raise _NoKey


def _dictionary_key(dictionary: Any, document: Any) -> Hashable:
    items = dictionary.dict
    names = list(items) if isinstance(items, OrderedDict) else sorted(items)  # the order it is written in
    return ("dictionary", dictionary.multiline, tuple((name, _key(items[name], document)) for name in names))


def _resources(resources: Any) -> Any:
    """The dictionary PDFResourceDictionary.format (ReportLab 5.1) formats."""
    entries: dict[str, Any] = {}
    for name in resources.dict_attributes:
        entry = getattr(resources, name)
        if isinstance(entry, dict):
            if entry:
                entries[name] = pdfdoc.PDFDictionary(entry)
        else:
            entries[name] = entry
    procedures = resources.ProcSet
    if isinstance(procedures, list | tuple):
        if procedures:
            entries["ProcSet"] = pdfdoc.PDFArray(procedures)
    else:
        entries["ProcSet"] = procedures
    return pdfdoc.PDFDictionary(entries)


def formatted(dictionary: Any, document: Any) -> bytes:
    """dictionary.format(document), kept per what it formats from."""
    try:
        if type(document.encrypt) is not pdfdoc.NoEncryption:
            raise _NoKey
        key = (rl_config.pdfMultiLine, _key(dictionary, document))
    except _NoKey:
        written: bytes = pdfdoc.PDFDictionary.format(dictionary, document)
        return written
    kept = _formatted.get(key)
    if kept is None:
        kept = pdfdoc.PDFDictionary.format(dictionary, document)
        if len(_formatted) >= _KEPT:
            _formatted.clear()
        _formatted[key] = kept
    return kept


class _KeptDictionary(pdfdoc.PDFDictionary):  # type: ignore[misc]  # reportlab has no type hints
    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        if IND != b"\n ":
            written: bytes = super().format(document, IND)
            return written
        return formatted(self, document)


def _catalog_format(self: Any, document: Any) -> bytes:
    """PDFCatalog.format (ReportLab 5.1), its dictionary formatted once per content."""
    self.check_format(document)
    entries: dict[str, Any] = {}
    for name, default in self.__Defaults__.items():
        entry = getattr(self, name, default)
        if entry is not None:
            entries[name] = entry
    for name in self.__NoDefault__:
        entry = getattr(self, name, None)
        if entry is not None:
            entries[name] = entry
    for name in self.__Refs__:
        if name in entries:
            entries[name] = document.Reference(entries[name])
    return formatted(pdfdoc.PDFDictionary(entries), document)


class _KeptCatalog(pdfdoc.PDFCatalog):  # type: ignore[misc]
    format = _catalog_format


class _KeptPages(pdfdoc.PDFPages):  # type: ignore[misc]
    format = _catalog_format


class _KeptPage(pdfdoc.PDFPage):  # type: ignore[misc]
    format = _catalog_format


_KEPT_KINDS = {
    pdfdoc.PDFCatalog: _KeptCatalog,
    pdfdoc.PDFPages: _KeptPages,
    pdfdoc.PDFPage: _KeptPage,
    pdfdoc.PDFDictionary: _KeptDictionary,
}


def keep_formats(document: Any) -> None:
    """Let the document's catalog, page tree, pages and font list be formatted once per content
    (called once the last page is added, before the PDF is written)."""
    objects = [document.Catalog, document.Pages, *document.Pages.pages, document.idToObject.get("BasicFonts")]
    for item in objects:
        kept = _KEPT_KINDS.get(type(item))
        if kept is not None:
            item.__class__ = kept
