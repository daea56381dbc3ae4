"""Acronym checks.

``acronyms.missing``: every source acronym is kept in the target (any of its forms: CoVs = CoV,
WHO's = WHO), or rendered by its standard Chinese name (the lexicon: WHO → 世界卫生组织), by its
glossary term, or — when the source defines it in the same pair, "World Health Organization (WHO)"
— by the rendering of the expansion it defines.

``acronyms.wrong_entity`` (error, Accuracy/Mistranslation): the target names a different entity
where a source acronym is missing: (a) a different acronym, not in the source, one letter away
(CD4 → CD8) or in the same bracketed slot ("(WHO)" → "（WTO）"); where the target keeps the source
acronym fewer times than the source writes it, the kept mentions show it belongs there, so two
letters one apart (one of two RNA became VNA) or any acronym the source does not write (WM and
TCM → SARS 及 TCM) is its substitute; (b) another body of the lexicon
whose name is not in the source (WHO → 世界贸易组织), or, where the acronym is kept but none of its
names is there, another body's name right before it (联合国人口基金（WHO）). An error because both need
the source acronym gone in every form *and* a specific substitute present: a wrong entity is a major meaning error,
and the pattern rarely fits a correct translation. The acronym is then not also reported missing.

``acronyms.country_qualifier`` (warning, Accuracy/Mistranslation): a national body's Chinese name
is qualified by a country the source does not give it: the source's own qualifier (the German
CDC) or, without one, the body's home country in the lexicon (the CDC is the US CDC, so 德国疾控中心
for "the CDC" is flagged). A warning: an unqualified "the CDC" can, in context, mean another
country's agency.
"""

from __future__ import annotations

import bisect
import itertools
import weakref

from bitext.glossary.normalize import fold
from bitext.qa.acronyms import (
    Acronym,
    CompactText,
    LexiconEntry,
    kept_in,
    lexicon,
    mentions,
    target_latin_tokens,
    word_in,
)
from bitext.qa.check import Check
from bitext.qa.context import PairContext, src_span, tgt_span
from bitext.qa.findings import Finding, Severity
from bitext.qa.settings import QASettings

_OPEN = "(（[［"
_CLOSE = ")）]］"


def _missing(ctx: PairContext, settings: QASettings) -> list[Finding]:
    substituted = {s.acronym.singular for s in _substitutions(ctx)}
    findings = []
    for acronym in _missing_acronyms(ctx):
        if acronym.singular in substituted:
            continue  # reported as acronyms.wrong_entity
        term = _glossary_term(ctx, acronym)
        suggestion = f"{term}（{acronym.singular}）" if term else acronym.singular
        findings.append(ctx.finding(
            MISSING, settings, f"source acronym {acronym.text} is not in the target"
            + (f", nor its term {term}" if term else ""),
            (src_span(acronym.start, acronym.end),), suggestion=suggestion))
    return findings


# Per pair, shared by the three checks (a pair's context lives only while its checks run).
_MISSING_BY_PAIR: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _missing_acronyms(ctx: PairContext) -> list[Acronym]:
    """Source acronyms (first mention of each) neither kept nor rendered."""
    if not ctx.src_acronyms:
        return []
    if ctx not in _MISSING_BY_PAIR:
        _MISSING_BY_PAIR[ctx] = _find_missing(ctx)
    return _MISSING_BY_PAIR[ctx]


def _first_mentions(ctx: PairContext) -> list[Acronym]:
    """The first mention of each source acronym (NETs and NET are one), in source order: a long
    text mentions one acronym many times, and each check needs it once."""
    first: dict[str, Acronym] = {}
    for acronym in ctx.src_acronyms:
        first.setdefault(acronym.singular, acronym)
    return list(first.values())


def _find_missing(ctx: PairContext) -> list[Acronym]:
    compact = CompactText(ctx.tgt)
    return [a for a in _first_mentions(ctx) if not (kept_in(a, ctx.tgt) or _rendered(ctx, a, compact))]


def _concepts_at(ctx: PairContext, start: int, end: int, *, ending: bool = False):
    """Glossary concepts whose source match covers [start, end) (or, with ``ending``, ends in it)."""
    if ctx.terms is None:
        return []
    return [sc.concept for sc in ctx.terms.source.values()
            if any((start <= m.end <= end) if ending else (m.start <= start and end <= m.end)
                   for m in sc.matches)]


def _approved_rendering_at(ctx: PairContext, start: int, end: int, *, ending: bool = False) -> bool:
    """The target has an approved term of a glossary concept whose source match covers [start, end)
    (or, with ``ending``, ends in it)."""
    terms = ctx.terms
    return terms is not None and any(terms.approved_present(c) for c in _concepts_at(ctx, start, end, ending=ending))


def _rendered(ctx: PairContext, acronym: Acronym, compact: CompactText) -> bool:
    if _approved_rendering_at(ctx, acronym.start, acronym.end):
        return True
    entry = lexicon().entry(acronym.text)
    if entry is not None and any(z in compact.text for z in entry.zh):
        return True
    return _defined_and_rendered(ctx, acronym, compact)


def _defined_and_rendered(ctx: PairContext, acronym: Acronym, compact: CompactText) -> bool:
    """The source defines the acronym here, "Expansion (ACR)", and the target renders the
    expansion: by its glossary term, or by the lexicon entry with that English expansion."""
    before = ctx.src[:acronym.start].rstrip()
    after = ctx.src[acronym.end:].lstrip()
    if not (before and before[-1] in _OPEN and after and after[0] in _CLOSE):
        return False
    expansion_end = len(before[:-1].rstrip())
    if _approved_rendering_at(ctx, max(0, expansion_end - 2), expansion_end, ending=True):
        return True
    head = before[:-1].rstrip().casefold()
    return any(head.endswith(en.casefold()) and any(z in compact.text for z in e.zh)
               for e in lexicon().entries for en in e.en if len(en) > 6)


def _glossary_term(ctx: PairContext, acronym: Acronym) -> str | None:
    for concept in _concepts_at(ctx, acronym.start, acronym.end):
        if concept.preferred_zh is not None:
            return concept.preferred_zh.text
    return None


# --- wrong entity --------------------------------------------------------------------------------

class _Substitution:
    def __init__(self, acronym: Acronym, shown: str, span: tuple[int, int], why: str):
        self.acronym, self.shown, self.span, self.why = acronym, shown, span, why


def _substitutions(ctx: PairContext) -> list[_Substitution]:
    """(a) applies to every source acronym the target does not keep, even one it renders by name:
    世界卫生组织（WTO） for "(WHO)" names the body right and writes the wrong acronym; (b) only to
    the missing ones."""
    missing = {a.singular for a in _missing_acronyms(ctx)}
    found = []
    for acronym in _first_mentions(ctx):
        if kept_in(acronym, ctx.tgt):
            sub = _other_body_beside(ctx, acronym)
            if sub is None and _fewer_in_target(ctx, acronym):
                # one of several mentions replaced (RNA → VNA, 95% CI → 95% CH, WM and TCM → SARS and
                # TCM): the mentions kept show which acronym belongs there, so an acronym the source
                # does not write, in the place of the lost mention, is a substitution
                sub = _other_acronym(ctx, acronym, shortest=2, anywhere=True)
        else:
            sub = _other_acronym(ctx, acronym)
            if sub is None and acronym.singular in missing:
                sub = _other_body(ctx, acronym)
        if sub is not None:
            found.append(sub)
    return found


def _fewer_in_target(ctx: PairContext, acronym: Acronym) -> bool:
    """The target keeps the acronym fewer times than the source writes it."""
    return mentions(acronym.singular, fold(ctx.tgt)) < mentions(acronym.singular, fold(ctx.src))


def _folded_source(ctx: PairContext) -> str:
    return fold(ctx.src).casefold()


def _in_source(folded_source: str, token: str) -> bool:
    """The token, in any case and number, stands as a word in the source (``_folded_source``)."""
    return word_in(token.casefold(), folded_source) or word_in(Acronym(0, 0, token).singular.casefold(), folded_source)


def _same_entity(a: str, b: str) -> bool:
    """Two acronyms the lexicon gives a shared rendering (US and USA are both 美国)."""
    ea, eb = lexicon().entry(a), lexicon().entry(b)
    return ea is not None and eb is not None and bool(set(ea.zh) & set(eb.zh))


def _bracketed_alone(text: str, start: int, end: int) -> bool:
    before, after = _visible(text, start - 1, -1), _visible(text, end, 1)
    return bool(before) and before in _OPEN and bool(after) and after in _CLOSE


def _visible(text: str, index: int, step: int) -> str:
    """The first non-space character from ``index`` on, going by ``step``; "" at the text's end
    (not a slice of the whole text: it is asked for every acronym of a long text)."""
    while 0 <= index < len(text) and text[index].isspace():
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _other_acronym(ctx: PairContext, acronym: Acronym, shortest: int = 3,
                   anywhere: bool = False) -> _Substitution | None:
    """(a) A target acronym not in the source that took the missing one's place: in the same
    brackets, or one letter apart if both have at least ``shortest`` letters (two-letter acronyms
    one letter apart are many: HR and OR, CT and CI), or ``anywhere`` when the kept mentions of
    the acronym show that one was lost."""
    source_form = acronym.singular.casefold()
    source_alone = any(_bracketed_alone(ctx.src, a.start, a.end)
                       for a in ctx.src_acronyms if a.singular == acronym.singular)
    folded_source = _folded_source(ctx)
    in_source: dict[str, bool] = {}  # per distinct token: a long target repeats its acronyms
    for start, end, token in target_latin_tokens(ctx.tgt):
        singular = Acronym(0, 0, token).singular
        folded = singular.casefold()
        if token not in in_source:
            in_source[token] = _in_source(folded_source, token)
        if in_source[token] or folded in source_form or source_form in folded \
                or _same_entity(acronym.singular, singular):
            continue
        # strict=False: casefold may lengthen a word (ß -> ss)
        one_letter = (len(singular) == len(acronym.singular) >= shortest
                      and sum(x != y for x, y in zip(singular.casefold(), source_form, strict=False)) == 1)
        same_slot = source_alone and _bracketed_alone(ctx.tgt, start, end)
        if one_letter or same_slot or anywhere:
            why = "one letter apart" if one_letter else "in the same brackets" if same_slot else \
                "one of its mentions is missing"
            return _Substitution(acronym, token, (start, end), why)
    return None


def _related(a: LexiconEntry, b: LexiconEntry) -> bool:
    """Names that nest (疾控中心 in 欧洲疾控中心, 艾滋病 in 艾滋病病毒): parts or relatives, not
    another entity."""
    return any(x in y or y in x for x in a.zh for y in b.zh)


def _other_body(ctx: PairContext, acronym: Acronym) -> _Substitution | None:
    """(b) The target names another body of the lexicon, one the source does not mention. Only
    whole names count: 疾控中心 inside 欧洲疾控中心 is part of the ECDC's name."""
    entry = lexicon().entry(acronym.text)
    if entry is None or entry.kind != "body":
        return None
    compact = CompactText(ctx.tgt)
    another = _AnotherBody(ctx, entry)
    for start, end, other in _whole_names(compact):
        if another(other):
            return _Substitution(acronym, compact.text[start:end], compact.span(start, end),
                                 f"the name of {other.acronym or other.en[0]}")
    return None


def _other_body_beside(ctx: PairContext, acronym: Acronym) -> _Substitution | None:
    """(b) for a kept acronym: another body's name stands right before it, 联合国人口基金（WHO）,
    and the target has none of the acronym's own names."""
    entry = lexicon().entry(acronym.text)
    if entry is None or entry.kind != "body":
        return None
    compact = CompactText(ctx.tgt)
    if any(z in compact.text for z in entry.zh):
        return None
    kept_at = {compact.index(start) for start, _, token in target_latin_tokens(ctx.tgt)
               if Acronym(0, 0, token).singular == acronym.singular}
    another = _AnotherBody(ctx, entry)
    for start, end, other in _whole_names(compact):
        beside = end in kept_at or (end + 1 in kept_at and compact.text[end] in _OPEN)
        if beside and another(other):
            return _Substitution(acronym, compact.text[start:end], compact.span(start, end),
                                 f"the name of {other.acronym or other.en[0]}")
    return None


class _AnotherBody:
    """Whether a lexicon entry is a body unrelated to ``entry`` that the source names neither by
    acronym nor in full; answered once per entry (a long target names the same bodies often)."""

    def __init__(self, ctx: PairContext, entry: LexiconEntry):
        self.entry, self.source = entry, _folded_source(ctx)
        self.verdicts: dict[int, bool] = {}  # by id() of the other entry

    def __call__(self, other: LexiconEntry) -> bool:
        if id(other) not in self.verdicts:
            self.verdicts[id(other)] = self._another(other)
        return self.verdicts[id(other)]

    def _another(self, other: LexiconEntry) -> bool:
        if other is self.entry or other.kind != "body" or _related(self.entry, other):
            return False
        return not ((other.acronym and _in_source(self.source, other.acronym))
                    or any(en.casefold() in self.source for en in other.en))


def _whole_names(compact: CompactText) -> list[tuple[int, int, LexiconEntry]]:
    """Occurrences of lexicon names not inside a longer lexicon name, in text order."""
    found = sorted(((s, e, entry) for entry in lexicon().entries for zh in entry.zh for s, e in compact.find_all(zh)),
                   key=lambda o: (o[0], -o[1], o[2].acronym, o[2].en))
    # In start order, longest first: a name is inside a longer one if a name starting before it
    # reaches its end, or one starting with it is longer.
    whole, reach = [], -1
    for _, group in itertools.groupby(found, key=lambda o: o[0]):
        at_start = list(group)
        longest = at_start[0][1]
        whole += [o for o in at_start if o[1] == longest and o[1] > reach]
        reach = max(reach, longest)
    return whole


def _wrong_entity(ctx: PairContext, settings: QASettings) -> list[Finding]:
    return [ctx.finding(
        WRONG_ENTITY, settings,
        f"source {sub.acronym.text} is rendered as {sub.shown} ({sub.why}): a different entity",
        (src_span(sub.acronym.start, sub.acronym.end), tgt_span(*sub.span)),
        suggestion=sub.acronym.singular) for sub in _substitutions(ctx)]


# --- country qualifier ---------------------------------------------------------------------------

def _country_qualifier(ctx: PairContext, settings: QASettings) -> list[Finding]:
    lex = lexicon()
    first = [(a, lex.entry(a.text)) for a in _first_mentions(ctx)]
    others = [e for e in dict.fromkeys(e for _, e in first) if e is not None]
    if not any(e.kind == "body" and e.country for e in others):
        return []
    compact = CompactText(ctx.tgt)
    findings = []
    for acronym, entry in first:
        if entry is None or entry.kind != "body" or not entry.country:
            continue
        stated = _source_qualifier(ctx.src[:acronym.start])
        expected = stated or entry.country
        masked = _other_names(compact, entry, others)
        for start, end in _occurrences(compact, entry):
            if masked.cover(start, end):
                continue
            qualifier = _target_qualifier(compact.text, start)
            if qualifier is None or qualifier[1] == expected:
                continue
            q_start = start - qualifier[2]
            findings.append(ctx.finding(
                COUNTRY_QUALIFIER, settings,
                f"{acronym.text} is rendered as {compact.text[q_start:end]}, a body of {qualifier[1]}; "
                + (f"the source says {stated}" if stated else
                   f"the source gives no country, and {acronym.text} alone is the {expected} body"),
                (src_span(acronym.start, acronym.end), tgt_span(*compact.span(q_start, end)))))
            break
    return findings


def _occurrences(compact: CompactText, entry: LexiconEntry) -> list[tuple[int, int]]:
    """Where the entry's renderings stand, the longest at each place."""
    spans = sorted({s for zh in entry.zh for s in compact.find_all(zh)}, key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if not kept or end > kept[-1][1]:  # every kept span starts before: inside one iff the last reaches its end
            kept.append((start, end))
    return kept


class _Spans:
    """A set of spans that answers "is [start, end) inside one of them?" by bisection."""

    def __init__(self, spans):
        ordered = sorted(set(spans))
        self._starts = [s for s, _ in ordered]
        self._reach = list(itertools.accumulate((e for _, e in ordered), max))  # furthest end so far

    def cover(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start)
        return i > 0 and self._reach[i - 1] >= end


def _other_names(compact: CompactText, entry: LexiconEntry, others: list[LexiconEntry]) -> _Spans:
    """Spans of the names of the pair's other source acronyms (欧洲疾控中心 for ECDC holds 疾控中心)."""
    return _Spans(s for other in others if other is not entry for zh in other.zh for s in compact.find_all(zh))


def _source_qualifier(before: str) -> str | None:
    """The place the source names just before the acronym (the German CDC → Germany)."""
    lex = lexicon()
    m = lex.place_qualifier_en.search(fold(before))
    return lex.place_by_en[m.group("name")] if m else None


def _target_qualifier(text: str, start: int) -> tuple[str, str, int] | None:
    """(Chinese name, place, length with a following 的) of a place ending ``text`` right before
    ``start``, where a name begins (looked up in place, not in a copy of all the text before)."""
    possessive = 1 if start and text[start - 1] == "的" else 0
    stem_end = start - possessive
    for zh, place in lexicon().place_names_zh:
        if stem_end >= len(zh) and text.startswith(zh, stem_end - len(zh)):
            return zh, place, len(zh) + possessive
    return None


MISSING = Check("acronyms.missing", "Accuracy/Omission", Severity.WARNING,
                "Source acronym neither kept nor translated by its standard name or glossary term", _missing)
WRONG_ENTITY = Check("acronyms.wrong_entity", "Accuracy/Mistranslation", Severity.ERROR,
                     "Source acronym replaced by a different acronym or another body's name", _wrong_entity)
COUNTRY_QUALIFIER = Check("acronyms.country_qualifier", "Accuracy/Mistranslation", Severity.WARNING,
                          "National body given a country the source does not give it", _country_qualifier)

CHECKS = (MISSING, WRONG_ENTITY, COUNTRY_QUALIFIER)
