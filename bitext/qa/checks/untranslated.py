"""English left in the Chinese: runs of ordinary English words, or a target equal to its source."""

from __future__ import annotations

import functools
import unicodedata

import regex

from bitext.glossary.normalize import fold
from bitext.patterns import compiled
from bitext.qa.check import Check
from bitext.qa.context import PairContext, tgt_span
from bitext.qa.findings import Finding, Severity
from bitext.qa.lexicon import STOPWORDS, renderings
from bitext.qa.settings import QASettings

# A run of Latin words joined by spaces, hyphens or slashes; a hyphenated compound is one word
# (Kaplan-Meier is a name, "progression-free survival" two words).
_RUN = compiled(r"[A-Za-z][A-Za-z']*(?:[ \-/]+[A-Za-z][A-Za-z']*)*")
_WORD = compiled(r"[A-Za-z][A-Za-z']*(?:-[A-Za-z][A-Za-z']*)*")
# Bracketed text without Chinese is a gloss or a citation: 收入贫困比（income-to-poverty ratio）.
# Innermost first, so that a citation with nested [e-pub] is masked as a whole.
_BRACKETED = compiled(r"[（(\[［【][^（）()\[\]［］【】\p{Han}]*[）)\]］】]")

# Lower-case words that are fine in Chinese scientific text: units, Latin phrases, abbreviations.
_ALLOWED = frozenset("""
mg g kg ug mcg ng pg ml dl l mmol umol nmol pmol mol iu u mm cm m km um nm h hr hrs min s sec ms d wk wks mo yr yrs
mmhg bpm kda da gy cgy gbq mbq mci bq kcal cal ppm ppb rpm mph ph kpa pa hz khz mhz ml/min mg/dl mg/kg
et al vs etc eg ie cf ca approx per via vivo vitro situ novo ex de post hoc ad priori sic
""".split())
# International non-proprietary name stems: a drug name kept in Latin is not untranslated English.
_INN_STEMS = ("mab", "tinib", "limus", "tide", "platin", "cillin", "mycin", "statin", "pril", "sartan", "olol", "azole",
              "vir", "parib", "ciclib", "cept", "rafenib", "zomib", "lukast", "dronate", "gliptin", "gliflozin",
              "glutide", "tecan", "taxel", "rubicin", "mustine", "trexate", "citabine", "uracil", "mide")


# Shorter than this and unknown to the dictionary, a lower-case word is read as an abbreviation or a
# code rather than English: a gene, a journal (n engl j med), a trial or test (brca hrd, mychoice).
_ABBREVIATION_MAX_LETTERS = 5


def _plain_word(word: str) -> bool:
    """An ordinary lower-case English word (not a unit, Latin phrase, drug name, acronym or abbreviation)."""
    return all(part.islower() and len(part) >= 2 and part not in _ALLOWED and not part.endswith(_INN_STEMS)
               and _english(part) for part in word.split("-"))


@functools.lru_cache(maxsize=4096)
def _english(part: str) -> bool:
    """A function word, a word too long to be an abbreviation, or one the dictionary knows
    (CC-CEDICT through bitext.qa.lexicon: "covid", "brca" and "engl" it does not)."""
    return part in STOPWORDS or len(part) > _ABBREVIATION_MAX_LETTERS or bool(renderings(part))


def _masked_target(ctx: PairContext) -> str:
    """Folded target with allowed Latin blanked: glossary terms, source acronyms, bracketed glosses."""
    chars = list(fold(ctx.tgt))
    spans = _bracketed(ctx.tgt)
    if ctx.terms is not None:
        spans += [(m.start, m.end) for m in (*ctx.terms.target.chosen, *ctx.terms.target.nested)]
    for acronym in ctx.src_acronyms:
        spans += [(m.start(), m.end()) for m in regex.finditer(regex.escape(fold(acronym.singular)), "".join(chars))]
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _bracketed(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    masked = fold(text)
    while True:
        found = [(m.start(), m.end()) for m in _BRACKETED.finditer(masked)]
        if not found:
            return spans
        spans += found
        for start, end in found:
            masked = masked[:start] + "\x00" * (end - start) + masked[end:]


def _latin_run(ctx: PairContext, settings: QASettings) -> list[Finding]:
    findings = []
    for run in _RUN.finditer(_masked_target(ctx)):
        words = [w for w in _WORD.finditer(run.group()) if _plain_word(w.group())]
        if len(words) < settings.untranslated_min_words:
            continue
        start, end = run.start() + words[0].start(), run.start() + words[-1].end()
        findings.append(ctx.finding(LATIN_RUN, settings, f'English left untranslated: "{ctx.tgt[start:end]}"',
                                    (tgt_span(start, end),)))
    return findings


def _comparable(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return compiled(r"[\s\p{P}]+").sub(" ", text).strip()


def _same_as_source(ctx: PairContext, settings: QASettings) -> list[Finding]:
    if _comparable(ctx.src) != _comparable(ctx.tgt):
        return []
    # Identifiers and names ("NETTER-1", "Table 2") may legitimately stay as they are (counted only
    # for a target equal to its source: a word may cost a dictionary lookup).
    if sum(_plain_word(w) for w in _WORD.findall(ctx.src)) < 2:
        return []
    return [ctx.finding(SAME_AS_SOURCE, settings, "the target is the untranslated source text",
                        (tgt_span(0, len(ctx.tgt)),))]


LATIN_RUN = Check("untranslated.latin_run", "Accuracy/Untranslated", Severity.WARNING,
                  "Run of English words left in the Chinese", _latin_run)
SAME_AS_SOURCE = Check("untranslated.same_as_source", "Accuracy/Untranslated", Severity.ERROR,
                       "Target identical to the source", _same_as_source)

CHECKS = (SAME_AS_SOURCE, LATIN_RUN)
