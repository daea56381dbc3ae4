"""A 40-document corpus made from the bundled seed abstract, with translation choices that vary
between documents, so that the corpus-level consistency checks have something to report."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpora" / "seed"
GLOSSARY = ROOT / "corpora" / "glossary" / "net_prrt.tsv"


def seed_sentences() -> tuple[list[str], list[str]]:
    from bitext.segment import split_sentences

    en = split_sentences((SEED / "cutaneous-net-prrt.en.txt").read_text(encoding="utf-8"), "en")
    zh = split_sentences((SEED / "cutaneous-net-prrt.zh.txt").read_text(encoding="utf-8"), "zh")
    return en, zh


def write_corpus(path: Path, documents: int = 40) -> Path:
    """Document k: 4 to 8 consecutive seed sentence pairs from sentence k (wrapping round); every
    fourth renders "PRRT" another way and every fifth "NET" another way (the minority renderings
    the consistency checks report), every third drops a sentence of the Chinese (an omission)."""
    en, zh = seed_sentences()
    lines = []
    for k in range(documents):
        picks = [(k + j) % len(en) for j in range(4 + k % 5)]
        src = [en[i] for i in picks]
        tgt = [zh[i] for i in picks]
        if k % 4 == 1:
            tgt = [t.replace("肽受体放射性核素治疗", "肽受体放射性核素疗法") for t in tgt]
        if k % 5 == 2:
            tgt = [t.replace("神经内分泌瘤", "神经内分泌肿瘤") for t in tgt]
        if k % 3 == 0 and len(tgt) > 4:
            del tgt[2]
        lines.append(json.dumps({"id": f"doc-{k:03d}", "en": " ".join(src), "zh": "".join(tgt)}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# Pieces of synthetic abstract sentences (English, Chinese), combined so that no two sentences agree.
CONDITIONS = [("type 2 diabetes", "2型糖尿病"), ("heart failure", "心力衰竭"), ("chronic kidney disease", "慢性肾病"),
              ("asthma", "哮喘"), ("rheumatoid arthritis", "类风湿关节炎"), ("hepatitis B", "乙型肝炎"),
              ("major depression", "重度抑郁症"), ("atrial fibrillation", "心房颤动")]
TREATMENTS = [("metformin", "二甲双胍"), ("a beta blocker", "β受体阻滞剂"),
              ("inhaled corticosteroids", "吸入性糖皮质激素"), ("methotrexate", "甲氨蝶呤"), ("tenofovir", "替诺福韦"),
              ("cognitive behavioural therapy", "认知行为疗法"), ("anticoagulation", "抗凝治疗")]
OUTCOMES = [("mortality", "死亡率"), ("hospital admission", "住院率"), ("quality of life", "生活质量"),
            ("symptom scores", "症状评分"), ("adverse events", "不良事件")]
TEMPLATES = [
    ("We enrolled {n} patients with {c} at {s} centres between {y} and {y2}.",
     "我们于{y}年至{y2}年在{s}个中心纳入了{n}例{c}患者。"),
    ("The {n} patients were randomly assigned to {t} or placebo for {w} weeks.",
     "{n}例患者被随机分配接受{t}或安慰剂治疗，为期{w}周。"),
    ("The primary outcome was {o} at {w} weeks in {s} centres.", "主要结局为{s}个中心第{w}周时的{o}。"),
    ("{t} reduced {o} by {p} percent compared with usual care (95% CI, {lo} to {hi}).",
     "与常规治疗相比，{t}使{o}降低了{p}%（95% CI，{lo}至{hi}）。"),
    ("Among the {n} participants, {m} completed follow-up.", "在{n}名受试者中，{m}名完成了随访。"),
    ("Adverse events occurred in {m} patients and were mostly mild.", "{m}例患者发生不良事件，大多为轻度。"),
    ("In conclusion, {t} improved {o} in adults with {c}.", "总之，{t}改善了成人{c}患者的{o}。"),
    ("These findings need confirmation in a larger trial of {n} patients.",
     "这些结果需要在纳入{n}例患者的更大规模试验中得到证实。"),
]


def write_distinct_corpus(path: Path, documents: int = 40) -> Path:
    """Document k: 4 to 9 sentence pairs, each made of template k + j with numbers that no other
    sentence of the corpus has: every sentence is distinct, and the lengths vary."""
    lines = []
    for k in range(documents):
        src, tgt = [], []
        for j in range(4 + k % 6):
            en, zh = TEMPLATES[(k + j) % len(TEMPLATES)]
            c, t, o = CONDITIONS[(k + 2 * j) % len(CONDITIONS)], TREATMENTS[(3 * k + j) % len(TREATMENTS)], \
                OUTCOMES[(k + j) % len(OUTCOMES)]
            n = 100 + 37 * k + 11 * j
            values = {"n": n, "m": n - 5 - j, "s": 2 + (k + j) % 19, "y": 2001 + k % 15, "y2": 2017 + j,
                      "w": 4 + 2 * ((k * 7 + j) % 23), "p": 10 + (k * 13 + j * 3) % 60,
                      "lo": f"0.{10 + k}", "hi": f"0.{50 + j}{k % 10}"}
            src.append(en.format(c=c[0], t=t[0], o=o[0], **values))
            tgt.append(zh.format(c=c[1], t=t[1], o=o[1], **values))
        lines.append(json.dumps({"id": f"trial-{k:03d}", "en": " ".join(src), "zh": "".join(tgt)}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
