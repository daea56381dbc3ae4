"""From proposals to ranked candidates: proposals for the same pair merged and scored, modifiers
without their head and fragments of longer candidates dropped, renderings grouped as variants,
known glossary terms marked, an optional re-ranking by embedding similarity."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator

import regex

from bitext.glossary.normalize import term_key
from bitext.termex.abbrev import best_long_form, is_short_form
from bitext.termex.candidate import Candidate, Progress, Proposal
from bitext.termex.latin import attach_kept_latin
from bitext.termex.linking import Associations, association
from bitext.termex.normalize import en_group_key, inflected_keys
from bitext.termex.zhparen import zh_units

METHOD_BASE = {"acronym": 0.6, "zh-paren": 0.5, "en-abbrev": 0.3, "keep-latin": 0.0, "cooc": 0.0}

_ADJECTIVE_END = regex.compile(r"(?:ive|ic|al|ous|ary|ated|ed)$")


_MODIFIER_END = regex.compile(r"(?:ive|ic|al|ous|ary|ory|ated|ed|ing|ent|ant|ible|able|-positive|-negative|"
                              r"-associated|-related|-free|-like|-induced|-dependent)$")


def without_modifiers_alone(proposals: list[Proposal], en_count: Counter) -> list[Proposal]:
    """Drop co-occurrence proposals whose English ends in a modifier that the corpus mostly
    follows with a head noun ("acute respiratory" distress syndrome, "underlying" conditions,
    "her2-positive" disease): a modifier without its head is not a term. How often the
    n-gram is followed by a content word is read off the counted longer n-grams (all of them:
    the heads vary, each may be rare)."""
    wanted = {en_group_key(p.en) for p in proposals if p.method == "cooc"}
    wanted = {k for k in wanted if _MODIFIER_END.search(k)}
    followed: Counter[str] = Counter()
    if wanted:
        for gram, n in en_count.items():
            head, _, _last = gram.rpartition(" ")
            if head in wanted:
                followed[head] += n
    out = []
    for p in proposals:
        key = en_group_key(p.en)
        if p.method == "cooc" and _MODIFIER_END.search(key) and followed[key] >= 0.5 * en_count.get(key, 0) > 0:
            continue
        out.append(p)
    return out


def _evidence_weight(seen: int) -> float:
    """A pair seen once is a hint, one seen in dozens of aligned pairs is a term of the
    corpus: up to 10 % off the score, on a log scale, none from 64 pairs on."""
    return 0.9 + 0.1 * min(1.0, math.log2(1 + max(seen, 1)) / 6.0)


def _join_note(note: str, extra: str) -> str:
    return f"{note}; {extra}" if note else extra


def assemble(proposals: list[Proposal], assoc_of: Associations, en_count: Counter,
             zh_count: Counter, sometimes_latin: Iterable[str] = (),
             domain_words: Collection[str] = frozenset()) -> list[Candidate]:
    """Merge proposals for the same (English, Chinese) pair and score them; ``sometimes_latin``:
    codes the Chinese keeps in Latin script now and then (admitted forms of their row);
    ``domain_words``: Chinese words known to be terms (the medical word lists, the glossary's)."""
    merged: dict[tuple[str, str], dict] = {}
    for p in proposals:
        key = (en_group_key(p.en), term_key(p.zh))
        m = merged.setdefault(key, {"en": Counter(), "zh": p.zh, "methods": {}, "acronym": None, "support": 0})
        m["en"][p.en] += p.support
        m["methods"][p.method] = max(m["methods"].get(p.method, 0.0), p.confidence)
        m["acronym"] = m["acronym"] or p.acronym
        m["support"] = max(m["support"], p.support)
    out: list[Candidate] = []
    for (ekey, _zkey), m in merged.items():
        en_surface = m["en"].most_common(1)[0][0]
        d, g2, joint = assoc_of.get((ekey, m["zh"]), (None, None, 0))
        methods = m["methods"]
        base = max(METHOD_BASE[x] for x in methods)
        conf = max(methods.values())
        a = association(d, g2) if d is not None else 0.0
        if set(methods) == {"keep-latin"}:
            combined = 0.6 * conf  # below translated terms: a reviewer decides those first
        elif base > 0:
            combined = 0.6 * conf + 0.4 * a if d is not None else 0.8 * conf
            if m["support"] > 1:
                combined = min(1.0, combined + 0.05 * math.log2(m["support"]))
        else:
            combined = a
        score = base + (1 - base) * combined
        score *= _evidence_weight(max(m["support"], joint or 0))
        # termhood: very short single-word pairs are more often general vocabulary
        if "cooc" in methods and len(methods) == 1 and " " not in en_surface:
            if zh_units(m["zh"]) <= 2:
                score *= 0.8
            if _ADJECTIVE_END.search(en_surface) and "-" not in en_surface:
                score *= 0.7  # a lone adjective (aggressive, hematologic) is rarely a glossary term
            if m["zh"] not in domain_words:
                score *= 0.85  # a word the medical word lists do not know is more often general (限制, 政策)
        method = "+".join(x for x in ("acronym", "zh-paren", "en-abbrev", "keep-latin", "cooc") if x in methods)
        if d is not None and "cooc" not in methods and d >= 0.3:
            method += "+cooc"
        variants = [v for v in m["en"] if v != en_surface]
        if m["acronym"] and term_key(m["acronym"]) not in {term_key(v) for v in variants}:
            variants.append(m["acronym"])
        out.append(Candidate(en_term=en_surface, zh_term=m["zh"], en_variants=variants, score=round(score, 4),
                             frequency=joint, method=method, dice=None if d is None else round(d, 4),
                             llr=None if g2 is None else round(g2, 2), acronym=m["acronym"]))
    return _group_variants(out, sometimes_latin)


def _group_variants(cands: list[Candidate], sometimes_latin: Iterable[str]) -> list[Candidate]:
    """One candidate per English term: other Chinese renderings become admitted variants
    when they are nearly as good; the weaker ones are dropped."""
    by_en: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_en[en_group_key(c.en_term)].append(c)
    out = []
    for group in by_en.values():
        group.sort(key=lambda c: -c.score)
        paren = [c for c in group if c.method.split("+")[0] in ("acronym", "zh-paren")]
        if paren and group[0] not in paren and group[0].method.startswith("cooc"):
            lead = group[0]
            if any(lead.zh_term in p.zh_term or p.zh_term in lead.zh_term for p in paren):
                p = next(p for p in paren if lead.zh_term in p.zh_term or p.zh_term in lead.zh_term)
                p.score = max(p.score, lead.score)
                p.dice, p.llr = p.dice or lead.dice, p.llr or lead.llr
                if "cooc" not in p.method:
                    p.method += "+cooc"
                group.remove(p)
                group.insert(0, p)
        best = group[0]
        for other in group[1:]:
            if other.score >= 0.8 * best.score and other.method.split("+")[0] != "cooc":
                if other.zh_term not in best.zh_admitted_variants:
                    best.zh_admitted_variants.append(other.zh_term)
        out.append(best)
    # one candidate per Chinese term as well (plural/singular English, acronym vs long form)
    by_zh: dict[str, Candidate] = {}
    for c in sorted(out, key=lambda c: -c.score):
        zk = term_key(c.zh_term)
        if zk in by_zh:
            keep = by_zh[zk]
            if en_group_key(c.en_term) != en_group_key(keep.en_term) and c.en_term not in keep.en_variants:
                if c.score >= 0.8 * keep.score and c.method.split("+")[0] != "cooc" \
                        and same_english_term(c.en_term, keep.en_term):
                    keep.en_variants.append(c.en_term)
            continue
        by_zh[zk] = c
    return attach_kept_latin(list(by_zh.values()), sometimes_latin)


def same_english_term(a: str, b: str) -> bool:
    """Two English forms of one term: the same words but for spacing, hyphens and number
    (intensive-care unit / intensive care units), or one the abbreviation of the other. Two
    terms a translator happens to render alike (mortality / infection fatality rate) are not."""
    def squeeze(text: str) -> str:
        return regex.sub(r"[\s\-]+", "", en_group_key(text))

    if squeeze(a) == squeeze(b):
        return True
    short, long = sorted((a, b), key=len)
    return " " not in short and is_short_form(short) and best_long_form(short, long) == long


def with_inflected_forms(cands: list[Candidate], assoc_of: Associations, en_count: Counter,
                         min_dice: float) -> list[Candidate]:
    """Other verb forms of a row's English that the corpus renders with the row's Chinese as
    consistently as a link requires (cough and coughing are both 咳嗽; sneeze, sneezes and
    sneezing 打喷嚏) join the row as English variants, as plural forms do: competitive linking
    gave the Chinese to one form only, and a glossary lists one entry per lemma. The base form
    heads the row. A form heading a co-occurrence row of its own joins only when it is more
    strongly associated with this row's Chinese than with its own (that row is then dropped)."""
    rows = {en_group_key(c.en_term): c for c in cands}
    taken: set[int] = set()
    for c in cands:
        if id(c) in taken:
            continue
        key = en_group_key(c.en_term)
        found = []
        for form in inflected_keys(key):
            if en_count.get(form, 0) == 0:
                continue
            d, _g2, _joint = assoc_of.get((form, c.zh_term), (0.0, 0.0, 0))
            if d < min_dice:
                continue
            other = rows.get(form)
            if other is not None:
                if other is c or id(other) in taken or other.method != "cooc" or (other.dice or 0.0) >= d:
                    continue
                taken.add(id(other))
            found.append(form)
        if not found:
            continue
        base = next((f for f in found if not f.endswith(("ing", "ed"))), None)
        if base is not None and key.endswith(("ing", "ed")):
            c.en_variants.insert(0, c.en_term)
            c.en_term = base
            found.remove(base)
        c.en_variants += [f for f in found if f not in c.en_variants]
    return [c for c in cands if id(c) not in taken]


def suppress_fragments(cands: list[Candidate], en_count: Counter, zh_count: Counter) -> list[Candidate]:
    """Drop co-occurrence candidates whose English or Chinese side only occurs inside a longer
    candidate (``castration-resistant prostate`` inside ``…prostate cancer``).

    The longer candidates containing a key are found through an index of the keys' word runs
    (English: ``f" {ek} " in f" {other} "``) and substrings (Chinese: ``zk in other``), not
    by comparing every pair of candidates.
    """
    en_keys = [en_group_key(c.en_term) for c in cands]
    zh_keys = [term_key(c.zh_term) for c in cands]
    cooc_at = [i for i, c in enumerate(cands) if c.method.startswith("cooc")]
    en_wanted = {en_keys[i] for i in cooc_at if en_keys[i]}
    zh_wanted = {zh_keys[i] for i in cooc_at if zh_keys[i]}
    # word runs / substrings of every candidate key that are the key of a co-occurrence
    # candidate → the candidates (indices) whose key contains them; a proper part is shorter
    en_within: dict[str, list[int]] = defaultdict(list)
    max_words = max((k.count(" ") + 1 for k in en_wanted), default=0)
    for j, key in enumerate(en_keys):
        words = key.split(" ")
        n = len(words)
        for i in range(n):
            for m in range(i + 1, min(n, i + max_words) + 1):
                if m - i < n:
                    run = " ".join(words[i:m])
                    if run in en_wanted:
                        en_within[run].append(j)
    zh_within: dict[str, list[int]] = defaultdict(list)
    lengths = sorted({len(k) for k in zh_wanted})
    for j, key in enumerate(zh_keys):
        n = len(key)
        for size in lengths:
            if size >= n:
                break
            for i in range(n - size + 1):
                part = key[i : i + size]
                if part in zh_wanted:
                    zh_within[part].append(j)

    def contained(key: str, keys: list[str], within: dict[str, list[int]], matches) -> Iterator[int]:
        if key:
            return iter(within.get(key, ()))
        return (j for j, other in enumerate(keys) if matches(key, other))  # empty key: as the plain test

    out = []
    for idx, c in enumerate(cands):
        if not c.method.startswith("cooc"):
            out.append(c)
            continue
        ek, zk = en_keys[idx], zh_keys[idx]
        ce, cz = en_count.get(ek, 0), zh_count.get(c.zh_term, 0)
        fragment = False
        for j in contained(ek, en_keys, en_within, lambda k, o: f" {k} " in f" {o} "):
            other_key, other = en_keys[j], cands[j]
            if other is c or len(other_key) <= len(ek):
                continue
            if en_count.get(other_key, other.frequency) >= 0.8 * ce and other.score >= c.score * 0.8:
                fragment = True
                break
        if not fragment:
            for j in contained(zk, zh_keys, zh_within, lambda k, o: k in o):
                other_key, other = zh_keys[j], cands[j]
                if other is c or len(other_key) <= len(zk):
                    continue
                if zh_count.get(other.zh_term, other.frequency) >= 0.8 * cz and other.score >= c.score * 0.8:
                    fragment = True
                    break
        if not fragment:
            out.append(c)
    return out


class KnownKeys:
    """The (English, Chinese) pairs of the existing glossary as term keys, and each side's partners."""

    def __init__(self, known_pairs: Iterable[tuple[str, str]] | None):
        self.pairs = {(term_key(e), term_key(z)) for e, z in (known_pairs or ())}
        self.by_en: dict[str, set[str]] = defaultdict(set)
        self.by_zh: dict[str, set[str]] = defaultdict(set)
        for e, z in self.pairs:
            self.by_en[e].add(z)
            self.by_zh[z].add(e)


def mark_known(candidates: list[Candidate], known: KnownKeys, include_known: bool) -> list[Candidate]:
    """Candidates already in the glossary get status ``known`` (and are dropped unless
    ``include_known``); the others a note when one of their terms is in it with another partner."""
    out: list[Candidate] = []
    for c in candidates:
        ek, zk = c.key()
        if (ek, zk) in known.pairs or any((term_key(v), zk) in known.pairs for v in c.en_variants):
            c.status = "known"
            c.note = _join_note(c.note, "already in the glossary")
        else:
            if ek in known.by_en:
                c.note = _join_note(c.note, "English term in the glossary as: " + " | ".join(sorted(known.by_en[ek])))
            if zk in known.by_zh:
                c.note = _join_note(c.note, "Chinese term in the glossary for: " + " | ".join(sorted(known.by_zh[zk])))
        if include_known or c.status != "known":
            out.append(c)
    return out


def embedding_rerank(cands: list[Candidate], model: str, report: Progress) -> None:
    from bitext.termex.similarity import term_similarities

    sims = term_similarities([(c.en_term, c.zh_term) for c in cands], model=model, progress=report)
    for c, s in zip(cands, sims, strict=True):
        c.similarity = round(float(s), 4)
        c.score = round(c.score * (0.75 + 0.25 * max(0.0, float(s))), 4)
        if "embedding" not in c.method:
            c.method += "+embedding"
