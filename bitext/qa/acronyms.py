"""Source acronyms (NET, NETs, PRRT, SPECT/CT, CgA, HbA1c) and where a target keeps them."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from bitext.glossary.normalize import fold

# A token with ≥ 2 capitals, capitals at least half of its letters; "/" joins parts (SPECT/CT).
_TOKEN = regex.compile(r"(?<![\p{L}\p{N}])[\p{L}\p{N}]+(?:/[\p{L}\p{N}]+)*(?![\p{L}\p{N}])")
_ROMAN = regex.compile(r"[IVXLC]+[a-c]?")

# All-caps words that are ordinary English (headings, shouting), not acronyms.
_NOT_ACRONYMS = frozenset("""
A AN AND ARE AS AT BE BUT BY FOR FROM HAS HAVE IN INTO IS IT NO NOT OF ON OR THE TO WAS WERE WITH
ABSTRACT AIM AIMS BACKGROUND CASE CONCLUSION CONCLUSIONS CONTEXT DESIGN DISCUSSION FINDINGS FUNDING
IMPORTANCE INTERPRETATION INTERVENTION INTERVENTIONS INTRODUCTION MEASUREMENTS METHOD METHODS
OBJECTIVE OBJECTIVES OUTCOMES PARTICIPANTS PATIENTS PURPOSE REPORT RESULTS SETTING SUMMARY NOTE
""".split())

# Common abbreviations of medical papers and renderings that replace them in Chinese.
BUILTIN_EXPANSIONS = {
    "CI": ("置信区间", "可信区间"),
    "HR": ("风险比", "危险比", "心率"),
    "OR": ("比值比", "优势比"),
    "RR": ("相对危险", "相对风险", "率比", "风险比"),
    "SD": ("标准差",),
    "SE": ("标准误",),
    "IQR": ("四分位",),
    "BMI": ("体重指数", "体质指数"),
    "ICU": ("重症监护", "监护病房"),
    "AE": ("不良事件",),
    "AEs": ("不良事件",),
    "SAE": ("严重不良事件",),
    "ORR": ("客观缓解率", "客观应答率"),
    "DCR": ("疾病控制率",),
    "QoL": ("生活质量",),
    "MRI": ("磁共振",),
    "ECG": ("心电图",),
    "RCT": ("随机对照试验",),
    "ITT": ("意向治疗",),
    "US": ("美国",),
    "USA": ("美国",),
    "UK": ("英国",),
    "EU": ("欧盟", "欧洲"),
    "WHO": ("世界卫生组织", "世卫组织"),
    "FDA": ("食品药品监督管理局", "食品和药物管理局", "食品药品管理局"),
    "NIH": ("国立卫生研究院",),
}


@dataclass(frozen=True)
class Acronym:
    start: int
    end: int
    text: str

    @property
    def singular(self) -> str:
        return self.text[:-1] if self.text.endswith("s") and self.text[:-1].isupper() else self.text


def looks_like_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    uppers = sum(c.isupper() for c in letters)
    return uppers >= 2 and uppers * 2 >= len(letters)


def source_acronyms(text: str) -> list[Acronym]:
    """Acronyms in an English sentence; none in an all-caps sentence (a heading or shouting)."""
    folded = fold(text)
    letters = [c for c in folded if c.isalpha() and c.isascii()]
    if len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return []
    found = []
    for m in _TOKEN.finditer(folded):
        token = m.group()
        if not looks_like_acronym(token) or token in _NOT_ACRONYMS or _ROMAN.fullmatch(token):
            continue
        found.append(Acronym(m.start(), m.end(), text[m.start():m.end()]))
    return found


def kept_in(acronym: Acronym, target: str) -> bool:
    """The acronym (singular or plural; for SPECT/CT each part) stands in the target as a word."""
    folded = fold(target)
    forms = {acronym.text, acronym.singular}
    if any(_word_in(form, folded) for form in forms):
        return True
    parts = acronym.singular.split("/")
    return len(parts) > 1 and all(_word_in(p, folded) for p in parts)


def _word_in(word: str, text: str) -> bool:
    pattern = rf"(?<![A-Za-z0-9]){regex.escape(word)}s?(?![A-Za-z0-9])"
    return regex.search(pattern, text) is not None
