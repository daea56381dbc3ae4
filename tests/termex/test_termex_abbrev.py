"""Schwartz–Hearst abbreviation definitions."""

from __future__ import annotations

import pytest

from bitext.termex.abbrev import best_long_form, find_abbreviations, is_short_form

CASES = [
    ("Patients underwent magnetic resonance imaging (MRI) of the neck.", [("MRI", "magnetic resonance imaging")]),
    ("scans by MRI (magnetic resonance imaging) were read", [("MRI", "magnetic resonance imaging")]),  # reverse
    ("magnetic resonance imaging (mri) or enhanced computed tomography (ct) (if patients had contraindications)",
     [("mri", "magnetic resonance imaging"), ("ct", "computed tomography")]),
    ("sugar-sweetened beverages (SSBs) have become a focus", [("SSBs", "sugar-sweetened beverages")]),
    ("by forced expiratory volume in 1 second [FEV1])", [("FEV1", "forced expiratory volume in 1 second")]),
    ("long-acting β-agonists (LABAs) perform well", [("LABAs", "long-acting β-agonists")]),
    ("a body-mass index (BMI; the weight in kilograms divided by the square of the height)",
     [("BMI", "body-mass index")]),
    ("also known as human herpesvirus 8 [HHV-8] and", [("HHV-8", "human herpesvirus 8")]),
    ("the 95% confidence interval [CI] was wide", [("CI", "confidence interval")]),
    ("poly (adenosine diphosphate [ADP]-ribose) polymerase", [("ADP", "adenosine diphosphate")]),
    ("stratified by tumor-node-metastasis (TNM) stage (III or IV)", [("TNM", "tumor-node-metastasis")]),
    # no definitions
    ("the median age (72 years) was higher", []),
    ("the hazard ratio (0.51) favoured induction", []),
    ("a new drug (given orally) was tested", []),
    ("activated factor X (factor Xa) inhibitors", []),  # the short form is a word of the long form
]


@pytest.mark.parametrize("text,expected", CASES)
def test_definitions(text, expected):
    assert [(a.short, a.long) for a in find_abbreviations(text)] == expected


def test_offsets_point_at_the_long_form():
    text = "We used magnetic resonance imaging (MRI) twice."
    (abbr,) = find_abbreviations(text)
    assert text[abbr.start : abbr.start + len(abbr.long)] == abbr.long
    assert text[abbr.end - 1] == ")"


@pytest.mark.parametrize("short,ok", [("MRI", True), ("a", False), ("2019", False), ("HER2", True),
                                        ("not an abbreviation here", False), ("癌症", False), ("-x", False)])
def test_short_form_shape(short, ok):
    assert is_short_form(short) is ok


def test_first_letter_must_start_a_word():
    # the C of "CT" must begin a word: "tomography" alone does not spell it
    assert best_long_form("CT", "tomography") is None
    assert best_long_form("CT", "computed tomography") == "computed tomography"
    # shortest match: extra leading words are not part of the long form
    assert best_long_form("HPV", "with high-risk human papillomavirus") == "human papillomavirus"


def test_long_form_does_not_start_with_a_function_word():
    found = find_abbreviations("the Organization of the Petroleum Exporting Countries (OPEC) met")
    assert [(a.short, a.long) for a in found] == [("OPEC", "Organization of the Petroleum Exporting Countries")]
    found = find_abbreviations("the Department of Health (DOH) said")
    assert [(a.short, a.long) for a in found] == [("DOH", "Department of Health")]
