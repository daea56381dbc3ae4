"""Numbers compared by value: a source number missing from the target, a target number from nowhere.

Digits glued after letters belong to a name (``R0``, ``CD4``, ``COVID-19``, ``IL-6``), not to a
quantity. A name only the target has (R0 added for clarity) is not an added number, and a source
name the target renders by its standard digit-free Chinese name (COVID-19 = 新冠肺炎, R0 =
基本再生数) is not a missing one. A name kept in the target has its digits there, and a changed
name (IL-6 → IL-8) still leaves the source digits missing. A number opening the target as a
list or heading marker ("6.片厂", "3、") is structure, not an added number.

A month is no quantity: a target month (3 月) must be one the source gives, by name (March) or
in a numeric date (2020-03-15, 3/15/2020), not merely a number of the same value elsewhere.
"""

from __future__ import annotations

from decimal import Decimal

from bitext.patterns import compiled
from bitext.qa.check import Check
from bitext.qa.context import PairContext, src_span, tgt_span
from bitext.qa.findings import Finding, Severity
from bitext.qa.numbers import Number, all_values, date_months, decimal_parts, found_in, named_in_chinese
from bitext.qa.settings import QASettings

# A 1 in the target is implied by English articles and "every/each/once" (每28天给药1次), but
# not in a date: 1 月 is January.
_IMPLIED = {Decimal(1)}
_MONTH = compiled(r"\s*月(?!龄)")  # 6 月龄 (6 months of age) is an age


def _name_prefix(token: str) -> str:
    letters = _LETTERS.match(token)
    return letters.group() if letters else ""


_LETTERS = compiled(r"[a-z]*")


def _changed_name(token: str, source_tokens: set[str], source_prefixes: set[str]) -> bool:
    """A target name that is a source name with other digits (IL-6 → IL-8, COVID-19 → COVID-16)."""
    return token not in source_tokens and _name_prefix(token) in source_prefixes


# "6." or "3、" opening a segment numbers a heading or list item: structure, not a quantity.
_ENUMERATOR = compiled(r"\s*\d{1,2}[.．、)）](?![\d.．])")


def _unexplained_target_numbers(ctx: PairContext):
    source_values = all_values(ctx.src_numbers).union(*(decimal_parts(n) for n in ctx.src_numbers))
    source_tokens = {n.token for n in ctx.src_numbers if n.token}
    source_prefixes = {_name_prefix(t) for t in source_tokens}
    enumerator = _ENUMERATOR.match(ctx.tgt)
    return [n for n in ctx.tgt_numbers
            if n.kind == "digits" and not n.values & source_values
            and not (enumerator and n.end <= enumerator.end())
            and (not n.values <= _IMPLIED or _MONTH.match(ctx.tgt, n.end))
            and (not n.token or _changed_name(n.token, source_tokens, source_prefixes))]


def _named_in_chinese(token: str, ctx: PairContext) -> bool:
    """The source name is rendered by its Chinese name and not kept (in any form) in the target."""
    if not named_in_chinese(token, ctx.tgt):
        return False
    prefix = _name_prefix(token)
    return not any(n.token and _name_prefix(n.token) == prefix for n in ctx.tgt_numbers)


# With this many source numbers missing the pair is probably not a translation of its source
# (misalignment, rewritten sentence): one finding says so instead of one per number.
_GROUP_FROM = 3


def _missing_numbers(ctx: PairContext) -> list[Number]:
    target_values = all_values(ctx.tgt_numbers)
    missing: list[Number] = []
    reported: set[Decimal] = set()
    for number in ctx.src_numbers:
        if number.soft or found_in(number, target_values) or number.values & reported:
            continue
        if number.token and _named_in_chinese(number.token, ctx):
            continue
        reported |= number.values
        missing.append(number)
    return missing


def _source_months(ctx: PairContext) -> tuple[set[Decimal], str]:
    """The months the source gives — by name, and by number in a numeric date — and how to
    name them in a message; no months when the source names none (then a target month that is
    not a source number is already a numbers.mismatch)."""
    names = [n for n in ctx.src_numbers if n.kind == "month"]
    if not names:
        return set(), ""
    dates = date_months(ctx.src)
    months = {v for n in names for v in n.values}.union(*(m for _, m in dates))
    return months, ", ".join(dict.fromkeys([n.text for n in names] + [d for d, _ in dates]))


def _changed_months(ctx: PairContext, source: set[Decimal]) -> list[Number]:
    """Target months (3 月, 三月) that are none of the months the source gives: a month number is
    no quantity, so a day or count of the same value elsewhere must not explain it."""
    if not source:
        return []
    return [n for n in ctx.tgt_numbers
            if n.kind in ("digits", "chinese") and _MONTH.match(ctx.tgt, n.end) and not n.values & source]


def _mismatch(ctx: PairContext, settings: QASettings) -> list[Finding]:
    source, months = _source_months(ctx)
    findings = [ctx.finding(MISMATCH, settings,
                            f"the month {n.text} 月 in the target is not one the source names ({months})",
                            (tgt_span(n.start, n.end),)) for n in _changed_months(ctx, source)]
    return findings + _missing_findings(ctx, settings)


def _missing_findings(ctx: PairContext, settings: QASettings) -> list[Finding]:
    missing = _missing_numbers(ctx)
    unexplained = _unexplained_target_numbers(ctx)
    if len(missing) >= _GROUP_FROM:
        listed = ", ".join(n.text for n in missing)
        spans = [src_span(n.start, n.end) for n in missing] + [tgt_span(n.start, n.end) for n in unexplained]
        return [ctx.finding(MISMATCH, settings, f"{len(missing)} source numbers are not in the target ({listed})"
                            + (f"; the target has {', '.join(n.text for n in unexplained)}" if unexplained else ""),
                            tuple(spans))]
    findings = []
    for number in missing:
        spans = [src_span(number.start, number.end)]
        message = f"{number.text} in the source is not in the target"
        if unexplained:
            candidate = unexplained[0]
            message += f" (the target has {candidate.text})"
            spans.append(tgt_span(candidate.start, candidate.end))
        findings.append(ctx.finding(MISMATCH, settings, message, tuple(spans)))
    return findings


def _extra(ctx: PairContext, settings: QASettings) -> list[Finding]:
    if _missing_numbers(ctx):
        return []  # a target number standing in for a missing source number: numbers.mismatch says it
    findings: list[Finding] = []
    reported: set[Decimal] = set()
    for number in _unexplained_target_numbers(ctx):
        if number.values & reported:
            continue
        reported |= number.values
        findings.append(ctx.finding(EXTRA, settings, f"{number.text} in the target has no counterpart in the source",
                                    (tgt_span(number.start, number.end),)))
    return findings


MISMATCH = Check("numbers.mismatch", "Accuracy/Mistranslation", Severity.ERROR,
                 "Source number missing or changed in the target", _mismatch)
EXTRA = Check("numbers.extra", "Accuracy/Addition", Severity.WARNING,
              "Number in the target that the source does not have", _extra)

CHECKS = (MISMATCH, EXTRA)
