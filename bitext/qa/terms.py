"""Which glossary concepts a pair's source mentions, and whether its target renders them.

A source concept counts as rendered when the target has (``TermAnalysis.rendering``):

* ``term``: one of its approved Chinese terms, anywhere (even inside a longer word);
* ``acronym`` / ``latin``: its acronym kept for every mention (NET for NET, MERS-CoV for
  MERS-CoV), or, for a keep-latin concept, its Latin form;
* ``short form``: an abbreviation of an approved term formed the way Chinese abbreviations are
  formed: the first characters of two or more of its words, in order, starting with its first
  word (流感 for 流行性感冒, 新冠肺炎 for 新型冠状病毒肺炎, 世卫组织 for 世界卫生组织). A cut-off prefix
  (流行 for 流行性感冒) is not a short form;
* ``composed``: a compound term rendered from its parts: the source term contains another
  concept the target renders, and what the approved term adds to that concept's term is in the
  target too (COVID-19 病例 for "COVID-19 cases" = 2019冠状病毒病病例, whose 2019冠状病毒病 is an
  approved term of COVID-19);
* ``expansion``: a concept mentioned only by acronym whose target has a standard expansion of
  that acronym (WHO → 世界卫生组织). If that expansion is not the concept's term, the acronym was
  used in another sense (HR = 心率, heart rate, not the glossary's hazard ratio): nothing is
  missing either way. A mandatory keep-latin concept must stay Latin all the same;
* ``alternative``: another concept matched on exactly the same source words is rendered: the
  source is ambiguous between them (``covid-19`` and ``COVID 19``), either rendering is right.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import regex

from bitext.errors import ModelError
from bitext.glossary.english import Match, is_acronym, is_case_sensitive, tokenize
from bitext.glossary.matcher import GlossaryMatcher, TargetMatches
from bitext.glossary.model import Concept, Term
from bitext.glossary.normalize import fold, has_han
from bitext.glossary.segmenter import word_boundaries
from bitext.patterns import compiled
from bitext.qa.acronyms import lexicon, source_acronyms

_PLAIN_ACRONYM = compiled(r"[A-Za-z]{2,5}")


@dataclass
class SourceConcept:
    """A glossary concept mentioned in the source, with its mentions."""

    concept: Concept
    matches: list[Match] = field(default_factory=list)

    @property
    def renderings_needed(self) -> int:
        """How many acronyms a target without the Chinese term must keep to cover the source:
        one per full-form mention plus one for the acronym mentions. "NET" → NET is fine,
        "95% confidence interval" → 95% CI is fine, but "neuroendocrine tumors (NETs)" → （NET）
        leaves the full form untranslated."""
        full = sum(not is_acronym(m.text) for m in self.matches)
        return full + (full < len(self.matches))

    @property
    def acronym_only(self) -> bool:
        """Mentioned by acronym only (NET, MERS-CoV, 177Lu-DOTATATE)."""
        return all(is_acronym(m.text) for m in self.matches)

    @property
    def single_word(self) -> bool:
        """Mentioned as one ordinary English word (infected, deaths), not an acronym or a name."""
        return all(_single_word(m.text) for m in self.matches)

    @property
    def ambiguous_acronym_only(self) -> bool:
        """Mentioned only by short all-letter acronyms (HR, OS, PRRT, NETs), which many fields
        share; codes with digits or several parts (177Lu-DOTATATE, SPECT/CT) name one thing."""
        return all(is_acronym(m.text) and _PLAIN_ACRONYM.fullmatch(m.text) for m in self.matches)


@dataclass
class TermAnalysis:
    """A pair's glossary terms: the concepts its source mentions and the terms its target holds."""

    source: dict[str, SourceConcept]  # by concept id, in order of first mention
    target: TargetMatches
    tgt: str = ""
    src: str = ""
    source_nested: list[Match] = field(default_factory=list)  # source matches inside longer ones
    concepts: dict[str, Concept] = field(default_factory=dict)  # the glossary's, by id

    @cached_property
    def folded_tgt(self) -> str:
        """The target, folded once for every rule that reads it."""
        return fold(self.tgt)

    def concept_terms(self, concept: Concept, match: Match) -> list[Term]:
        return [t for t in match.payloads if isinstance(t, Term) and t.concept_id == concept.id]

    def approved_present(self, concept: Concept) -> bool:
        """An approved Chinese term of the concept is in the target — anywhere, even inside a
        longer word: this only decides that nothing is *missing*."""
        return any(t.lang == "zh" and t.status.approved
                   for m in self.target.all() for t in self.concept_terms(concept, m))

    def acronyms_kept(self, concept: Concept) -> int:
        """How often one of the concept's acronyms stands as-is in the target (NET may stay NET)."""
        return sum(any(t.lang == "en" and is_acronym(t.text) for t in self.concept_terms(concept, m))
                   for m in (*self.target.chosen, *self.target.nested))

    def latin_kept(self, concept: Concept) -> bool:
        """A Latin-script form of the concept (its keep-latin terms or English terms) is in the target."""
        return any(not has_han(t.text) and t.status.approved
                   for m in (*self.target.chosen, *self.target.nested) for t in self.concept_terms(concept, m))

    def near_miss(self, concept: Concept, target: str) -> tuple[int, int] | None:
        """Span of an unlisted near variant of an approved Chinese term: one character inserted
        (总体生存 for 总生存) or, for terms of 4+ characters, dropped. Typos that substitute a
        character (奥曲太) stay errors, and neither a listed forbidden/discouraged term nor another
        concept's term is a near miss (神经内分泌瘤 for NEN is the NET term: a wrong term)."""
        folded = fold(target)
        wrong = [(m.start, m.end) for m in self.target.chosen
                 if any(isinstance(t, Term) and (t.concept_id != concept.id or not t.status.approved)
                        for t in m.payloads)]
        for term in concept.approved_zh:
            for pattern in _near_patterns(fold(term.text)):
                for m in pattern.finditer(folded, overlapped=True):
                    if not any(start <= m.start() and m.end() <= end for start, end in wrong):
                        return m.start(), m.end()
        return None

    def used_variants(self, concept: Concept) -> list[tuple[Match, Term]]:
        """Approved Chinese terms of the concept the target actually uses (chosen matches only)."""
        return [(m, t) for m in self.target.chosen for t in self.concept_terms(concept, m)
                if t.lang == "zh" and t.status.approved]

    # -- is the concept rendered? ---------------------------------------------------------------

    def rendering(self, sc: SourceConcept) -> str | None:
        """How the target renders the source concept (see the module docstring), None if it
        shows no rendering at all. Alternatives are ``unrendered``'s business."""
        concept = sc.concept
        if self.approved_present(concept):
            return "term"
        folded = self.folded_tgt
        if any((p := _particle_pattern(fold(t.text))) and p.search(folded) for t in concept.approved_zh):
            return "term"  # 有效的治疗 is 有效治疗, 打了喷嚏 is 打喷嚏
        if concept.keeps_latin and self.latin_kept(concept):
            return "latin"
        if self.acronyms_kept(concept) >= sc.renderings_needed:
            return "acronym"
        if any((p := _short_form_pattern(fold(t.text))) and p.search(folded) for t in concept.approved_zh):
            return "short form"
        if self._composed(sc, folded):
            return "composed"
        if sc.acronym_only and not (concept.keeps_latin and concept.mandatory) and self._expanded(sc, folded):
            return "expansion"
        return None

    def unrendered(self) -> list[SourceConcept]:
        """Source concepts the target does not render, in order of first mention."""
        rendered = {cid: self.rendering(sc) is not None for cid, sc in self.source.items()}
        at_span: dict[tuple[int, int], list[str]] = {}
        for cid, sc in self.source.items():
            for m in sc.matches:
                at_span.setdefault((m.start, m.end), []).append(cid)
        missing: list[SourceConcept] = []
        reported: set[tuple[int, int]] = set()
        for cid, sc in self.source.items():
            if rendered[cid]:
                continue
            spans = {(m.start, m.end) for m in sc.matches}
            if all(any(rendered[o] for o in at_span[span] if o != cid) for span in spans):
                continue  # an alternative reading of the same words is rendered
            if spans <= reported:
                continue  # the same words were reported for an alternative reading already
            reported |= spans
            missing.append(sc)
        return missing

    @cached_property
    def absent(self) -> tuple[tuple[SourceConcept, tuple[int, int] | None], ...]:
        """(source concept, span of a near variant or None) for each unrendered source concept
        that has an approved term to suggest, in order of first mention. Several checks read
        it, so it is computed once per pair."""
        found = []
        for sc in self.unrendered():
            concept = sc.concept
            if not concept.approved_zh:
                continue  # nothing to suggest (validate_glossary warns about such entries)
            found.append((sc, None if concept.keeps_latin else self.near_miss(concept, self.tgt)))
        return tuple(found)

    @cached_property
    def wrong_concepts(self) -> tuple[tuple[SourceConcept, Match], ...]:
        """(unrendered source concept, target match) where the target has, instead, the approved
        term of a concept the source does not mention: a term confused with another one of the
        glossary (肺 where the source says "fever"). Mandatory concepts are left out (a missing
        one is an error already), and so are concepts whose English head word reached the
        target by a dictionary rendering (发病 for "onset": a synonym, not a confusion). Each
        foreign term is paired with an unrendered concept in text order (the last one takes any
        that are left over).

        A foreign term is ignored when the source accounts for it after all: its concept is
        mentioned inside a longer source term (COVID-19 in "COVID-19 outbreak"), it is Latin
        text the source has too, it is the lexicon name of a source acronym (世界卫生组织 for
        WHO), a source word has a dictionary rendering sharing at least half of it in
        two-character pieces (病死率 with 病死 for "death"; not 卫生计划载体 with 卫生 for
        "health"), it holds the term of a source concept (胰腺神经内分泌瘤 for "pancreatic
        NETs") or forms a compound with one (体液免疫). A term of a concept named by one
        ordinary English word that a dictionary knows (症状 "symptoms", 传播 "spread") is
        ignored too: translators add such words freely, so their presence says nothing about a
        confusion. Names of drugs and other words that no general dictionary lists (octreotide =
        奥曲肽) stay specific."""
        missing = [sc for sc, near in self.absent
                   if near is None and not sc.concept.mandatory and not self.head_translated(sc)]
        if not missing:
            return ()
        foreign = self.foreign_terms
        pairs = [(missing[min(i, len(missing) - 1)], match) for i, match in enumerate(foreign)]
        return tuple(pairs)

    @cached_property
    def mentioned(self) -> frozenset[str]:
        """Ids of the concepts the source mentions, also inside longer terms."""
        return frozenset(self.source) | {t.concept_id for m in self.source_nested for t in m.payloads
                                         if isinstance(t, Term)}

    @cached_property
    def foreign_terms(self) -> tuple[Match, ...]:
        """Approved terms in the target of concepts the source does not mention, nor account for
        otherwise (see ``wrong_concepts``), in text order; terms of generic concepts left out."""
        return tuple(m for m in self._unaccounted if not any(self._generic(cid) for cid in _approved_ids(m)))

    @cached_property
    def _unaccounted(self) -> tuple[Match, ...]:
        return tuple(m for m in self.target.chosen
                     if (ids := _approved_ids(m)) and not ids & self.mentioned
                     and not self._builds_on_source_term(m.text) and not self._beside_source_term(m)
                     and not self._accounted_for(m.text))

    def unexpected_terms(self, document_concepts: Callable[[], frozenset[str]]) -> list[Match]:
        """Foreign terms that no unrendered source concept explains (``wrong_concepts`` reports
        those) and whose concept the rest of the source document does not mention either: a
        translator makes explicit what the document names elsewhere (新冠肺炎 for "the disease"),
        but a term of a concept the document never names has no business in its translation.
        Chinese terms of two characters are left out: they are ordinary words (生病, 发热) that a
        translator adds for fluency; a term of three or more names a specific thing, even when
        its concept is one ordinary English word (病原体 "pathogen", 消毒剂 "disinfectant").
        ``document_concepts`` is called only when there is a candidate: most pairs have none."""
        paired = {id(match) for _, match in self.wrong_concepts}
        # with no unrendered source concept to pair with, any shared piece of a source word's
        # rendering explains the term (急性呼吸窘迫综合征 for "acute respiratory syndrome")
        candidates = [m for m in self._unaccounted if id(m) not in paired and _specific(m.text)
                      and not self._shares_rendering(_compact(m.text))]
        if not candidates:
            return []
        elsewhere = document_concepts()
        return [m for m in candidates
                if not {t.concept_id for t in m.payloads if isinstance(t, Term)} & elsewhere]

    def _builds_on_source_term(self, zh: str) -> bool:
        """The term contains an approved term of a concept the source mentions (胰腺神经内分泌瘤 for
        "pancreatic NETs" holds NET's 神经内分泌瘤): a more specific rendering, not a confusion."""
        folded = fold(zh)
        return any(fold(t.text) in folded for sc in self.source.values() for t in sc.concept.approved_zh)

    def _beside_source_term(self, match: Match) -> bool:
        """The term forms a compound with a rendered source concept's term right next to it
        (体液 + 免疫 for "humoral immunity"): a modifier of that term, not a confusion."""
        folded = self.folded_tgt
        for sc in self.source.values():
            for term in sc.concept.approved_zh:
                text = fold(term.text)
                if folded.startswith(text, match.end) or folded[:match.start].endswith(text):
                    return True
        return False

    def _generic(self, concept_id: str) -> bool:
        concept = self.concepts.get(concept_id)
        if concept is None or not concept.en:
            return False
        return all(_single_word(t.text) and t.text.islower() and _dictionary_renderings(t.text.lower())
                   for t in concept.en)

    def _accounted_for(self, zh: str) -> bool:
        compact = _compact(zh)
        if not has_han(compact):
            return compact.lower() in fold(self.src).lower()
        for acronym in source_acronyms(self.src):
            entry = lexicon().entry(acronym.text)
            if entry is not None and any(name in compact or compact in name for name in entry.zh):
                return True
        return self._shares_rendering(compact, half=True)

    @cached_property
    def _source_renderings(self) -> tuple[str, ...]:
        """Dictionary renderings (two characters or more) of the source's words, once per pair."""
        return tuple(r for word in _SOURCE_WORD.findall(self.src) for r in _dictionary_renderings(word.lower())
                     if len(r) >= 2)

    def _shares_rendering(self, compact: str, half: bool = False) -> bool:
        """A dictionary rendering of a source word shares a two-character piece with the term
        (``_compact``; its one character, for a one-character term), or, with ``half``, at least
        half of it in such pieces (``_shared_half``)."""
        renderings = self._source_renderings
        if len(compact) < 2:
            return any(compact in r for r in renderings)
        if half:
            return any(_shared_half(compact, r) for r in renderings)
        pieces = {compact[k:k + 2] for k in range(len(compact) - 1)}
        return any(p in r for r in renderings for p in pieces)

    def in_context(self, sc: SourceConcept) -> bool:
        """The source sentence mentions another glossary concept elsewhere: it is about the
        glossary's subject, so an acronym of the glossary most likely has the glossary's sense."""
        spans = [(m.start, m.end) for m in sc.matches]
        return any(not any(m.start < e and s < m.end for s, e in spans)
                   for other in self.source.values() if other is not sc for m in other.matches)

    def head_present(self, concept: Concept) -> bool:
        """The head word of an approved term (its last word of 2+ characters: Chinese compounds
        are head-final) is in the target: 出行限制 for 旅行限制, 医护人员 for 医疗服务人员. The target
        names the same kind of thing with another modifier — a variant, not an omission."""
        folded = self.folded_tgt
        return any((head := head_word(fold(t.text))) and head in folded for t in concept.approved_zh)

    def loose_head(self, sc: SourceConcept) -> bool:
        """The English head word of the source term is itself an unrendered preferred single-word
        entry (outbreak in "coronavirus outbreak"): the compound inherits its leniency."""
        first = sc.matches[0]
        head = english_head(first.text)
        if head is None:
            return False
        for nested in self.source_nested:
            if first.start <= nested.start and nested.end <= first.end and english_head(nested.text) == head \
                    and _single_word(nested.text):
                parts = [self.concepts[cid] for cid in dict.fromkeys(t.concept_id for t in nested.payloads
                                                                   if isinstance(t, Term)) if cid in self.concepts]
                if parts and not any(c.mandatory for c in parts):
                    return True
        return False

    def head_translated(self, sc: SourceConcept) -> bool:
        """The English head word of the source term (its last word, or the word before "of" in
        "shortness of breath") reached the target through a dictionary rendering of 2+ characters
        (飞沫 for "respiratory droplets"), or the whole term did through a phrase entry of the lexicon
        (气促 for "shortness of breath"): the term was translated, by a synonym of the glossary's."""
        text = sc.matches[0].text
        head = english_head(text)
        if head is None:
            return False
        # the whole expression first: a fixed phrase's rendering shares no word with the phrase's
        # own words (气促 for "shortness of breath"), so only the lexicon's phrase entries know it
        found = (*_dictionary_renderings(" ".join(text.lower().split())), *_dictionary_renderings(head))
        compact = compiled(r"\s+").sub("", self.folded_tgt)
        return any(len(r) >= 2 and r in compact for r in found)

    def _composed(self, sc: SourceConcept, folded_target: str) -> bool:
        """The target renders a part concept of the source term (COVID-19 in "COVID-19 cases")
        and, right next to it, what the approved term adds to that part's term (病例 after
        COVID-19, as 2019冠状病毒病病例 has it after 2019冠状病毒病). The added piece must sit where the
        term puts it: 类癌性综合征 is not 类癌综合征 composed, but a near miss."""
        first = sc.matches[0]
        for nested in self.source_nested:
            if not (first.start <= nested.start and nested.end <= first.end):
                continue
            for cid in dict.fromkeys(t.concept_id for t in nested.payloads if isinstance(t, Term)):
                part = self.concepts.get(cid)
                if part is None or part.id == sc.concept.id:
                    continue
                spans = [(m.start, m.end) for m in (*self.target.chosen, *self.target.nested)
                         if self.concept_terms(part, m)]
                if spans and self._composed_from(sc.concept, part, spans, folded_target):
                    return True
        return False

    @staticmethod
    def _composed_from(concept: Concept, part: Concept, spans, folded_target: str) -> bool:
        part_terms = sorted({fold(t.text) for t in part.approved_zh}, key=lambda t: (-len(t), t))
        for term in concept.approved_zh:
            text = fold(term.text)
            for part_term in part_terms:
                at = text.find(part_term)
                if at < 0:
                    continue
                before, after = text[:at].strip(), text[at + len(part_term):].strip()
                if not (before or after) or any(0 < len(p) < 2 for p in (before, after)):
                    continue
                for start, end in spans:
                    if (not before or folded_target[:start].rstrip().endswith(before)) and \
                            (not after or folded_target[end:].lstrip().startswith(after)):
                        return True
        return False

    def _expanded(self, sc: SourceConcept, folded_target: str) -> bool:
        """The target names an acronym of the concept by a Chinese name the shipped acronym
        lexicon lists for it (spaces ignored, as the lexicon writes its names)."""
        compact = compiled(r"\s+").sub("", folded_target)
        for m in sc.matches:
            entry = lexicon().entry(m.text)
            if entry is not None and any(name in compact for name in entry.zh):
                return True
        return False


@functools.lru_cache(maxsize=4096)
def _near_patterns(term: str) -> tuple[regex.Pattern, ...]:
    if len(term) < 3 or not all(has_han(c) for c in term):
        return ()
    inserted = [regex.escape(term[:i]) + r"\p{Han}" + regex.escape(term[i:]) for i in range(1, len(term))]
    dropped = [regex.escape(term[:i] + term[i + 1:]) for i in range(1, len(term) - 1)] if len(term) >= 4 else []
    return tuple(compiled(p) for p in (*inserted, *dropped))


@functools.lru_cache(maxsize=4096)
def short_forms(term: str) -> tuple[str, ...]:
    """Chinese abbreviations of an all-Han term of 3+ characters: the first character of two or
    more consecutive words, starting with its first word; the last piece may be its whole word
    (流行性感冒 → 流感, 世界卫生组织 → 世卫, 世卫组织, 新型冠状病毒肺炎 → 新冠, 新冠肺炎). Words are jieba's
    search-mode words, so a dictionary word such as 世界卫生组织 still shows its parts, and 冠状病毒
    is one word as well as 冠状 + 病毒 (新冠肺炎 skips nothing). No word is skipped: 新病 is not
    新型冠状病毒. A prefix of the term (流行) is a cut-off term, not an abbreviation."""
    if len(term) < 3 or not all(has_han(c) for c in term):
        return ()
    ends: dict[int, list[int]] = {}
    for start, end in _words(term):
        ends.setdefault(start, []).append(end)
    forms = set()

    def extend(form: str, start: int) -> None:
        for end in ends.get(start, []):
            for piece in dict.fromkeys((term[start], term[start:end])):
                longer = form + piece
                if not term.startswith(longer):
                    forms.add(longer)
                if len(piece) == 1:
                    extend(longer, end)

    for end in ends.get(0, []):
        extend(term[0], end)
    return tuple(sorted(forms))


@functools.lru_cache(maxsize=4096)
def head_word(term: str) -> str | None:
    """The last word (2+ characters, shorter than the term) of an all-Han term, if it has one."""
    if len(term) < 3 or not all(has_han(c) for c in term):
        return None
    heads = [term[start:end] for start, end in _words(term) if end == len(term) and end - start >= 2]
    return max(heads, key=len, default=None)


_HEAD_BEFORE = frozenset({"of", "from", "for", "in", "on", "with", "to"})


def english_head(text: str) -> str | None:
    """The head word of an English noun phrase: the word before its first preposition, else its
    last word (lower-case, letters only, 3+ letters); None for acronyms and codes."""
    words = [t.raw for t in tokenize(text) if t.raw.isalpha()]
    for i, word in enumerate(words):
        if word.lower() in _HEAD_BEFORE and i > 0:
            words = words[:i]
            break
    if not words or is_case_sensitive(words[-1]) or len(words[-1]) < 3:
        return None
    return words[-1].lower()


def _single_word(text: str) -> bool:
    """One ordinary English word: letters only, not an acronym or a name written in capitals."""
    tokens = tokenize(text)
    return len(tokens) == 1 and tokens[0].raw.isalpha() and not is_case_sensitive(tokens[0].raw)


_SOURCE_WORD = compiled(r"[A-Za-z][a-z]{2,}")


@functools.lru_cache(maxsize=65536)
def _dictionary_renderings(word: str) -> tuple[str, ...]:
    """CC-CEDICT renderings of an English word (``bitext.qa.lexicon``); none without the lexicon."""
    try:
        from bitext.qa.lexicon import renderings
        return renderings(word)
    except (ImportError, ModelError):
        return ()


_PARTICLES = "的了地之着过"


@functools.lru_cache(maxsize=4096)
def _particle_pattern(term: str) -> regex.Pattern | None:
    """The term with one structural particle (的 了 地 之 着 过) between two of its characters:
    grammar inside a term, not another term."""
    if len(term) < 2 or not all(has_han(c) for c in term):
        return None
    options = [regex.escape(term[:i]) + f"[{_PARTICLES}]" + regex.escape(term[i:]) for i in range(1, len(term))]
    return compiled("|".join(options))


@functools.lru_cache(maxsize=4096)
def _short_form_pattern(term: str) -> regex.Pattern | None:
    forms = short_forms(term)
    return compiled("|".join(regex.escape(f) for f in sorted(forms,
                                                                  key=lambda f: (-len(f), f)))) if forms else None


def _words(term: str) -> list[tuple[int, int]]:
    """(start, end) of the words of a term, the whole term left out (jieba search mode)."""
    return [w for w in word_boundaries(frozenset()).words(term) if w != (0, len(term))]


def _approved_ids(match: Match) -> set[str]:
    """Concepts for which the match is an approved Chinese term."""
    return {t.concept_id for t in match.payloads if isinstance(t, Term) and t.lang == "zh" and t.status.approved}


def _shared_half(term: str, rendering: str) -> bool:
    """At least half of the term's characters lie in two-character pieces it shares with the
    rendering (病死率 with 病死 for "death"; not 卫生计划载体 with 卫生 for "health": a longer term
    that merely contains a source word's rendering names something else)."""
    covered: set[int] = set()
    for k in range(len(term) - 1):
        if term[k:k + 2] in rendering:
            covered.update((k, k + 1))
    return 2 * len(covered) >= len(term)


def _compact(zh: str) -> str:
    """A term folded and without spaces, as the checks compare terms with renderings."""
    return compiled(r"\s+").sub("", fold(zh))


def _specific(zh: str) -> bool:
    compact = compiled(r"\s+").sub("", zh)
    return not has_han(compact) or len(compact) >= 3


def mentioned_concepts(matcher: GlossaryMatcher, src: str) -> frozenset[str]:
    """Ids of the glossary concepts a source text mentions, also inside longer terms."""
    chosen, nested = matcher.source_all(src)
    return frozenset(t.concept_id for m in (*chosen, *nested) for t in m.payloads if isinstance(t, Term))


def analyse(matcher: GlossaryMatcher, src: str, tgt: str) -> TermAnalysis:
    source: dict[str, SourceConcept] = {}
    concepts = matcher.glossary.concepts
    chosen, nested = matcher.source_all(src)
    for match in chosen:
        for cid in dict.fromkeys(t.concept_id for t in match.payloads):
            source.setdefault(cid, SourceConcept(concepts[cid])).matches.append(match)
    return TermAnalysis(source, matcher.target(tgt), tgt, src, nested, concepts)

