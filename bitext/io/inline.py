"""The text of a translation segment without its inline markup, shared by the TMX and XLIFF readers.

Inline elements that wrap text (XLIFF ``<g>``, ``<pc>``, ``<mrk>``, TMX ``<hi>``…) are dropped and
the text inside them kept. Native-code elements (``<bpt>``, ``<ept>``, ``<ph>``, ``<it>`` in TMX
1.4 and XLIFF 1.2, TMX's ``<ut>``) hold the original document's markup, such as ``&lt;b&gt;``,
which is not text to check: they are dropped with their content (a ``<sub>`` inside them too).
Tails, the text after an element, are always kept.
"""

from __future__ import annotations

from lxml import etree

NATIVE_CODE = frozenset({"bpt", "ept", "ph", "it", "ut", "sub"})


def inline_text(element) -> str:
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname not in NATIVE_CODE:
            parts.append(inline_text(child))
        parts.append(child.tail or "")  # comments and processing instructions keep only their tail
    return "".join(parts)


__all__ = ["NATIVE_CODE", "inline_text"]
