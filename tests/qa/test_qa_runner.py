"""Registry, settings, ordering and fingerprints of run_checks."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from qa_helpers import checks_of, pair

from bitext.core import Alignment, Bead, Document
from bitext.errors import ConfigError, InputError
from bitext.qa import CHECKS, FAMILIES, CheckSetting, QASettings, Severity, fingerprint, robust_z, run_checks


def test_registry_entries():
    assert len(CHECKS) >= 20
    for check_id, check in CHECKS.items():
        assert check_id == check.id and check.family in FAMILIES
        assert check.title and check.mqm and isinstance(check.severity, Severity) and callable(check.run)
    assert {c.family for c in CHECKS.values()} == set(FAMILIES)
    assert not CHECKS["style.length_ratio"].default_enabled


BAD = pair("Octreotide 78 mg was given.", "给予奥曲太87 mg ,患者。")


def test_settings_disable_and_override():
    glossary_free = checks_of(run_checks([BAD]))
    assert {"numbers.mismatch", "punctuation.halfwidth_in_cjk"} <= glossary_free
    off = QASettings(checks={"punctuation": CheckSetting(enabled=False),
                             "numbers.mismatch": CheckSetting(severity="info")})
    findings = run_checks([BAD], settings=off)
    assert not any(f.check.startswith("punctuation.") for f in findings)
    assert {f.severity for f in findings if f.check == "numbers.mismatch"} == {Severity.INFO}
    # an id entry wins over its family's
    one_on = QASettings(checks={"punctuation": CheckSetting(enabled=False),
                                "punctuation.halfwidth_in_cjk": CheckSetting(enabled=True)})
    assert {f.check for f in run_checks([BAD], settings=one_on) if f.check.startswith("punctuation.")} == {
        "punctuation.halfwidth_in_cjk"}


@pytest.mark.parametrize("bad", [
    QASettings(checks={"numbers.nonsense": CheckSetting(enabled=False)}),
    QASettings(checks={"numbers": CheckSetting(severity="fatal")}),
    QASettings(length_ratio_band=(3.0, 1.0)),
])
def test_invalid_settings(bad):
    with pytest.raises(ConfigError):
        run_checks([BAD], settings=bad)


def test_similarities_must_fit_the_beads():
    with pytest.raises(InputError, match="1 similarities for 1 beads|2 similarities for 1 beads"):
        run_checks([BAD], similarities=[[0.5, 0.6]])


def test_findings_sorted_by_document_then_position():
    docs = [pair("Given 5 mg.", "给予6 mg,好。", "z-doc"), pair("Given 7 mg.", "给予8 mg,好。", "a-doc")]
    findings = run_checks(docs)
    assert [f.document for f in findings] == sorted((f.document for f in findings), key=["z-doc", "a-doc"].index)
    positions = [(f.document, f.bead, f.spans[0].start if f.spans else -1) for f in findings]
    assert positions == sorted(positions, key=lambda p: (["z-doc", "a-doc"].index(p[0]), p[1], p[2]))


def test_identical_findings_get_distinct_fingerprints():
    findings = [f for f in run_checks([pair("x", "甲,乙,丙。")]) if f.check == "punctuation.halfwidth_in_cjk"]
    assert len(findings) == 2 and len({f.fingerprint for f in findings}) == 2


def test_fingerprint_depends_on_content_not_position():
    a = fingerprint("numbers.mismatch", "doc", "Given  78 mg.", "src:78")
    assert a == fingerprint("numbers.mismatch", "doc", "Given 78 mg.", "src:78")  # whitespace normalised
    assert a != fingerprint("numbers.mismatch", "doc2", "Given 78 mg.", "src:78")
    assert a != fingerprint("numbers.extra", "doc", "Given 78 mg.", "src:78")


SENTENCES = st.lists(st.tuples(st.sampled_from(["Given 5 mg.", "PRRT was used.", "Octreotide helped.", "Fine."]),
                               st.sampled_from(["给予6 mg。", "使用了该疗法。", "奥曲太有效,好。", "好。"])),
                     min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(pairs=SENTENCES, extra=st.tuples(st.text(max_size=30), st.text(max_size=30)), where=st.integers(0, 6))
def test_fingerprints_stable_under_unrelated_edits(pairs, extra, where):
    def alignment(items):
        doc = Document("doc", [s for s, _ in items], [t for _, t in items])
        return Alignment(doc, [Bead((i,), (i,)) for i in range(len(items))])

    at = min(where, len(pairs))
    # a sentence put between a short line and its copy right before it is no unrelated edit: it
    # takes away the evidence of addition.repeated_target (a line pasted twice in a row)
    assume(not (0 < at < len(pairs) and " ".join(pairs[at - 1][1].split()) == " ".join(pairs[at][1].split())
                and pairs[at][1].strip()))
    before = run_checks([alignment(pairs)])
    edited = list(pairs)
    edited.insert(at, extra)
    after = run_checks([alignment(edited)])
    after_prints = {f.fingerprint for f in after}
    # every finding of the original pairs survives with the same fingerprint, although its
    # sentence indices changed
    assert {f.fingerprint for f in before} <= after_prints


def test_robust_z():
    z, median = robust_z([1.0, 1.1, 0.9, 1.0, None, 0.2, 1.05, 0.95, 1.0], minimum=8)
    assert median == pytest.approx(1.0) and z[4] is None and z[5] < -5
    assert robust_z([1.0, 0.5], minimum=8) == ([None, None], None)
