"""TBX glossaries: read TBX v3 (``conceptEntry/langSec/termSec``) and v2 (``termEntry/langSet/tig``),
write TBX-Basic v3.

Term status comes from ``termNote type="administrativeStatus"`` (preferredTerm-admn-sts,
admittedTerm-admn-sts, deprecatedTerm-admn-sts → discouraged, supersededTerm-admn-sts →
discouraged). TBX-Basic has no "forbidden" or "keep-latin", so the writer stores them in a
term-level ``<note>bitext:status=forbidden</note>`` that the reader gives precedence.
A term without a status is preferred when it is the first of its language, else admitted.

A concept's requirement (mandatory or preferred, see ``bitext.glossary.model.Requirement``) is a
concept-level ``<descrip type="requirement">mandatory</descrip>``; TBX-Basic has no such data
category, so the writer stores it as a concept-level ``<note>bitext:requirement=mandatory</note>``
(valid TBX-Basic), and the reader accepts both. No such element: preferred.

Parsed with entity resolution, DTD loading and network access off: a glossary file is input
from outside and must not be able to read local files (XXE).
"""

from __future__ import annotations

from functools import partial

from lxml import etree

from bitext.errors import InputError
from bitext.glossary.model import ConceptRequirement, Glossary, Requirement, Status, Term
from bitext.glossary.table import ALLOWED_REQUIREMENTS, ALLOWED_STATUSES, RowError, add_rows
from bitext.io.validate import xml_syntax_message

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX3_NS = "urn:iso:std:iso:30042:ed-2"
STATUS_NOTE = "bitext:status="
REQUIREMENT_NOTE = "bitext:requirement="
_TBX_STATUS = {
    Status.PREFERRED: "preferredTerm-admn-sts",
    Status.ADMITTED: "admittedTerm-admn-sts",
    Status.DISCOURAGED: "deprecatedTerm-admn-sts",
    Status.FORBIDDEN: "deprecatedTerm-admn-sts",
    Status.KEEP_LATIN: "preferredTerm-admn-sts",
}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def parse_tbx(data: bytes, path: str, lenient: bool) -> Glossary:
    """Parse TBX bytes; malformed entries raise RowError (strict) or become warnings (lenient)."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise RowError(error.lineno or 1, f"not well-formed XML: {xml_syntax_message(error.msg)}",
                       whole_file=True) from None
    glossary = Glossary(path=path)
    entries = [e for e in root.iter() if _local(e) in ("conceptEntry", "termEntry")]
    if not entries:
        raise RowError(root.sourceline or 1, "no conceptEntry (TBX v3) or termEntry (TBX v2) elements", whole_file=True)
    return add_rows(glossary, (partial(_entry_terms, entry) for entry in entries), lenient)


def _entry_terms(entry) -> list[Term | ConceptRequirement]:
    cid = (entry.get("id") or "").strip()
    if not cid:
        raise RowError(entry.sourceline, f"<{_local(entry)}> without an id attribute", code="empty-cell")
    terms: list[Term | ConceptRequirement] = []
    for lang_el in (e for e in entry if _local(e) in ("langSec", "langSet")):
        tag = lang_el.get(XML_LANG) or lang_el.get("lang")
        if not tag:
            raise RowError(lang_el.sourceline, f"<{_local(lang_el)}> without xml:lang in concept {cid}")
        lang = _lang(tag)
        if lang is None:
            continue  # another language (or Traditional Chinese): not ours to check
        term_els = [e for e in lang_el.iter() if _local(e) == "term"]
        for position, term_el in enumerate(term_els):
            text = "".join(term_el.itertext()).strip()
            if not text:
                raise RowError(term_el.sourceline, f"empty <term> in concept {cid}", code="empty-cell")
            status = _status(term_el.getparent(), first=position == 0)
            terms.append(Term(text, lang, status, cid, term_el.sourceline))
    requirement = _requirement(entry, cid)
    return [*terms, requirement] if requirement else terms


def _requirement(entry, cid: str) -> ConceptRequirement | None:
    """The concept-level requirement note or descrip (the first one), if any."""
    for child in entry:
        name = _local(child)  # "" for comments and processing instructions, which have no text to read
        if name not in ("note", "descrip"):
            continue
        value = "".join(child.itertext()).strip()
        if name == "note" and value.startswith(REQUIREMENT_NOTE):
            value = value[len(REQUIREMENT_NOTE):]
        elif not (name == "descrip" and child.get("type") == "requirement"):
            continue
        try:
            return ConceptRequirement(cid, Requirement.parse(value), child.sourceline)
        except ValueError:
            raise RowError(child.sourceline, f"unknown requirement {value!r} in concept {cid} ({ALLOWED_REQUIREMENTS})",
                           code="unknown-requirement") from None
    return None


def _status(holder, first: bool) -> Status:
    """Status from the term's siblings (termSec / tig / termGrp children)."""
    admin = note = None
    for child in holder:
        name = _local(child)  # "" for comments and processing instructions
        if name not in ("termNote", "note"):
            continue
        value = "".join(child.itertext()).strip()
        if name == "termNote" and child.get("type") in ("administrativeStatus", "normativeAuthorization"):
            admin = (value, child.sourceline)
        elif name == "note" and value.startswith(STATUS_NOTE):
            note = (value[len(STATUS_NOTE):], child.sourceline)
    chosen = note or admin
    if chosen is None:
        return Status.PREFERRED if first else Status.ADMITTED
    try:
        return Status.parse(chosen[0])
    except ValueError:
        raise RowError(chosen[1], f"unknown administrativeStatus {chosen[0]!r} ({ALLOWED_STATUSES})",
                       code="unknown-status") from None


def _lang(tag: str) -> str | None:
    parts = tag.replace("_", "-").lower().split("-")
    if parts[0] == "en":
        return "en"
    if parts[0] == "zh" and not {"tw", "hk", "mo", "hant"} & set(parts[1:]):
        return "zh"
    return None


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def format_tbx(glossary: Glossary) -> bytes:
    """The glossary as TBX-Basic v3 (DCA style)."""
    ns = f"{{{TBX3_NS}}}"
    root = etree.Element(ns + "tbx", nsmap={None: TBX3_NS}, type="TBX-Basic", style="dca")
    root.set(XML_LANG, "en")
    header = etree.SubElement(root, ns + "tbxHeader")
    source = etree.SubElement(etree.SubElement(header, ns + "fileDesc"), ns + "sourceDesc")
    etree.SubElement(source, ns + "p").text = "written by bitext"
    body = etree.SubElement(etree.SubElement(root, ns + "text"), ns + "body")
    for concept in glossary.concepts.values():
        entry = etree.SubElement(body, ns + "conceptEntry", id=concept.id)
        if concept.mandatory:
            etree.SubElement(entry, ns + "note").text = REQUIREMENT_NOTE + concept.requirement.value
        for lang, terms in (("en", concept.en), ("zh", concept.zh)):
            if not terms:
                continue
            lang_sec = etree.SubElement(entry, ns + "langSec")
            lang_sec.set(XML_LANG, lang)
            for term in terms:
                term_sec = etree.SubElement(lang_sec, ns + "termSec")
                try:
                    etree.SubElement(term_sec, ns + "term").text = term.text
                except ValueError:
                    raise InputError(f"term {term.text!r} of concept {concept.id} cannot be written to XML") from None
                etree.SubElement(term_sec, ns + "termNote", type="administrativeStatus").text = _TBX_STATUS[term.status]
                if term.status in (Status.FORBIDDEN, Status.KEEP_LATIN):
                    etree.SubElement(term_sec, ns + "note").text = STATUS_NOTE + term.status.value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
