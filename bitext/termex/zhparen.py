"""Chinese parentheticals: ``中文术语（ACR）`` and ``中文术语（English term）``.

Finding the pattern is easy; the hard part is the left boundary of the Chinese term
(qa.md §6: a plain walk back to a stop token gets about half of the terms exactly,
most misses carrying a modifier such as 增强, 高危型, 小剂量, 原发性). The boundary is
chosen among jieba token boundaries of the span before the bracket by a score that
combines:

* length: the expected Chinese length of the English long form (content words, longer
  English words → more characters), as a log-normal prior;
* known words: the candidate (or its first token) is a THUOCL / CC-CEDICT / glossary word;
* modifiers: a leading modifier (增强 enhanced, 原发性 primary, 高危 high-risk …) is kept
  only when the English long form has its counterpart, and is not dropped when it has;
* corpus evidence: how often the candidate occurs in the whole Chinese corpus compared
  with the candidate extended by one more token on the left (a term that also stands
  alone elsewhere has a real left boundary).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

from bitext.termex.normalize import display_units, quantity_word

_BRACKETS = {"（": "）", "(": ")", "[": "]", "【": "】", "［": "］"}
_OPEN_RE = regex.compile(r"[（(\[【［]")
_HARD_STOP = regex.compile(r"[\p{P}\p{S}\s]")  # any punctuation or symbol ends the span
_LATIN_RUN = regex.compile(r"[\p{Latin}\p{N}]+")
# patterns compiled once (module-level regex.* calls pay a cache lookup each time: hot paths)
_HAN = regex.compile(r"\p{Han}")
_ACRONYM_CHARS = regex.compile(r"[\p{Latin}\p{N}][\p{Latin}\p{N}\-+/.]*")
_NCT_OR_NUMBER = regex.compile(r"nct\d+|[\d.]+", flags=regex.I)
_NOT_ENGLISH = regex.compile(r"\p{Han}|https?:|www\.|\d{4}")
_ENGLISH_CHARS = regex.compile(r"[\p{Latin}\p{N}\s\-'’/+.,&]+")
_SPACES = regex.compile(r"\s+")
_INNER_SEPARATOR = regex.compile(r"\s*[，,;；]\s*")
_DIGIT_OR_DASH = regex.compile(r"\d|-")
_ACRONYM_BEFORE = regex.compile(r"([\p{Latin}][\p{Latin}\p{N}\-]{1,9})\s*$")
_HAN_TERM = regex.compile(r"\p{Han}{2,16}")
_DIGITS = regex.compile(r"[\p{N}]+")
_LATIN_PIECE = regex.compile(r"[\p{Latin}\p{N}\-+]+")
_VOWELS = regex.compile(r"[aeiouy]+")
_SPACE_OR_SLASH = regex.compile(r"[\s/]+")
_SPACE_DASH_OR_SLASH = regex.compile(r"[\s\-/]+")
_NUMBER_DOT = regex.compile(r"[\p{N}.]+")
_WORD_START = regex.compile(r"[\p{Han}\p{L}\p{N}]")
_HAN_AND_LATIN = regex.compile(r"\p{Han}.*\p{Latin}|\p{Latin}.*\p{Han}")
_LATIN_GREEK_PIECE = regex.compile(r"[\p{Latin}\p{Greek}\p{N}\-]+")
_ASCII_WORD = regex.compile(r"[a-z]+")

ZH_STOP_TOKENS = frozenset("""
比较 比较了 地 得 了 着 过 或者 并 并且 而 而且 但 但是 在 于 是 为 对 对于 将 被 由 从 自 向 把 以 用
使用 采用 应用 接受 进行 包括 包含 患 患有 伴 伴有 发生 出现 有 其 该 此 这 这些 那些 这种 一种 一项 一个 各 每
所有 全部 即 称为 简称 又称 如 例如 相比 等 给予 比 至 及其 其他 通过 根据 按 按照 因 因为
所 如果 若 则 已 已经 也 都 还 又 再 曾 仍 可 可以 能 能够 会 应 应该 需要 导致 引起 提示 表明 显示 证实 发现
认为 作为 成为 属于 达到 接受了 患者 病人 受试者 参与者 称 命名 定义 定义为
不同于 相同于 类似于 高于 低于 大于 小于 多于 少于 优于 劣于 等于 相当于 有别于
虽然 尽管 因此 然而 此外 另外 同时 其中 目前 当前 本 我们 研究者 研究人员 作者 他们 它 它们 要 就 不 没有 未
""".split())

# Function words a term may contain only when the English has the counterpart
# (美国卫生和人类服务部 = Department of Health and Human Services).
SOFT_STOPS: dict[str, tuple[str, ...]] = {
    "和": ("and",), "与": ("and",), "及": ("and",), "以及": ("and",), "或": ("or",),
    "的": ("of", "for", "to", "in", "with", "from", "on", "by"),
}

# Glosses of common Chinese words that start terms: dropping one whose gloss is in the
# English term cuts the term (肿瘤|淋巴结转移 for tumor-node-metastasis).
COMMON_GLOSSES: dict[str, tuple[str, ...]] = {
    "肿瘤": ("tumor", "tumour", "neoplasm", "oncology"), "癌症": ("cancer",), "疾病": ("disease",),
    "病毒": ("virus",), "细胞": ("cell",), "受体": ("receptor",), "蛋白": ("protein",), "抗体": ("antibody",),
    "综合征": ("syndrome",), "血液": ("blood",), "心脏": ("heart", "cardiac"), "肝脏": ("liver", "hepatic"),
    "肾脏": ("kidney", "renal"), "肺": ("lung", "pulmonary"), "乳腺": ("breast",), "前列腺": ("prostate",),
    "人": ("human",), "人类": ("human",), "生长": ("growth",), "因子": ("factor",), "抑制剂": ("inhibitor",),
}

# Bound morphemes that never start a term.
ZH_NO_START = frozenset("性 型 部 期 级 类 组 率 者 化 剂 度 量 症 病 炎 癌 瘤 物 素 酶 法 术 "
                        "后 前 中 内 外 间 上 下 时 例 名 次 个".split())

# Chinese modifiers and the English words that translate them: a leading modifier is
# part of the term only when the English term has the counterpart.
MODIFIERS: dict[str, tuple[str, ...]] = {
    "增强": ("enhanced", "contrast-enhanced"), "高危": ("high-risk", "high"), "高危型": ("high-risk", "high"),
    "低危": ("low-risk",), "小剂量": ("low-dose", "low"), "低剂量": ("low-dose", "low"),
    "大剂量": ("high-dose",), "高剂量": ("high-dose",), "原发性": ("primary",), "原发": ("primary",),
    "继发性": ("secondary",), "晚期": ("advanced", "late"), "早期": ("early",), "急性": ("acute",),
    "慢性": ("chronic",), "重度": ("severe",), "严重": ("severe", "serious"), "轻度": ("mild",),
    "中度": ("moderate",), "复发性": ("recurrent", "relapsed"), "转移性": ("metastatic",),
    "局部": ("local", "locally", "locoregional"), "局部区域": ("locoregional", "locoregionally"),
    "总": ("total", "overall"), "平均": ("mean", "average"), "中位": ("median",), "主要": ("primary", "major", "main"),
    "次要": ("secondary",), "新": ("new", "novel"), "新诊断": ("newly",), "双侧": ("bilateral",),
    "单侧": ("unilateral",), "口服": ("oral", "orally"), "静脉": ("intravenous", "venous"), "长期": ("long-term",),
    "短期": ("short-term",), "既往": ("previous", "prior"), "改善": ("improve", "improved"),
    "标准": ("standard",), "常规": ("conventional", "routine"), "有症状的": ("symptomatic",),
    "无症状的": ("asymptomatic",), "经典": ("classic", "classical"), "侵袭性": ("aggressive", "invasive"),
    "浸润性": ("invasive",), "遗传性": ("hereditary",), "家族性": ("familial",), "成人": ("adult", "adults"),
    "儿童": ("children", "child", "pediatric", "childhood"), "首次": ("first",), "初始": ("initial",),
    "一线": ("first-line",), "二线": ("second-line",), "全身性": ("systemic",), "全身": ("systemic",),
    "吸入型": ("inhaled",), "吸入": ("inhaled",), "联合": ("combined", "combination"), "辅助": ("adjuvant",),
    "新辅助": ("neoadjuvant",), "随机": ("randomized", "random"), "对照": ("controlled",),
    "长效": ("long-acting",), "短效": ("short-acting",), "国际": ("international",), "全球": ("global",),
    "欧洲": ("european",), "中国": ("chinese", "china"), "美国": ("american", "u.s.", "us"),
    "国立": ("national",), "国家": ("national",),
    # generic heads that often precede a term in running text (治疗人表皮生长因子受体2)
    "治疗": ("therapy", "treatment", "treated", "therapeutic"), "研究": ("research", "study", "studies"),
    "分析": ("analysis", "analyses"), "评估": ("assessment", "evaluation"), "诊断": ("diagnosis", "diagnostic"),
    "检测": ("test", "testing", "detection", "assay"), "检查": ("examination",), "表达": ("expression", "express"),
    "编码": ("encoding", "encoded", "encode"), "化疗": ("chemotherapy",),
}
# Modifiers a translator often adds with no English counterpart (美国国立癌症研究所 for the
# National Cancer Institute): kept when present, never penalised for being there.
MODIFIERS_OPTIONAL = frozenset({"美国", "中国", "欧洲", "全球"})


@dataclass
class ParenHit:
    """One Chinese parenthetical: the tokens of the span before it and what is inside."""

    kind: str                   # "acronym" or "english"
    inner: str                  # acronym, or English term, as written
    acronym: str | None         # the acronym (also for "english term, ACR")
    english: str | None         # the English term inside the brackets, if any
    tokens: tuple[str, ...]     # jieba tokens of the candidate span, left to right
    titled: str | None = None   # content of 《…》 right before the bracket (a title: taken whole)


def _acronym_like(text: str) -> bool:
    t = text.strip()
    if not 2 <= len(t) <= 12 or " " in t.strip():
        return False
    if not _ACRONYM_CHARS.fullmatch(t):
        return False
    letters = sum(1 for c in t if c.isalpha())
    return letters >= 1 and not _NCT_OR_NUMBER.fullmatch(t)


def _english_like(text: str) -> bool:
    t = text.strip()
    if not 3 <= len(t) <= 100 or _NOT_ENGLISH.search(t):
        return False
    words = t.split()
    if len(words) > 10 or not _ENGLISH_CHARS.fullmatch(t):
        return False
    digits = sum(c.isdigit() for c in t)
    return digits <= len(t) * 0.25 and sum(c.isalpha() for c in t) >= 3


def classify_inner(inner: str) -> tuple[str, str | None, str | None] | None:
    """("acronym"|"english", acronym, english) for the text inside a bracket, or None."""
    inner = _SPACES.sub(" ", inner).strip()
    parts = _INNER_SEPARATOR.split(inner)
    if len(parts) >= 2 and _acronym_like(parts[-1]) and _english_like(" ".join(parts[:-1])):
        return "english", parts[-1], " ".join(parts[:-1])
    if _acronym_like(inner) and (len(inner) <= 6 or _DIGIT_OR_DASH.search(inner)):
        return "acronym", inner, None
    if _english_like(inner):
        return "english", None, inner
    return None


def find_parentheticals(zh: str, cut: Callable[[str], list[str]], max_chars: int = 24) -> list[ParenHit]:
    hits: list[ParenHit] = []
    for m in _OPEN_RE.finditer(zh):
        close = _BRACKETS[m.group()]
        end = zh.find(close, m.end())
        if end < 0 or end - m.end() > 120:
            continue
        inner_text = zh[m.end() : end].strip()
        kind = classify_inner(inner_text)
        if kind is None:
            # ACR（中文术语）: a Latin acronym explained by the Chinese term in brackets
            acr = _ACRONYM_BEFORE.search(zh[: m.start()])
            if acr and _HAN_TERM.fullmatch(inner_text) and _acronym_like(acr.group(1)):
                hits.append(ParenHit("acronym", acr.group(1), acr.group(1), None, (inner_text,), inner_text))
            continue
        before = zh[max(0, m.start() - 60) : m.start()].rstrip()
        titled = None
        if before.endswith("》"):
            at = before.rfind("《")
            if at >= 0 and len(before) - at - 2 >= 2:
                titled = before[at + 1 : -1]
        span = _span(before, max_chars)
        if not span and not titled:
            continue
        tokens = _merge_tokens(cut(span)) if span else []
        # stop tokens end the span (walking right to left)
        keep: list[str] = []
        for tok in reversed(tokens):
            if tok in ZH_STOP_TOKENS or quantity_word(tok):
                break
            keep.append(tok)
        keep.reverse()
        if not keep and not titled:
            continue
        hits.append(ParenHit(kind[0], zh[m.end() : end].strip(), kind[1], kind[2], tuple(keep), titled))
    return hits


def _span(before: str, max_chars: int) -> str:
    """The text right before a bracket back to the nearest punctuation or space."""
    out = []
    for ch in reversed(before):
        if _HARD_STOP.match(ch) and ch not in "-+/":
            break
        out.append(ch)
        if len(out) >= max_chars:
            break
    span = "".join(reversed(out))
    if not _HAN.search(span):
        return ""
    return span


def _merge_tokens(tokens: list[str]) -> list[str]:
    """Glue number + classifier (1 型, 3 期) and Latin runs jieba split apart."""
    out: list[str] = []
    for tok in tokens:
        tok = tok.strip()
        if not tok:
            continue
        if out and _DIGITS.fullmatch(out[-1]) and tok in {"型", "期", "级", "类", "价", "秒"}:
            out[-1] += tok
        elif out and _LATIN_PIECE.fullmatch(tok) and _LATIN_PIECE.fullmatch(out[-1]):
            out[-1] += tok
        else:
            out.append(tok)
    return out


def zh_units(term: str) -> float:
    """Length of a Chinese term in 'characters': Han characters, a Latin/digit run counts 1."""
    latin = _LATIN_RUN.findall(term)
    han = len(_HAN.findall(term))
    return han + len(latin)


def syllables(word: str) -> int:
    groups = _VOWELS.findall(word.lower())
    n = len(groups)
    if word.lower().endswith("e") and n > 1 and not word.lower().endswith(("le", "ee")):
        n -= 1
    return max(1, n)


def expected_zh_units(english: str) -> float:
    """Expected Chinese length for an English term: longer English words → more characters;
    a single word (often a transliterated drug name) also by its syllables."""
    words = [w for w in _SPACE_OR_SLASH.split(english.strip()) if w]
    if len(words) == 1 and "-" not in words[0] and len(words[0]) >= 7 and words[0].isalpha():
        return max(2.0, 0.9 * syllables(words[0]))
    total = 0.0
    small = {"of", "in", "for", "and", "the", "to", "with", "on", "by", "a", "an", "or", "from"}
    for word in _SPACE_DASH_OR_SLASH.split(english.lower()):
        if not word or word in small:
            continue
        n = len(word)
        total += 1.0 if n <= 2 else 1.5 if n <= 5 else 2.0 if n <= 9 else 3.0 if n <= 13 else 0.45 * n
    return max(total, 1.0) if display_units(english) else 1.0


@dataclass
class Boundary:
    term: str
    score: float
    scores: list[tuple[str, float]]  # every candidate with its score, best first


def _stems(words) -> set[str]:
    return {w[:5] for w in words if len(w) >= 3}


def choose_boundary(tokens: Sequence[str], english: str, freq: Callable[[str], int],
                    known: Callable[[str], bool], sigma: float = 0.35,
                    gloss: Callable[[str], Sequence[str]] | None = None) -> Boundary | None:
    """Pick the left boundary of the Chinese term among the token boundaries of ``tokens``."""
    en_words = set(_SPACE_OR_SLASH.split(english.lower()))
    en_words |= {p for w in list(en_words) for p in w.split("-")}
    en_words |= {w[:-2] for w in en_words if w.endswith("'s")} | ({"of"} if "'s" in english else set())
    expected = expected_zh_units(english)
    en_stems = _stems(w for w in en_words if w not in {"of", "in", "for", "and", "the", "to", "with"})
    scored: list[tuple[str, float]] = []
    for i in range(len(tokens)):
        first = tokens[i]
        term = "".join(tokens[i:])
        soft = [t for t in tokens[i:] if t in SOFT_STOPS]
        if any(not any(w in en_words for w in SOFT_STOPS[t]) for t in soft) or first in SOFT_STOPS:
            continue
        number_first = _NUMBER_DOT.fullmatch(first) is not None
        if number_first and first in en_words:
            pass  # 2019冠状病毒病 for "coronavirus disease 2019": the number is part of the name
        elif first in ZH_NO_START or number_first or not _WORD_START.match(first):
            continue
        if len(_HAN.findall(term)) < 2 and not _HAN_AND_LATIN.search(term):
            continue
        units = zh_units(term) - (zh_units(first) if first in MODIFIERS_OPTIONAL and i + 1 < len(tokens) else 0)
        ratio = max(units, 0.5) / expected
        s = -(math.log(ratio) ** 2) / (2 * sigma * sigma)
        if known(term):
            s += 0.6
        elif len(first) >= 2 and known(first):
            s += 0.3
        if i > 0:
            ext = "".join(tokens[i - 1 :])
            s += min(0.7, 0.6 * math.log((freq(term) + 0.5) / (freq(ext) + 0.5)))
            left = tokens[i - 1]
            if len(left) == 1 and _HAN.match(left) and left not in MODIFIERS:
                s -= 0.8  # a lone character cut off a word jieba did not know (尼|拉帕尼)
            for dropped in tokens[:i]:
                if dropped in MODIFIERS and any(w in en_words for w in MODIFIERS[dropped]):
                    s -= 1.5  # the English term has the dropped modifier
                elif (_LATIN_GREEK_PIECE.fullmatch(dropped) and dropped.lower() in english.lower()) or \
                        (_NUMBER_DOT.fullmatch(dropped) and dropped in en_words):
                    s -= 1.5  # a Latin/Greek piece the English term has (β, her2)
                elif any(w in en_words for w in COMMON_GLOSSES.get(dropped, ())):
                    s -= 1.0  # a common word whose translation is in the English term
                elif gloss and _stems(w for g in gloss(dropped) for w in _ASCII_WORD.findall(g.lower())) & en_stems:
                    s -= 1.0  # a dictionary gloss of the dropped word is in the English term
        if first in MODIFIERS_OPTIONAL and i + 1 < len(tokens):
            s += 1.0  # 美国食品药品监督管理局: the translator's country prefix belongs to the name
        elif first in MODIFIERS and not any(w in en_words for w in MODIFIERS[first]):
            s -= 1.5  # a modifier the English term does not have
        scored.append((term, s))
    if not scored:
        return None
    scored.sort(key=lambda x: -x[1])
    return Boundary(scored[0][0], scored[0][1], scored)
