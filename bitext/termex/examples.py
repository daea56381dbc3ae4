"""The last pass of term extraction: each kept candidate's exact pair frequency (both terms in the
same aligned pair), its English forms and spelling as the text writes them, and two short examples."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict

import regex

from bitext.glossary.normalize import term_key
from bitext.termex.candidate import Candidate, Example, Progress
from bitext.termex.cooc import SubstringCounter
from bitext.termex.normalize import en_group_key, en_words, plural_forms
from bitext.termex.scan import Spill

_EN_SEARCH = regex.compile(r"[^\p{L}\p{N}'’+\-]+")


def _en_searchable(text: str) -> str:
    """The text's words between spaces, twice: as the n-gram counts cut them (``weeks'
    gestation``, ``cd4 + count`` are the n-grams ``weeks gestation``, ``cd4 count``) and cut
    at every other sign as well (EU and EEA in ``EU/EEA``, codes found on their own)."""
    low = text.lower()
    return " " + " ".join(en_words(low)) + " \x00 " + _EN_SEARCH.sub(" ", low) + " "


def _snippet(text: str, start: int, end: int, width: int) -> str:
    a = max(0, start - width)
    b = min(len(text), end + width)
    return ("…" if a > 0 else "") + text[a:b].strip() + ("…" if b < len(text) else "")


def examples_and_frequency(cands: list[Candidate], spill: Spill, n_pairs: int, report: Progress) -> None:
    """Exact pair frequency (both terms in the same aligned pair) and two short examples."""
    if not cands:
        return
    zh_forms: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cands):
        for z in [c.zh_term, *c.zh_admitted_variants]:
            zh_forms[z.replace(" ", "")].append(i)  # spaces inside Latin runs vary (CD8+ T细胞)
    counter = SubstringCounter(zh_forms)
    en_forms: list[list[str]] = []
    for c in cands:
        forms = dict.fromkeys(f for v in [c.en_term, *c.en_variants] for f in plural_forms(en_group_key(v)))
        en_forms.append([" " + " ".join(en_words(f)) + " " for f in forms])
    surfaces: list[Counter] = [Counter() for _ in cands]
    cased: list[Counter] = [Counter() for _ in cands]
    freq = [0] * len(cands)
    done = 0
    for en, zh, _clauses, _tokens in spill:
        found = counter.found_in(zh.replace(" ", ""))
        if found:
            en_s = zh_s = None
            hit_idx = {i for z in found for i in zh_forms[z]}
            for i in hit_idx:
                en_s = en_s or _en_searchable(en)
                seen = [f for f in en_forms[i] if f in en_s]
                if not seen and "zh-paren" in cands[i].method:
                    # the English term is the translator's gloss in the Chinese (美国癌症联合委员会
                    # （american joint committee on cancer）) where the source has only its acronym
                    zh_s = zh_s or _en_searchable(zh)
                    seen = [f for f in en_forms[i] if f in zh_s]
                if seen:
                    surfaces[i].update(seen)
                    cased[i].update(_cased_surfaces(en, seen))
                    freq[i] += 1
                    c = cands[i]
                    if len(c.examples) < 2:
                        c.examples.append(_example(en, zh, c))
        done += 1
        if done % 5000 == 0:
            report("examples", done, n_pairs)
    report("examples", done, n_pairs)
    for c, f, surf, case in zip(cands, freq, surfaces, cased, strict=True):
        c.frequency = max(f, 1 if c.examples else 0)
        _restore_case(c, case)
        if surf:
            best = surf.most_common(1)[0][0].strip()
            if en_group_key(best) == en_group_key(c.en_term) and best != c.en_term.lower():
                old = c.en_term
                c.en_term = best if c.en_term.islower() else c.en_term
                if c.en_term != old and old not in c.en_variants and f" {old.lower()} " in surf:
                    c.en_variants.insert(0, old)
            for form, n in surf.most_common():
                form = form.strip()
                if (form != c.en_term.lower() and en_group_key(form) == en_group_key(c.en_term)
                        and form not in c.en_variants and n > 0):
                    c.en_variants.append(form)


def _cased_surfaces(en: str, forms: list[str]) -> list[str]:
    """How the text writes the found forms where case carries meaning: not first in a
    sentence, where every word is capitalised anyway."""
    out = []
    for form in forms:
        for m in _form_pattern(form).finditer(en):
            before = en[: m.start()].rstrip()
            if before and before[-1] not in ".!?:;\"“'‘(\n":
                out.append(m.group(0))
    return out


@functools.lru_cache(maxsize=65536)
def _form_pattern(form: str) -> regex.Pattern:
    """A found form as a whole-word, case-blind pattern with any separator between its words
    (compiled once per form: regex's own cache is far smaller than a corpus's vocabulary)."""
    words = r"[^\p{L}\p{N}]+".join(regex.escape(w) for w in form.split())
    return regex.compile(r"(?<![\p{L}\p{N}])" + words + r"(?![\p{L}\p{N}])", flags=regex.IGNORECASE)


def _restore_case(c: Candidate, cased: Counter) -> None:
    """A lower-cased co-occurrence term that the text always capitalises inside a sentence is a
    name (Italy, Hong Kong, Diamond Princess): give it the text's spelling, as a glossary would."""
    if not cased or not c.en_term.islower():
        return
    spelled = [s for s, _n in cased.most_common() if term_key(s) == term_key(c.en_term)]
    if spelled and all(not s.islower() for s in spelled) and spelled[0][:1].isupper():
        c.en_term = spelled[0]


def _example(en: str, zh: str, c: Candidate) -> Example:
    low = en.lower()
    at = -1
    for v in [c.en_term, *c.en_variants]:
        at = low.find(v.lower())
        if at >= 0:
            en_snip = _snippet(en, at, at + len(v), 60)
            break
    else:
        en_snip = _snippet(en, 0, 0, 120)
    for z in [c.zh_term, *c.zh_admitted_variants]:
        zat = zh.find(z)
        if zat >= 0:
            return Example(en_snip, _snippet(zh, zat, zat + len(z), 25))
    return Example(en_snip, _snippet(zh, 0, 0, 50))
