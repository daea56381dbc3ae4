"""Reading XLIFF 1.2 and 2.x: source and target text of every unit, for QA of already-aligned files.

XLIFF 1.2 (``urn:oasis:names:tc:xliff:document:1.2``)::

    <xliff version="1.2"><file original="a.txt" source-language="en" target-language="zh-CN">
      <body><trans-unit id="1"><source>…</source><target state="translated">…</target></trans-unit>

XLIFF 2.0 / 2.1 (``urn:oasis:names:tc:xliff:document:2.0``)::

    <xliff version="2.0" srcLang="en" trgLang="zh-CN"><file id="f1">
      <unit id="1"><segment state="translated"><source>…</source><target>…</target></segment></unit>

Units inside ``<group>`` are read too. In 2.x every ``<segment>`` of a unit is one
pair (``<ignorable>`` is skipped). Inline codes (``<g>``, ``<x/>``, ``<pc>``, ``<ph/>``…)
are dropped and the text inside them kept; the native code held by 1.2's ``<bpt>``,
``<ept>``, ``<ph>`` and ``<it>`` is dropped with them. The parser never resolves entities, loads a DTD
or touches the network; a file that is not well-formed raises InputError with the line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from lxml import etree

from bitext.errors import InputError
from bitext.io.inline import inline_text
from bitext.io.validate import xml_syntax_message

NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"


@dataclass(frozen=True)
class XliffUnit:
    """One source/target pair. ``file`` is the ``<file>``'s original (1.2) or id (2.x)."""

    file: str
    id: str
    src: str
    tgt: str
    state: str | None
    line: int | None
    unit: int = 0  # the unit element's position among the file's units (<trans-unit> or <unit>), from 0


@dataclass(frozen=True)
class XliffDocument:
    version: str  # "1.2", "2.0", "2.1"
    src_lang: str | None
    tgt_lang: str | None
    units: list[XliffUnit]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=True)


def read_xliff_file(path: str | os.PathLike, src_lang: str | None = None, tgt_lang: str | None = None) -> XliffDocument:
    from bitext.io.text import read_bytes

    return read_xliff(read_bytes(path, "an XLIFF file"), os.fspath(path), src_lang, tgt_lang)


def read_xliff(data: bytes, name: str = "<xliff>", src_lang: str | None = None,
               tgt_lang: str | None = None) -> XliffDocument:
    """``src_lang``/``tgt_lang`` (e.g. en, zh): the languages expected; a file that declares others
    (source-language, srcLang...) is an InputError naming the declaring element's line."""
    if not data.strip():
        raise InputError(f"{name}: empty")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise InputError(f"{name}:{error.lineno or 0}: not well-formed XML ({xml_syntax_message(error.msg)})") from None
    if etree.QName(root).localname != "xliff":
        raise InputError(f"{name}: not an XLIFF file (root element <{etree.QName(root).localname}>)")
    namespace = etree.QName(root).namespace
    version = (root.get("version") or "").strip()
    expected = {"source": src_lang, "target": tgt_lang}
    if namespace == NS_20 or version.startswith("2"):
        _check_languages(root, ("srcLang", "trgLang"), expected, name)
        return _read_2x(root, name, namespace or "", version or "2.0")
    if namespace in (NS_12, None) and version in ("1.2", "1.1", ""):
        for file in root.findall(_q(namespace or "", "file")):
            _check_languages(file, ("source-language", "target-language"), expected, name)
        return _read_12(root, name, namespace or "")
    raise InputError(f"{name}: unsupported XLIFF version {version!r}", hint="XLIFF 1.2, 2.0 and 2.1 are read")


def _check_languages(element, attributes: tuple[str, str], expected: dict[str, str | None], name: str) -> None:
    for attribute, (side, lang) in zip(attributes, expected.items(), strict=True):
        declared = (element.get(attribute) or "").strip()
        if lang and declared and declared.replace("_", "-").split("-")[0].lower() != lang:
            raise InputError(f"{name}:{element.sourceline}: the file declares {attribute} {declared!r}, "
                             f"but the {side} language is {lang}",
                             hint=f"give --src-lang and --tgt-lang to match the file, or fix its {attribute}")


def _q(namespace: str, tag: str) -> str:
    return f"{{{namespace}}}{tag}" if namespace else tag


def _read_12(root, name: str, ns: str) -> XliffDocument:
    units: list[XliffUnit] = []
    src_lang: str | None = None
    tgt_lang: str | None = None
    files = root.findall(_q(ns, "file"))
    if not files:
        raise InputError(f"{name}: XLIFF 1.2 without a <file> element")
    ordinal = 0
    for number, file in enumerate(files):
        src_lang = src_lang or file.get("source-language")
        tgt_lang = tgt_lang or file.get("target-language")
        file_name = file.get("original") or f"file{number + 1}"
        for unit in file.iter(_q(ns, "trans-unit")):
            ordinal += 1
            source = unit.find(_q(ns, "source"))
            if source is None:
                raise InputError(f"{name}:{unit.sourceline}: trans-unit {unit.get('id')!r} has no <source>")
            target = unit.find(_q(ns, "target"))
            units.append(XliffUnit(file_name, unit.get("id") or str(len(units) + 1), inline_text(source),
                                   inline_text(target), target.get("state") if target is not None else None,
                                   unit.sourceline, ordinal - 1))
    return XliffDocument("1.2", src_lang, tgt_lang, units)


def _read_2x(root, name: str, ns: str, version: str) -> XliffDocument:
    units: list[XliffUnit] = []
    files = root.findall(_q(ns, "file"))
    if not files:
        raise InputError(f"{name}: XLIFF {version} without a <file> element")
    ordinal = 0
    for number, file in enumerate(files):
        file_name = file.get("original") or file.get("id") or f"file{number + 1}"
        for unit in file.iter(_q(ns, "unit")):
            ordinal += 1
            segments = unit.findall(_q(ns, "segment"))
            if not segments:
                raise InputError(f"{name}:{unit.sourceline}: unit {unit.get('id')!r} has no <segment>")
            for k, segment in enumerate(segments):
                source = segment.find(_q(ns, "source"))
                if source is None:
                    raise InputError(f"{name}:{segment.sourceline}: a segment of unit "
                                     f"{unit.get('id')!r} has no <source>")
                unit_id = unit.get("id") or str(len(units) + 1)
                seg_id = segment.get("id") or (f"{unit_id}#{k + 1}" if len(segments) > 1 else unit_id)
                target = segment.find(_q(ns, "target"))
                units.append(XliffUnit(file_name, seg_id, inline_text(source), inline_text(target),
                                       segment.get("state"), segment.sourceline, ordinal - 1))
    return XliffDocument(version, root.get("srcLang"), root.get("trgLang"), units)


__all__ = ["XliffDocument", "XliffUnit", "read_xliff", "read_xliff_file"]
