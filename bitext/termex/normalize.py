"""Keys and tokens shared by the term extractors.

``term_key`` (bitext.glossary.normalize) is the comparison key of terms; ``en_group_key``
adds English singular/plural grouping to it.
"""

from __future__ import annotations

import unicodedata

import regex

from bitext.glossary.normalize import term_key

_UNIT_SEPARATOR = regex.compile(r"[\s\-/]+")


_SPACE_BY_HAN = regex.compile(r"(?<=[\p{Han}\u3000-\u303f\uff08\uff09]) +(?=\S)"
                              r"|(?<=\S) +(?=[\p{Han}\u3000-\u303f\uff08\uff09])")


def compact_chinese(text: str) -> str:
    """Chinese text without the spaces some translators put between Han characters and Latin
    letters or digits (``ACE2 受体``, ``2019 冠状病毒病``): one spelling of every term, so that a
    term, its frequency and its examples are found whatever the house style."""
    return _SPACE_BY_HAN.sub("", text)


# English words: letters (any script's letters, so β-agonist stays one word), digits,
# and inner hyphens, apostrophes, slashes, plus signs and dots (u.s., 5-fluorouracil).
EN_TOKEN = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}]|['’\-+/.](?=[\p{L}\p{N}])|\+)*")


def en_words(text: str) -> list[str]:
    return EN_TOKEN.findall(text)


def singular(word: str) -> str:
    """A light English singular for grouping (tumors → tumor, therapies → therapy)."""
    w = word
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "sis", "'s")):
        return w[:-1]
    return w


def en_group_key(term: str) -> str:
    """Key that puts singular and plural forms of an English term together (the same key
    the co-occurrence counts use: lower-cased words, last word singular)."""
    words = [w.lower() for w in EN_TOKEN.findall(unicodedata.normalize("NFKC", term))]
    if not words:
        return term_key(term)
    return " ".join([*words[:-1], singular(words[-1])])


def plural_forms(key: str) -> list[str]:
    """Surface forms an ``en_group_key`` may stand for (the key itself first)."""
    head, sep, last = key.rpartition(" ")
    forms = [key, f"{head}{sep}{last}s", f"{head}{sep}{last}es"]
    if last.endswith("y"):
        forms.append(f"{head}{sep}{last[:-1]}ies")
    return forms


_SUFFIXED = regex.compile(r"^(.{3,}?)(ing|ed)$")


def inflected_keys(key: str) -> list[str]:
    """Other verb forms of an ``en_group_key`` whose last word is a verb or its gerund or
    participle (cough / coughing, sneeze / sneezing, touch / touched): the base form, the -ing
    and the -ed forms, spelled with the usual e-drop and doubled consonant. Not every one is
    an English word; callers keep those the corpus has."""
    head, sep, last = key.rpartition(" ")
    m = _SUFFIXED.match(last)
    if m:
        stem = m.group(1)
        bases = [stem, stem + "e"]
        if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
            bases.append(stem[:-1])  # stopping → stop
    else:
        bases = [last]
    forms = []
    for base in bases:
        stem = base[:-1] if base.endswith("e") else base
        forms += [base, stem + "ing", stem + "ed"]
    return [f"{head}{sep}{f}" for f in dict.fromkeys(forms) if f != last]


_QUANTITY = regex.compile(r"[数多几若干两一二三四五六七八九十百千万\d]+[名个例位项种次件只组批]")


def quantity_word(token: str) -> bool:
    """A numeral and a classifier in one token (数名 several, 多例 many cases, 两项 two): a
    quantity phrase, which never starts a term (数名中共 is 中共)."""
    return _QUANTITY.fullmatch(token) is not None


def display_units(text: str) -> int:
    """Rough count of content units in an English term: words split at spaces and hyphens."""
    parts = [p for p in _UNIT_SEPARATOR.split(text.lower()) if p]
    small = {"of", "in", "for", "and", "the", "to", "with", "on", "by", "a", "an", "or", "from"}
    return max(1, sum(1 for p in parts if p not in small))
