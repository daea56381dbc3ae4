"""Recall of injected errors: one error put into a pair of a real professional translation, found or not.

Real EN→ZH translations (TICO-19 dev presplit.jsonl with TICO's terminology; ParaMed-NEJM
gold pairs with the starter glossary) are checked by the real pipeline (bitext.qa.pipeline.run_qa
over a JSONL corpus, so the aligner runs, default model, embedding cache): once clean, then
once per round with errors injected into some of their pairs.

Each kind of error is a small deterministic function of the pair (seeded RNG, sorted choices)
that returns the new target sentence(s), or None when it does not apply to the pair. A round
injects into at most one pair in four of a document (every fourth pair, the offset moving
with the round), and each chosen pair gets the kind injected least so far that applies to it
(and that the pair has not had before), so the kinds stay balanced across documents and rounds.
Rounds go on until every kind has ``--per-kind`` injections or ``--max-rounds`` is reached.

A detection is a finding at warning level or above on the injected pair (its source or target
sentence ids overlap the injected sentence ids) whose fingerprint is not among the findings
of the same document without injection: a finding that was already there never counts.
New findings on pairs that were not injected are counted too (collateral).

    .venv/bin/python benchmarks/qa_injected.py                  # both data sets, recorded in docs/benchmarks.md
    .venv/bin/python benchmarks/qa_injected.py --sets tico --no-record --injections /tmp/inj.tsv

Texts are read from ../shared at run time and never copied into the repository.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from align_benchmark import replace_section
from real_data import (
    STARTER_GLOSSARY,
    TICO_TERMS,
    command_line,
    nejm_documents,
    read_glossary_rows,
    require_data,
    run,
    tico_documents,
    tsv_row,
    write_jsonl,
)

from bitext.paths import cache_dir

BEGIN, END = "<!-- qa-injected:begin -->", "<!-- qa-injected:end -->"
SEED = "bitext-qa-injected-1"
SPACING = 4  # at most one injected pair in SPACING pairs of a document, never two adjacent


# -- what an injector sees ------------------------------------------------------------------------

@dataclass(frozen=True)
class Concept:
    id: str
    en: tuple[str, ...]  # English forms
    zh: tuple[str, ...]  # approved Chinese forms (preferred, admitted), longest first
    bad: tuple[str, ...]  # forbidden or discouraged Chinese forms
    en_pattern: re.Pattern


@dataclass
class Context:
    """What an injector may use besides the pair: the document's acronyms and the run's glossary."""

    doc_acronyms: tuple[str, ...] = ()
    concepts: tuple[Concept, ...] = ()
    target_sentences: int = 0


Injector = Callable[[str, str, Context, random.Random], "list[str] | None"]

_CJK = re.compile(r"[\u3400-\u9fff]")
_NUMBER = re.compile(r"(?<![A-Za-z0-9._,\-])\d+(?:[.,]\d+)*(?![A-Za-z0-9])")
_MAGNITUDE = re.compile(r"(?:\d[\d.,]*\s*|[一二两三四五六七八九十百几数多]+)(万亿|千亿|千万|百万|万|亿|千)")
_MAGNITUDE_SWAP = {"万亿": ("亿", "千亿"), "千亿": ("万亿", "百亿"), "万": ("亿", "千"), "亿": ("万", "千万"),
                   "千万": ("百万", "亿"), "百万": ("千万", "万"),
                   "千": ("万", "百")}
_OPENING, _CLOSING = "（(“‘《[【「", "）)”’》]】」"
# A standalone acronym: not part of a hyphenated name (COVID-19, SARS-CoV-2), which is a name, not an acronym.
_ACRONYM = re.compile(r"(?<![A-Za-z0-9\-])[A-Z][A-Z0-9]{1,5}(?![A-Za-z0-9\-])")
_EN_NEGATION = re.compile(r"\b(?:not|no|never|none|nor|neither|without|cannot|unable|unlikely|rarely|fail(?:s|ed)?)\b"
                          r"|n't\b", re.IGNORECASE)
# Affirmative words (jieba tokens) and their negated forms.
_NEGATE = {"是": "不是", "会": "不会", "能": "不能", "能够": "不能", "可以": "不可以", "可能": "不可能",
           "应该": "不应该", "应": "不应", "应当": "不应当", "需要": "不需要", "必须": "不必", "有": "没有",
           "具有": "不具有", "建议": "不建议", "允许": "不允许", "推荐": "不推荐", "存在": "不存在",
           "导致": "未导致", "增加": "未增加", "降低": "未降低", "提高": "未提高", "出现": "未出现",
           "发现": "未发现", "有效": "无效", "显著": "不显著", "明显": "不明显", "相关": "不相关"}
# Negation words (jieba tokens) and what is left when the negation is taken out.
_UNNEGATE = {"不": "", "没有": "有", "没": "", "未": "已", "无": "有", "无法": "能够", "不能": "能",
             "不会": "会", "不是": "是", "并非": "是", "不要": "要", "不再": "再", "不可": "可", "未能": "能够",
             "请勿": "请", "勿": "", "不得": "可", "无需": "需要", "不必": "必须", "不用": "要", "不需要": "需要",
             "不应": "应", "不应该": "应该", "尚未": "已经", "从未": "曾经", "从不": "总是", "很少": "经常",
             "罕见": "常见", "不太可能": "很可能", "难以": "易于", "不建议": "建议", "不宜": "宜"}
_PRECEDING_NEGATION = {"不", "没", "没有", "未", "无", "非", "并非", "从未", "尚未", "并不", "绝不"}

_tokenizer = None


def _tokens(text: str) -> list[str]:
    global _tokenizer
    if _tokenizer is None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        _tokenizer = jieba.Tokenizer()
    return _tokenizer.lcut(text)


def _pick(rng: random.Random, options: list):
    return options[rng.randrange(len(options))] if options else None


# -- the injectors ----------------------------------------------------------------------------------

def number_changed(src: str, tgt: str, ctx: Context, rng: random.Random) -> list[str] | None:
    """One digit of a number in the target changed (never into a leading zero)."""
    match = _pick(rng, list(_NUMBER.finditer(tgt)))
    if match is None:
        return None
    digits = [i for i, ch in enumerate(match.group()) if ch.isdigit()]
    pos = _pick(rng, digits)
    old = match.group()[pos]
    choices = [d for d in "0123456789" if d != old and not (d == "0" and pos == 0 and len(digits) > 1)]
    new = match.group()[:pos] + _pick(rng, choices) + match.group()[pos + 1:]
    return [tgt[: match.start()] + new + tgt[match.end():]]


def magnitude_changed(src: str, tgt: str, ctx: Context, rng: random.Random) -> list[str] | None:
    """A Chinese magnitude unit after a number swapped: 万→亿/千, 亿→万/千万, 千万→百万/亿, 百万→千万/万, 千→万/百 …"""
    match = _pick(rng, list(_MAGNITUDE.finditer(tgt)))
    if match is None:
        return None
    unit = _pick(rng, list(_MAGNITUDE_SWAP[match.group(1)]))
    return [tgt[: match.start(1)] + unit + tgt[match.end(1):]]


def negation_inserted(src: str, tgt: str, ctx: Context, rng: random.Random) -> list[str] | None:
    """An affirmative verb or modal of the target negated (是→不是, 可以→不可以, 有→没有 …)."""
    tokens = _tokens(tgt)
    spots = [i for i, tok in enumerate(tokens)
             if tok in _NEGATE and (i == 0 or tokens[i - 1] not in _PRECEDING_NEGATION)]
    i = _pick(rng, spots)
    if i is None:
        return None
    return ["".join(tokens[:i]) + _NEGATE[tokens[i]] + "".join(tokens[i + 1:])]


def negation_removed(src: str, tgt: str, ctx: Context, rng: random.Random) -> list[str] | None:
    """A negation of the target taken out (不能→能, 没有→有, 未→已, 很少→经常 …), where the source negates."""
    if not _EN_NEGATION.search(src):
        return None
    tokens = _tokens(tgt)
    i = _pick(rng, [i for i, tok in enumerate(tokens) if tok in _UNNEGATE])
    if i is None:
        return None
    return ["".join(tokens[:i]) + _UNNEGATE[tokens[i]] + "".join(tokens[i + 1:])]


def clause_dropped(src: str, tgt: str, ctx: Context, rng: random.Random) -> list[str] | None:
    """One clause between Chinese commas removed from a target of three clauses or more (never the
    last); only commas outside brackets and quotation marks divide clauses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(tgt):
        depth += (ch in _OPENING) - (ch in _CLOSING)
        if ch == "，" and depth <= 0:
            parts.append(tgt[start:i])
            start = i + 1
    parts.append(tgt[start:])
    if len(parts) < 3:
        return None
    j = _pick(rng, [j for j in range(len(parts) - 1) if len(_CJK.findall(parts[j])) >= 4])
    if j is None:
        return None
    return ["，".join(parts[:j] + parts[j + 1:])]


def untranslated(src: str, tgt: str, ctx: Context, rng: random.Random) -> list[str] | None:
    """The target sentence replaced by its English source."""
    if len(src.split()) < 3 or not _CJK.search(tgt):
        return None
    return [src]


def sentence_omitted(src: str, tgt: str, ctx: Context, rng: random.Random) -> list[str] | None:
    """The target sentence deleted."""
    return [] if ctx.target_sentences >= 3 else None


def sentence_duplicated(src: str, tgt: str, ctx: Context, rng: random.Random) -> list[str] | None:
    """The target sentence repeated."""
    return [tgt, tgt]


def halfwidth_punctuation(src: str, tgt: str, ctx: Context, rng: random.Random) -> list[str] | None:
    """One full-width comma or full stop of the target made half-width (，→, or 。→.)."""
    spots = [i for i, ch in enumerate(tgt) if ch in "，。"]
    i = _pick(rng, spots)
    if i is None:
        return None
    return [tgt[:i] + {"，": ",", "。": "."}[tgt[i]] + tgt[i + 1:]]


def acronym_swapped(src: str, tgt: str, ctx: Context, rng: random.Random) -> list[str] | None:
    """An acronym the target shares with the source replaced by another acronym of the document,
    or by itself with one letter changed (WHO→WTO)."""
    shared = [m for m in _ACRONYM.finditer(tgt) if sum(c.isalpha() for c in m.group()) >= 2
              and re.search(rf"(?<![A-Za-z0-9]){re.escape(m.group())}(?![A-Za-z0-9])", src)]
    match = _pick(rng, shared)
    if match is None:
        return None
    old = match.group()
    others = [a for a in ctx.doc_acronyms if a != old and a not in src]
    if others and rng.random() < 0.5:
        new = _pick(rng, others)
    else:
        letters = [i for i, ch in enumerate(old) if ch.isalpha()]
        pos = _pick(rng, letters)
        new = None
        for letter in rng.sample("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 26):
            candidate = old[:pos] + letter + old[pos + 1:]
            if letter != old[pos] and candidate not in src:
                new = candidate
                break
        if new is None:
            return None
    return [tgt[: match.start()] + new + tgt[match.end():]]


def wrong_term(src: str, tgt: str, ctx: Context, rng: random.Random) -> list[str] | None:
    """An approved glossary term in the target (its English term in the source) replaced by a
    forbidden or discouraged variant of its concept, or by the preferred term of another concept."""
    used = [c for c in ctx.concepts if c.en_pattern.search(src) and any(z in tgt for z in c.zh)]
    concept = _pick(rng, used)
    if concept is None:
        return None
    form = next(z for z in concept.zh if z in tgt)  # the longest approved form present
    in_source = {c.id for c in ctx.concepts if c.en_pattern.search(src)}
    others = [c.zh[0] for c in ctx.concepts if c.id not in in_source and c.zh[0] not in tgt
              and form not in c.zh[0] and c.zh[0] not in form]
    if concept.bad and rng.random() < 0.5:
        new = _pick(rng, list(concept.bad))
    else:
        new = _pick(rng, others)
    if new is None:
        return None
    starts = [m.start() for m in re.finditer(re.escape(form), tgt)]
    at = _pick(rng, starts)
    return [tgt[:at] + new + tgt[at + len(form):]]


KINDS: dict[str, Injector] = {
    "number changed": number_changed,
    "magnitude unit changed": magnitude_changed,
    "negation inserted": negation_inserted,
    "negation removed": negation_removed,
    "clause dropped": clause_dropped,
    "untranslated sentence": untranslated,
    "sentence omitted": sentence_omitted,
    "wrong glossary term": wrong_term,
    "acronym swapped": acronym_swapped,
    "half-width punctuation": halfwidth_punctuation,
    "sentence duplicated": sentence_duplicated,
}


def glossary_concepts(path: Path) -> tuple[Concept, ...]:
    """Concepts of a glossary TSV that can be swapped: an approved Chinese form that is not Latin."""
    forms: dict[str, dict[str, set[str]]] = {}
    for row in read_glossary_rows(path):
        entry = forms.setdefault(row["concept_id"], {"en": set(), "zh": set(), "bad": set()})
        status = (row.get("status") or "preferred").strip()
        if status == "keep-latin":
            continue
        zh = [row["zh_term"], *(row.get("zh_admitted_variants") or "").split("|")]
        zh = {z.strip() for z in zh if z.strip() and _CJK.search(z)}
        if status in ("forbidden", "discouraged"):
            entry["bad"] |= zh
        else:
            entry["zh"] |= zh
            entry["en"] |= {e.strip() for e in [row["en_term"],
                                                *(row.get("en_variants") or "").split("|")] if e.strip()}
    concepts = []
    for cid in sorted(forms):
        entry = forms[cid]
        if not entry["zh"] or not entry["en"]:
            continue
        en = tuple(sorted(entry["en"], key=lambda e: (-len(e), e)))
        alternatives = "|".join(re.escape(e) if e.isupper() else "(?i:" + re.escape(e) + ")" for e in en)
        pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])")
        zh = tuple(sorted(entry["zh"], key=lambda z: (-len(z), z)))
        concepts.append(Concept(cid, en, zh, tuple(sorted(entry["bad"] - entry["zh"])), pattern))
    return tuple(concepts)


# -- planning the rounds ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Injection:
    round: int
    document: str
    pair: int  # pair index in the clean document (= source sentence id)
    kind: str
    before: str
    after: tuple[str, ...]
    src_ids: tuple[int, ...]  # in the injected document
    tgt_ids: tuple[int, ...]


@dataclass
class Round:
    number: int
    documents: list[tuple[str, list[str], list[str]]] = field(default_factory=list)
    injections: list[Injection] = field(default_factory=list)


def plan(documents: list[tuple[str, list[str], list[str]]], concepts: tuple[Concept, ...], per_kind: int,
         max_rounds: int) -> list[Round]:
    counts = Counter({kind: 0 for kind in KINDS})
    done: set[tuple[str, int, str, tuple[str, ...]]] = set()  # the same injection is never made twice
    rounds = []
    order = list(KINDS)
    for number in range(max_rounds):
        if min(counts.values()) >= per_kind:
            break
        current = Round(number)
        for d, (doc_id, en, zh) in enumerate(documents):
            acronyms = tuple(sorted({m.group() for z in zh for m in _ACRONYM.finditer(z)}))
            ctx = Context(acronyms, concepts, len(zh))
            replaced: dict[int, tuple[str, list[str]]] = {}
            for p in range((number + d) % SPACING, min(len(en), len(zh)), SPACING):
                rotation = (number + d + p) % len(order)
                wanted = [k for k in order if counts[k] < per_kind]  # a kind stops once it has enough
                wanted.sort(key=lambda k: (counts[k], (order.index(k) - rotation) % len(order)))
                for kind in wanted:
                    rng = random.Random(f"{SEED}|{doc_id}|{p}|{kind}|{number}")
                    new = KINDS[kind](en[p], zh[p], ctx, rng)
                    if new is None or new == [zh[p]] or (doc_id, p, kind, tuple(new)) in done:
                        continue
                    replaced[p] = (kind, new)
                    counts[kind] += 1
                    done.add((doc_id, p, kind, tuple(new)))
                    break
            if not replaced:
                # every document goes into every round, so the corpus-level checks see the same corpus
                current.documents.append((doc_id, en, zh))
                continue
            new_zh: list[str] = []
            for p, sentence in enumerate(zh):
                if p not in replaced:
                    new_zh.append(sentence)
                    continue
                kind, new = replaced[p]
                tgt_ids = tuple(range(len(new_zh), len(new_zh) + len(new)))
                new_zh.extend(new)
                current.injections.append(Injection(number, doc_id, p, kind, sentence, tuple(new), (p,), tgt_ids))
            current.documents.append((doc_id, en, new_zh))
        if not current.injections:
            break
        rounds.append(current)
    return rounds


# -- running and scoring ----------------------------------------------------------------------------

@dataclass
class Outcome:
    injection: Injection
    detected: bool
    at_error: bool
    checks: tuple[str, ...]


def score(rounds: list[Round], clean: dict[str, set[str]], results: list[dict]) -> tuple[list[Outcome], Counter]:
    outcomes, collateral = [], Counter()
    for current, by_doc in zip(rounds, results, strict=True):
        for doc_id in sorted({i.document for i in current.injections}):
            injections = [i for i in current.injections if i.document == doc_id]
            new = [h for h in by_doc[doc_id].findings
                   if h.severity in ("error", "warning") and h.fingerprint not in clean.get(doc_id, set())]
            claimed = set()
            for inj in injections:
                mine = [h for h in new if set(h.src_ids) & set(inj.src_ids) or set(h.tgt_ids) & set(inj.tgt_ids)]
                claimed.update(id(h) for h in mine)
                outcomes.append(Outcome(inj, bool(mine), any(h.severity == "error" for h in mine),
                                        tuple(sorted({h.check for h in mine}))))
            for h in new:
                if id(h) not in claimed:
                    collateral[h.check] += 1
    return outcomes, collateral


def evaluate(name: str, documents, glossary: Path, per_kind: int, max_rounds: int, tmp: Path, injections_out) -> dict:
    started = time.perf_counter()
    rounds = plan(documents, glossary_concepts(glossary), per_kind, max_rounds)
    clean_docs = run(write_jsonl(tmp / f"{name}-clean.jsonl", documents), glossary)
    clean = {d.id: {h.fingerprint for h in d.findings} for d in clean_docs}
    results = []
    for current in rounds:
        corpus = write_jsonl(tmp / f"{name}-round{current.number}.jsonl", current.documents)
        results.append({d.id: d for d in run(corpus, glossary)})
        print(f"  {name} round {current.number}: {len(current.injections)} injections in "
              f"{len({i.document for i in current.injections})} documents", flush=True)
    outcomes, collateral = score(rounds, clean, results)
    for o in outcomes:
        inj = o.injection
        injections_out.write(tsv_row([name, inj.round, inj.document, inj.pair, inj.kind,
                                      "yes" if o.detected else "no", ",".join(o.checks), inj.before,
                                      " ⏎ ".join(inj.after) if inj.after else "(deleted)"]))
    by_kind = {}
    for kind in KINDS:
        mine = [o for o in outcomes if o.injection.kind == kind]
        checks = Counter(c for o in mine for c in o.checks)
        by_kind[kind] = {"injected": len(mine), "detected": sum(o.detected for o in mine),
                         "at_error": sum(o.at_error for o in mine), "checks": checks.most_common()}
    return {"name": name, "glossary": glossary.name, "pairs": sum(min(len(e), len(z)) for _, e, z in documents),
            "documents": len(documents), "rounds": len(rounds), "by_kind": by_kind,
            "injected": len(outcomes), "detected": sum(o.detected for o in outcomes),
            "at_error": sum(o.at_error for o in outcomes), "collateral": collateral.most_common(),
            "seconds": time.perf_counter() - started}


def pct(n: int, total: int) -> str:
    return f"{100 * n / total:.1f} %" if total else "-"


def show(result: dict) -> None:
    print(f"{result['name']} ({result['glossary']}, {result['documents']} documents, {result['pairs']} pairs, "
          f"{result['rounds']} rounds, {result['seconds']:.0f} s): recall "
          f"{pct(result['detected'], result['injected'])} "
          f"({result['detected']}/{result['injected']}), at error level {pct(result['at_error'], result['injected'])}")
    for kind, r in result["by_kind"].items():
        print(f"  {kind:24} {r['detected']:4}/{r['injected']:<4} {pct(r['detected'], r['injected']):>8}   "
              + ", ".join(f"{c} {n}" for c, n in r["checks"][:4]))
    print("  collateral (new findings on pairs not injected): "
          + (", ".join(f"{c} {n}" for c, n in result["collateral"]) or "none"), flush=True)


def record(results: list[dict], command: str, per_kind: int) -> None:
    blocks = []
    for res in results:
        rows = "".join(
            f"| {kind} | {r['injected']} | {r['detected']} | **{pct(r['detected'], r['injected'])}** | "
            f"{pct(r['at_error'], r['injected'])} | "
            + (", ".join(f"`{c}` {n}" for c, n in r["checks"][:4]) or "-") + " |\n"
            for kind, r in res["by_kind"].items())
        rows += (f"| **all** | {res['injected']} | {res['detected']} | **{pct(res['detected'], res['injected'])}** | "
                 f"{pct(res['at_error'], res['injected'])} | |\n")
        collateral = sum(n for _, n in res["collateral"])
        blocks.append(
            f"**{res['name']}** ({res['documents']} documents, {res['pairs']} pairs, glossary `{res['glossary']}`, "
            f"{res['rounds']} rounds):\n\n| kind | injected | detected | recall (warning or above) | at error level "
            f"| findings that detected it (check: injections) |\n|---|---|---|---|---|---|\n{rows}\n"
            f"New findings on pairs that were not injected: {collateral} "
            f"({pct(collateral, res['injected'])} of the injections)"
            + (": " + ", ".join(f"`{c}` {n}" for c, n in res["collateral"]) if collateral else "") + ".\n")
    section = (f"{BEGIN}\n## QA recall of injected errors\n\nCommand: `{command}` ({time.strftime('%Y-%m-%d')}, "
               f"{os.cpu_count()} cores, default model, bitext.qa.pipeline.run_qa over a JSONL corpus, so the "
               "aligner runs). One error is injected into a pair of a real professional translation, in at most "
               f"one pair in {SPACING} of a document per round, kinds balanced (target {per_kind} per kind); a "
               "detection is a finding at warning level or above on the injected pair whose fingerprint the "
               "document without injection did not have. Issue 10's targets: at least 90 % overall, 75 % for "
               "negation and for dropped clauses. A kind that does not apply to a data set (ParaMed is lower-cased: "
               "no acronyms) shows fewer injections.\n\n" + "\n".join(blocks) + END)
    replace_section(BEGIN, END, section)


SETS = {"tico": ("TICO-19 dev presplit", tico_documents, TICO_TERMS),
        "nejm": ("ParaMed-NEJM gold pairs", nejm_documents, STARTER_GLOSSARY)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="tico,nejm", help="comma-separated: tico, nejm")
    parser.add_argument("--per-kind", type=int, default=60, help="injections wanted per kind and data set")
    parser.add_argument("--max-rounds", type=int, default=8)
    parser.add_argument("--injections", type=Path, default=cache_dir() / "qa-injected.tsv",
                        help="TSV of every injection and whether it was found (default: %(default)s)")
    parser.add_argument("--no-record", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()
    require_data()
    results = []
    args.injections.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bitext-qa-injected-") as tmp, \
            args.injections.open("w", encoding="utf-8") as out:
        out.write(tsv_row(["set", "round", "document", "pair", "kind", "detected", "checks", "target", "injected"]))
        for key in args.sets.split(","):
            name, load, glossary = SETS[key.strip()]
            results.append(evaluate(name, load(), glossary, args.per_kind, args.max_rounds, Path(tmp), out))
            show(results[-1])
    print(f"every injection is listed in {args.injections}")
    if not args.no_record and args.sets == "tico,nejm":
        record(results, command_line("qa_injected.py", ("--injections",)), args.per_kind)


if __name__ == "__main__":
    main()
