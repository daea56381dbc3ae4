"""Negation and limitation cues in English and Chinese, for comparing the polarity of a pair.

A cue is *strong* when it states a negation or limitation that a translation must keep in some
form: EN not, n't, no, never, without, rarely, fail to, unable, yet to; ZH 不, 没有, 未, 无, 无法,
很少, 尚未, 并非. An English word negative by its affix (unknown, uncommon, non-invasive,
painless, symptom-free, irreversible) is strong too, and marked *affixed*.

A cue is *weak* when the word carries polarity lexically, so that the other language may render
it with or without a negation word: EN rare, few, less, avoid, refuse, negative, rather than, no
more than, hard to, remains to be, spared; ZH 罕见, 避免, 缺乏, 无症状, 未知, 不足, 直到…才, 除…外, and
不 + adjective words (不稳定 volatile, 不必要 non-essential, 不清楚 unclear), 不错 (good, "not bad"), 没问题
(fine, "no problem") and the rhetorical 岂不 (surely, "is it not"). A negation in a
"before" clause is expletive in both languages (before therapies are not yet developed; 在病毒
未进入人体之前) and weak too. A weak cue answers a strong cue
on the other side but never needs an answer itself. A Chinese *lexical* cue is a weak cue whose
English is usually a plain word (不良 adverse, 不适 discomfort, 无创 non-invasive, 非X, 不超过 at
most): it answers only an affixed English word, never a "not".

Words that look negative and are not are skipped: ZH 不同, 不断, 不仅, 不少, 无论, 非常, 非洲,
未来, 是否, 否则, 特别, chengyu (居高不下), A-not-A questions (有没有, 是不是), double negation
(不得不, 不能不), idioms whose negation makes a positive (无一幸免 none spared = all hit, 离不开
depend on); EN "not only", "whether or not", "No. 5", "a few". A litotes ("not uncommon"
= 并不少见 or 很常见) is one weak cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import regex

from bitext.patterns import compiled

STRONG, WEAK, NEUTRAL = "strong", "weak", "neutral"
AFFIXED = "affixed"  # EN: a strong cue made by a negative affix (unknown, painless, non-invasive)
LEXICAL = "lexical"  # ZH: a weak cue that answers only an affixed English word (不良, 无创, 非X)


@dataclass(frozen=True)
class Cue:
    """A negation cue in a sentence: its span and how strongly it must be answered."""

    start: int
    end: int
    text: str
    strong: bool  # must be answered by a cue on the other side
    lexical: bool = False  # negative by its affix (EN unknown) or a lexical antonym (ZH 不良, 无创)

    def answers(self, other: Cue) -> bool:
        """Whether this cue can stand for ``other``, a strong cue of the other language."""
        return self.strong or not self.lexical or other.lexical


# ---------------------------------------------------------------- English

_EN_STRONG_WORDS = frozenset("""
not no never none nor neither nobody nothing nowhere cannot without rarely seldom hardly barely
scarcely unable unlikely lack lacks lacked lacking absence impossible impossibility inability
insufficient insufficiency inadequate inadequately incomplete incompletely inconsistent
inconclusive ineffective ineffectiveness inappropriate inappropriately inaccurate incapable
incorrect incorrectly incurable ineligible infertile infertility insignificant instability inequality inequalities
asymmetric asymmetry
intolerance intolerant invalid involuntary irregular irregularly irreversible irrelevant improper
improperly impractical illegal illegally invisible infrequent infrequently asymptomatic atypical
""".split())
# Words whose negation Chinese often renders lexically (罕见, 阴性, 拒绝, 避免, 异常, 受损) or not
# at all, and places and exceptions it often says with one (outside of 不在, except 除…外,
# exclude and rule out 排除): they answer a Chinese negation but are not required to have one.
_EN_WEAK_WORDS = frozenset("""
rare rarity few little less lesser deny denies denied denying denial refuse refuses refused refusing
refusal avoid avoids avoided avoiding avoidance negative negatives absent missing scarce shortage
paucity dearth unless suboptimal prohibit prohibits prohibited prohibiting prohibition forbid
forbids forbidden ban bans banned inactive inactivity inactivated impaired impairment imbalance
immobile immobility immobilization incapacity indefinitely insecure inconvenient inconvenience
abnormal abnormally abnormality abnormalities disagree disagrees disagreed dislike discomfort
disability disabilities disabled discontinue discontinued discontinuation afebrile aseptic avascular
anuria unusual unusually unfortunately unemployed unemployment unexpected unexpectedly unveil
unveiled unravel unrest unprecedented careless wireless countless unlike spare spared
except excluding exclude excludes excluded
""".split())
# Reported, diagnosed, treated too little: Chinese often says 未报告, 未确诊, 未充分治疗.
_UNDER = ("underreport", "under-report", "underdiagnos", "under-diagnos", "undertreat", "under-treat")
# un- words that are not negations.
_UN_NOT_NEGATION = compiled(
    r"un(?:i(?:t|q|on|vers|form|f|lat|cell|so|dir|mod|vari|sex)|der|til|less|cles?$|ion|ani)", regex.I)

# A word: letters joined by an apostrophe or hyphen (don't, n't in tokenised text, symptom-free).
_EN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*|n['’]t\b")
_COMPARATIVES = "more less fewer later earlier greater higher lower sooner".split()
# Phrases by their first word: the words that follow (``*`` = any one word) and the kind.
_EN_PHRASES: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _words, _kind in [
    (("not", "only"), NEUTRAL), (("not", "just"), NEUTRAL), (("not", "merely"), NEUTRAL),
    (("whether", "or", "not"), NEUTRAL), (("none", "the", "less"), NEUTRAL),
    (("or", "not"), WEAK), (("if", "not"), WEAK), (("or", "no"), WEAK), (("with", "or", "without"), STRONG),
    *[((neg, comparative, "than"), WEAK) for neg in ("no", "not") for comparative in _COMPARATIVES],
    (("rather", "than"), WEAK), (("instead", "of"), WEAK), (("free", "of"), WEAK), (("free", "from"), WEAK),
    (("freedom", "from"), WEAK), (("not", "until"), WEAK), (("not", "to", "mention"), WEAK),
    (("no", "doubt"), WEAK), (("too", "*", "to"), WEAK),
    (("presence", "or", "absence"), WEAK), (("absence", "or", "presence"), WEAK),
    # difficulty and open questions, which Chinese says with 难以/无法 and 尚未/尚待
    (("hard", "to"), WEAK), (("difficult", "to"), WEAK), (("struggle", "to"), WEAK), (("struggling", "to"), WEAK),
    (("having", "trouble"), WEAK), (("remains", "to", "be"), WEAK), (("remain", "to", "be"), WEAK),
    (("still", "being"), WEAK), (("under", "investigation"), WEAK), (("under", "study"), WEAK),
    (("to", "be", "determined"), WEAK),
    # "without a previous X" = before X (之前)
    (("without", "previous"), WEAK), (("without", "prior"), WEAK), (("without", "a", "previous"), WEAK),
    (("without", "a", "prior"), WEAK), (("with", "and", "without"), WEAK),
    *[((rule, "out"), WEAK) for rule in ("rule", "rules", "ruled", "ruling")],  # 排除
    (("outside", "of"), WEAK),  # 不在…: "even outside of affected areas" (but "go outside" is no cue)
    (("yet", "to"), STRONG),
    *[((fail, "to"), STRONG) for fail in ("fail", "fails", "failed", "failing", "failure")],
]:
    _EN_PHRASES.setdefault(_words[0], []).append((_words[1:], _kind))
for _options in _EN_PHRASES.values():
    _options.sort(key=lambda option: -len(option[0]))  # longest first
_NUMBER_ABBREVIATION = re.compile(r"\.\s*\d")  # "No. 5"
_NEGATIVE_PREFIX = compiled(r"(?i)(?:un|in|im|ir|il|non|dis)[a-z]")
# "before" earlier in the same clause: a negation after it may be expletive ("until" makes none:
# "said until January that the virus was not contagious" negates)
_AFTER_BEFORE = compiled(r"(?i)\bbefore\b[^,.;:!?]*$")
_EN_LITOTES_GAP = compiled(r"\s+(?:[a-z]+ly\s+)?", regex.I)


@lru_cache(maxsize=1 << 16)
def _english_kind(low: str) -> str | None:
    """The kind of a lower-cased English word (cached: the vocabulary repeats)."""
    if low.endswith(("n't", "n’t")):
        return STRONG
    if low in _EN_STRONG_WORDS:
        return AFFIXED if low.startswith(("un", "in", "im", "ir", "il", "a")) else STRONG
    head = low.split("-", 1)[0]
    if low in _EN_WEAK_WORDS or head in _EN_WEAK_WORDS or low.startswith(_UNDER):
        return WEAK  # also lesser-known, under-reported
    # Negative prefixes and suffixes: Chinese keeps them as 不/未/无/非 (unknown 未知, painless
    # 无痛, non-invasive 无创 or 非侵入性, symptom-free 无症状), mostly a weak cue of its own.
    if low.endswith("-free") or (low.endswith("free") and len(low) > 7 and low != "carefree"):
        return AFFIXED  # symptom-free, smoke-free
    if low.endswith("less") and len(low) > 6 and low not in ("nevertheless", "nonetheless", "regardless", "unless"):
        return AFFIXED  # painless, homeless, symptomless
    if head == "non" or (head.startswith("non") and len(head) > 6 and head != "nonetheless"):
        return AFFIXED  # non-invasive, nonrandomized
    if low.startswith("un") and len(low) > 5 and not _UN_NOT_NEGATION.match(low):
        return AFFIXED  # unknown, unclear, uncommon, untreated
    return None


# "with or without X": Chinese says the alternative with a negation too (伴或不伴, 联合或不联合, 有无)
# or asks whether (是否, 与否), so it is strong, and 是否 or 与否 answers it. ("presence or
# absence" stays weak: translators often leave it implicit.)
_ALTERNATIVES = frozenset({"with or without"})
_ZH_WHETHER = compiled(r"是否|与否")


def alternative_answered(cue: Cue, target: str) -> bool:
    """Whether ``cue`` is an alternative with its negation that the target renders by 是否/与否."""
    return " ".join(cue.text.lower().split()) in _ALTERNATIVES and _ZH_WHETHER.search(target) is not None


def _phrase(words: list[str], spans: list, i: int, text: str) -> tuple[int, str | None]:
    """The phrase starting at word ``i``: (index of its last word, kind), or (i, None)."""
    for rest, kind in _EN_PHRASES.get(words[i], ()):
        last = i + len(rest)
        if last < len(words) and all(
                (want == "*" or words[i + k + 1] == want)
                and text[spans[i + k].end():spans[i + k + 1].start()].isspace()
                for k, want in enumerate(rest)):
            return last, kind
    return i, None


def english_cues(text: str) -> list[Cue]:
    """Negation cues of an English sentence, in order."""
    spans = list(_EN_WORD.finditer(text))
    words = [m.group().lower() for m in spans]
    cues: list[Cue] = []
    previous_kind = None
    after = 0  # words before this index belong to a phrase already read
    for i, low in enumerate(words):
        kind = _english_kind(low)
        if i < after or (kind is None and low not in _EN_PHRASES):
            continue  # the common case: an ordinary word
        last, phrase_kind = _phrase(words, spans, i, text)
        after = last + 1
        if phrase_kind is not None:
            kind = phrase_kind
        elif low == "no" and _NUMBER_ABBREVIATION.match(text, spans[i].end()):
            continue  # "No. 5"
        elif low in ("little", "few") and i and words[i - 1] == "a":
            continue  # "a little", "a few", "quite a few" are amounts
        if kind is None or kind == NEUTRAL:
            continue
        start, end = spans[i].start(), spans[last].end()
        if kind == STRONG and _AFTER_BEFORE.search(text, 0, start):
            kind = WEAK  # "before therapies are not yet developed": an expletive negation
        cue = Cue(start, end, text[start:end], kind != WEAK, kind == AFFIXED)
        previous = cues[-1] if cues else None
        negative_prefix = kind == AFFIXED or (kind == WEAK and _NEGATIVE_PREFIX.match(low))
        if (negative_prefix and previous is not None and previous_kind == STRONG
                and _EN_LITOTES_GAP.fullmatch(text[previous.end:cue.start])):
            # "not uncommon", "not entirely unexpected": a double negation is one weak cue
            cues[-1] = Cue(previous.start, cue.end, text[previous.start:cue.end], False)
            previous_kind = WEAK
            continue
        cues.append(cue)
        previous_kind = kind
    return cues


# ---------------------------------------------------------------- Chinese

# Words that start like a negation and carry none.
_ZH_NEUTRAL = """
不同 不断 不仅 不只 不光 不但 不少 不久 不过 不管 不论 不禁 不妨 不停 不时 不已 不止 不然 不一会 不由得
不得不 不能不 不可不 不会不 没有不 无不 不无 差不多 了不起 对不起 要不 不外乎
无论 无数 无比 无非 无线 无人机 无锡 无所谓 无所不
非常 非洲 南非 非典 莫斯科 莫德纳 莫过于 无期徒刑 必不可少 不可或缺 不可少 至少 不等 各不相同
是否 与否 能否 可否 否则 未来 并非不
淹没 埋没 出没 吞没 没收 沉没
无一幸免 未能幸免 脱不了 离不开 少不了 免不了
居高不下 层出不穷 不可思议 不言而喻 不约而同 迫不及待 不知不觉 源源不断 络绎不绝 不计其数 无处不在 无时无刻
""".split()
# Lexical compounds: a negation character inside a word whose English is often a plain or
# prefixed word (adverse, discomfort, asymptomatic, unknown, at most).
# Words with a negation character whose English is often a plain or prefixed word (adverse
# 不良, discomfort 不适, non-invasive 无创, at most 不超过): they answer only an English word that is
# negative by its affix, never a "not" or "no".
_ZH_LEXICAL = """
不良 不适 不利 不当 不佳 不孕 不育 不安 不宁 不齐 不振 不遂 不幸 不实 不满
不超过 不少于 不低于 不高于 不大于 不小于 不多于 不晚于 不迟于 不早于 不及
无菌 无创 无痛 无害 无偿 无意 无意识 无力 无辜 无奈 无能 无助 无烟 无家可归 无人 无形 无限 无机 无色 无味
无尽 无穷 未成年 未婚 未分化 失控 失能 失调 失常
非法 非正式 非劣效 非随机 非小细胞 非霍奇金 非甾体 非药物 非侵入 非典型 非特异 非传染 非营利 非政府
非必需 非住院 非重症 非酒精 非线性 非专业 非必要 非紧急 非处方 非手术 非优效
""".split()
# Words and phrasings that render a negation lexically (无症状 = without symptoms, 未知 = not
# known, 避免 = avoid/not to, 直到…才 = not until): they answer any negation.
_ZH_WEAK = """
不合格 不卫生 不敏感 不均 不透明 不畅 不到 不可避免 不容忽视 非 不足 不全 不明 不充分 不完全 不够 不一 有无 不退
无症状 无效 无关 无病 无进展 无复发 无事件 无转移 无疑
毫无疑问 未知 否认 否定 否决 罕见 少见 鲜见 难以 很难 缺失 缺乏 缺少 排除 避免 拒绝 禁止 严禁 禁 失败 忽视
忽略 除非 而非 有待 尚待 仍待 还待 也待
不稳定 不确定 不规则 不规律 不健康 不正常 不必要 不一致 不对称 不平衡 不平等 不寻常 不明确 不清楚 不合理
不公平 不完整 不准确 不正确 不恰当 不可靠 不活跃 无所作为 没问题 没什么问题 不错 岂不 何尝不 何不
""".split()
_ZH_STRONG = """
不 没有 没 未 无 不明显 不适用 不适合 不适宜 不适当 不安全 不满足 不实施 不实行 不齐全 并非 绝非 决非 勿 切莫 莫要
不仅限 不限于 很少 极少 甚少 鲜有 鲜少 无法 无需 无须
""".split()

_ZH_KIND = {**{w: STRONG for w in _ZH_STRONG}, **{w: WEAK for w in _ZH_WEAK}, **{w: LEXICAL for w in _ZH_LEXICAL},
            **{w: NEUTRAL for w in _ZH_NEUTRAL}}
# The words between 直到…才 and 除…外, within one clause and bounded (the longest seen in real
# translations is 42), so that a long text full of 除 or 直到 is not rescanned from each one.
_CUE_GAP = r"[^。；！？]{0,60}?"
_ZH_TOKEN = compiled(
    # A-not-A: 有没有, 是不是
    r"([是有会能要可好对行用想需应该去来知认喜愿敢肯懂记吃喝听看说做疼痛累冷热难觉够容])[不没]\1"
    # imperative 别: 请别, 别担心
    r"|(?:(?<![\p{Han}])|(?<=[请千万您你就可也都还]))别(?![人的名称处样])"
    r"|(?<![\p{Han}])否(?![\p{Han}])"  # a bare 否 (an answer, a table cell)
    r"|(?:尚未|还未|还没有|没有|未)[^。；！？，,]{0,30}?[之以]前(?!的)"  # 在…未…之前: "before", no negation
    rf"|直[到至]{_CUE_GAP}才|无\p{{Han}}{{1,6}}?生存|(?:除了|(?<![切清去排删消剔摘免解拆根扣铲祛])除){_CUE_GAP}[以之]?外"
    # "not until" = 直到…才; "but no X" = 除X之外
    r"|" + "|".join(sorted(_ZH_KIND, key=lambda w: (-len(w), w)))
)


# Adverbs that form dictionary words with a verb (还要, 就是) but still begin an A-not-A question
# (还要不要去): their word does not swallow the A.
_ADVERBS_BEFORE_A_NOT_A = frozenset("还就也都又再才")


def _a_ends_a_word(text: str, start: int) -> bool:
    """Whether the A of an A-not-A match at ``start`` is the end of the word before it (必要不要出行
    is 必要 + 不要 "don't", not the question 要不要)."""
    if start == 0 or text[start - 1] in _ADVERBS_BEFORE_A_NOT_A:
        return False
    from bitext.segment.jieba_words import compact_dictionary

    return (compact_dictionary().get(text[start - 1:start + 1]) or 0) > 0


def chinese_cues(text: str) -> list[Cue]:
    """Negation cues of a Chinese sentence, in order."""
    cues = []
    for match in _ZH_TOKEN.finditer(text):
        token = match.group()
        if match.group(1):
            if _a_ends_a_word(text, match.start()):  # 必要不要: the negation 不要
                cues.append(Cue(match.start() + 1, match.end(), token[1:], _ZH_KIND.get(token[1:], STRONG) == STRONG))
            continue  # A-not-A question
        kind = _ZH_KIND.get(token, WEAK if token[0] in "直除" or token.endswith(("生存", "之前", "以前")) else STRONG)
        if kind != NEUTRAL:
            cues.append(Cue(match.start(), match.end(), token, kind == STRONG, kind == LEXICAL))
    return cues


# ---------------------------------------------------------------- cues that translate each other


# Negative affixes and the characters Chinese renders them with: nonmajor 非严重, painless 无痛,
# symptom-free 无症状, untreated 未治疗, unstable 不稳定.
_AFFIX_CHARACTERS = (("non", "非无"), ("un", "不未无非"), ("in", "不无非"), ("im", "不无非"), ("ir", "不无非"),
                     ("il", "不非"), ("dis", "不无"))
_SUFFIX_CHARACTERS = (("less", "无"), ("free", "无"))


def _affix_rendered(chinese: Cue, english: Cue) -> bool:
    """Whether a Chinese cue renders the negative affix of an English word by the affix's
    character alone (非 for the non- of nonmajor, 无 for the -less of painless), or renders
    "without"/"no" as 无X (无症状 for "without symptoms"). A longer 非X or 无X is left to the count:
    pairing it with its word (无复发 for recurrence-free) took an answer that free renderings of
    the rest of the sentence need (freedom from … or death = 且未死亡)."""
    word, text = english.text.lower(), chinese.text
    if word in ("without", "no"):
        return len(text) > 1 and text[0] == "无" and not chinese.strong
    if not english.lexical or len(text) != 1:
        return False
    return (any(word.startswith(prefix) and text in characters for prefix, characters in _AFFIX_CHARACTERS)
            or any(word.endswith(suffix) and text in characters for suffix, characters in _SUFFIX_CHARACTERS))


# Comparatives are function words to the lexicon, and Chinese says "less/fewer than" with a
# negation (不到一小时, 不足 5 例): that cue renders them and nothing else.
_COMPARATIVE_RENDERINGS = {"less": ("不到", "不足"), "fewer": ("不到", "不足")}


@lru_cache(maxsize=4096)
def _cue_renderings(text: str) -> tuple[str, ...]:
    """Dictionary renderings of the words of an English cue, looked up once per cue text: a pair's
    cue is compared with every Chinese cue, and the same cues (not, without, avoid) recur."""
    from bitext.qa.lexicon import renderings

    words = text.lower().replace("-", " ").split()
    return tuple(r for word in words if len(word) > 2
                 for r in (*renderings(word), *_COMPARATIVE_RENDERINGS.get(word, ())))


def _renders(chinese: Cue, english: Cue) -> bool:
    """Whether the Chinese cue is a dictionary rendering of the English one (拒绝 for refusing,
    避免 for avoid, 无症状 for asymptomatic): the whole rendering, or most of a longer one; or the
    character that renders the English word's negative affix (非 for nonmajor)."""
    if _affix_rendered(chinese, english):
        return True
    text = chinese.text
    return any(r == text or (len(text) >= 2 and text in r and len(r) <= len(text) + 2)
               for r in _cue_renderings(english.text))


def translated_pairs(english: list[Cue], chinese: list[Cue]) -> tuple[set[int], set[int]]:
    """Indices of the cues of each side that are rendered by their dictionary equivalent on the
    other side, paired one to one in order. Such a pair answers itself and nothing else: in
    "refusing service" → 也不会拒绝提供服务, 拒绝 renders "refusing", so the 不 has nothing to answer it."""
    used_en: set[int] = set()
    used_zh: set[int] = set()
    for i, en_cue in enumerate(english):
        for j, zh_cue in enumerate(chinese):
            if j not in used_zh and _renders(zh_cue, en_cue):
                used_en.add(i)
                used_zh.add(j)
                break
    return used_en, used_zh
