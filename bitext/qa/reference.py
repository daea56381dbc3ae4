"""What each registered check finds, with an example that makes it fire: the reference behind
``bitext qa --list-checks`` and docs/checks.md.

Kept apart from the check modules, which hold the logic; a test fails when a registered check has
no entry here, and runs every example through the checks to see that it fires.

An example is one small document: its pairs in order (one source and one target sentence each;
an empty side is a sentence aligned to nothing), optionally glossary rows (TSV columns
``concept_id en_term zh_term status requirement zh_admitted_variants``) and per-pair similarities.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bitext.qa.check import Check


@dataclass(frozen=True)
class Example:
    pairs: tuple[tuple[str, str], ...]
    glossary: tuple[str, ...] = ()  # TSV rows, cells separated by tabs, in GLOSSARY_COLUMNS order
    similarities: tuple[float, ...] = ()  # one per pair, when the check reads them

    def to_dict(self) -> dict:
        out: dict = {"pairs": [{"src": s, "tgt": t} for s, t in self.pairs]}
        if self.glossary:
            out["glossary"] = [dict(zip(GLOSSARY_COLUMNS, row.split("\t"), strict=False)) for row in self.glossary]
        if self.similarities:
            out["similarities"] = list(self.similarities)
        return out


@dataclass(frozen=True)
class CheckDoc:
    finds: str  # what the check finds, in a sentence or two
    example: Example = field(default_factory=lambda: Example(()))


GLOSSARY_COLUMNS = ("concept_id", "en_term", "zh_term", "status", "requirement", "zh_admitted_variants")


def _one(src: str, tgt: str, *glossary: str) -> Example:
    return Example(((src, tgt),), tuple(glossary))


_OCTREOTIDE = "C1\toctreotide\t奥曲肽\tpreferred\tpreferred"
_PRRT = "C1\tpeptide receptor radionuclide therapy\t肽受体放射性核素治疗\tpreferred\tpreferred"
_SIMILAR = tuple(("Patients improved after treatment.", "患者治疗后好转。") for _ in range(8))

DOCS: dict[str, CheckDoc] = {
    "untranslated.same_as_source": CheckDoc(
        "A target that is the source copied unchanged (a segment left untranslated).",
        _one("Overall survival was longer.", "Overall survival was longer.")),
    "untranslated.latin_run": CheckDoc(
        "A run of ordinary lower-case English words left inside the Chinese (names, units and "
        "acronyms are not counted).",
        _one("The drug was well tolerated.", "该药物 was well tolerated。")),
    "terminology.missing": CheckDoc(
        "A source term of a mandatory glossary entry whose approved Chinese term (or an admitted "
        "variant) is not in the target.",
        _one("Patients received octreotide.", "患者接受了药物治疗。",
             "C1\toctreotide\t奥曲肽\tpreferred\tmandatory")),
    "terminology.missing_preferred": CheckDoc(
        "As terminology.missing for a preferred entry (the default requirement): the glossary "
        "recommends the term, a correct synonym is acceptable.",
        _one("Peptide receptor radionuclide therapy was given.", "患者接受了核素干预。", _PRRT)),
    "terminology.likely_synonym": CheckDoc(
        "A preferred term not used where the target most likely has a correct synonym (an entry of "
        "one ordinary English word, or a compound with the approved head word): information only.",
        _one("The pandemic spread quickly.", "疫情迅速蔓延。", "C1\tpandemic\t大流行\tpreferred\tpreferred")),
    "terminology.near_miss": CheckDoc(
        "A source term rendered by a near variant of its approved term (one character off): "
        "usually a typo or a homophone.",
        _one("Peptide receptor radionuclide therapy was given.", "给予了肽受体放射性核素疗法。", _PRRT)),
    "terminology.wrong_concept": CheckDoc(
        "The source's glossary concept has no rendering and the target has instead the approved term "
        "of another concept the source does not mention: the two terms were confused.",
        _one("Neuroendocrine carcinoma was diagnosed.", "诊断为神经内分泌瘤。",
             "C1\tneuroendocrine carcinoma\t神经内分泌癌\tpreferred\tpreferred",
             "C2\tneuroendocrine tumor\t神经内分泌瘤\tpreferred\tpreferred")),
    "terminology.unexpected_term": CheckDoc(
        "The approved term of a glossary concept that neither the pair's source nor the rest of its document "
        "mentions, where no unrendered source concept explains it: a wrong term beside the right ones.",
        _one("Patients received chemotherapy.", "患者接受了化疗和生长抑素受体显像。",
             "C1\tchemotherapy\t化疗\tpreferred\tpreferred",
             "C2\tsomatostatin receptor imaging\t生长抑素受体显像\tpreferred\tpreferred")),
    "terminology.forbidden": CheckDoc(
        "A target term the glossary marks forbidden for the source's concept.",
        _one("Patients received octreotide.", "患者接受了奥曲太治疗。", _OCTREOTIDE,
             "C1\toctreotide\t奥曲太\tforbidden\tpreferred")),
    "terminology.discouraged": CheckDoc(
        "A target term the glossary marks discouraged (deprecated) for the source's concept.",
        _one("Patients received octreotide.", "患者接受了善龙治疗。", _OCTREOTIDE,
             "C1\toctreotide\t善龙\tdiscouraged\tpreferred")),
    "terminology.keep_latin": CheckDoc(
        "A mandatory keep-latin term (a gene, a trial name) translated instead of kept in Latin script.",
        _one("The NETTER-1 trial enrolled 229 patients.", "奈特一号试验纳入了229例患者。",
             "C1\tNETTER-1\tNETTER-1\tkeep-latin\tmandatory")),
    "numbers.mismatch": CheckDoc(
        "A source number missing from the target or changed (compared by value: 28.4 = 28.4, "
        "3 million = 300万).",
        _one("Median survival was 28.4 months.", "中位生存期为24.8个月。")),
    "numbers.extra": CheckDoc(
        "A number in the target that the source does not have.",
        _one("Most patients responded.", "大多数患者（85%）有缓解。")),
    "numbers.vague_magnitude": CheckDoc(
        "An approximate amount (thousands, 数十万) whose order of magnitude changed in translation.",
        _one("The pandemic caused hundreds of thousands of deaths.", "这场大流行造成了数十亿人死亡。")),
    "acronyms.missing": CheckDoc(
        "A source acronym neither kept in the target nor rendered by its standard Chinese name, its "
        "glossary term or the expansion the source defines.",
        _one("The CTCAE grades were recorded.", "记录了分级。")),
    "acronyms.wrong_entity": CheckDoc(
        "A source acronym replaced by a different acronym (CD4 → CD8) or another body's name.",
        _one("CD4 counts fell.", "CD8计数下降。")),
    "acronyms.country_qualifier": CheckDoc(
        "A national body's Chinese name qualified by a country the source does not give it.",
        _one("The CDC issued guidance.", "德国疾控中心发布了指南。")),
    "punctuation.halfwidth_in_cjk": CheckDoc(
        "Half-width punctuation (, ; : ? ! ( ) .) next to Chinese characters, where Chinese uses "
        "full-width marks.",
        _one("Patients improved, and none died.", "患者好转,无人死亡。")),
    "punctuation.mixed_width_pair": CheckDoc(
        "A bracket pair with one full-width and one half-width bracket.",
        _one("Overall survival (OS) improved.", "总生存期（OS)改善。")),
    "punctuation.unpaired_bracket": CheckDoc(
        "A bracket or quote without its partner, beyond any imbalance the source itself has.",
        _one("Overall survival (OS) improved.", "总生存期（OS改善。")),
    "punctuation.fullwidth_alnum": CheckDoc(
        "Full-width digits or Latin letters (１２, ＯＳ), where scientific Chinese uses half-width.",
        _one("Survival was 12 months.", "生存期为１２个月。")),
    "punctuation.double_space": CheckDoc(
        "Two or more spaces in a row in the target.",
        _one("The dose was 30 mg daily.", "剂量为每天30  mg。")),
    "punctuation.space_before_punct": CheckDoc(
        "A space before Chinese (full-width) punctuation.",
        _one("Patients improved.", "患者好转 。")),
    "punctuation.space_in_cjk": CheckDoc(
        "A space between two Chinese characters.",
        _one("Patients improved.", "患者 好转。")),
    "omission.unaligned_source": CheckDoc(
        "A source sentence the aligner could pair with no target sentence: it is probably not translated.",
        Example((("Patients improved.", "患者好转。"), ("None died.", "")))),
    "addition.unaligned_target": CheckDoc(
        "A target sentence the aligner could pair with no source sentence: added, or pasted from elsewhere.",
        Example((("Patients improved.", "患者好转。"), ("", "无人死亡。")))),
    "omission.low_similarity": CheckDoc(
        "A pair whose embedding similarity is far below the rest of its document (a robust z-score "
        "under -3.5; documents of at least 8 pairs), unless the dictionary finds most of the source's "
        "words in the target.",
        Example((*_SIMILAR, ("Survival was 12 months.", "天气很好。")),
                similarities=(0.81, 0.8, 0.82, 0.79, 0.8, 0.81, 0.83, 0.8, 0.1))),
    "addition.repeated_target": CheckDoc(
        "A target sentence repeated word for word where the source does not repeat (a paste done twice).",
        Example((("Patients improved after treatment.", "患者治疗后病情明显好转。"),
                 ("None of them died during follow-up.", "患者治疗后病情明显好转。")))),
    "omission.partial": CheckDoc(
        "Part of a source sentence (a clause or phrase) missing from the target: a target shorter than "
        "the document's translations usually are, and a run of source words with no counterpart in it.",
        _one("Patients who received octreotide at a dose of 30 mg every 28 days for two years after "
             "surgery improved markedly.", "接受奥曲肽30 mg治疗的患者明显好转。")),
    "meaning.polarity": CheckDoc(
        "A negation or limitation on one side (not, rarely, without; 不, 未, 很少) that the other side does "
        "not answer: the meaning is probably reversed.",
        _one("Patients rarely need dialysis.", "患者最好需要透析。")),
    "style.number_words": CheckDoc(
        "Chinese number words (三十五) where scientific text writes digits (35).",
        _one("35 patients died.", "三十五名患者死亡。")),
    "style.length_ratio": CheckDoc(
        "A pair whose EN/ZH length ratio is outside the usual band for professional translations. "
        "Off by default.",
        _one("Patients who received octreotide for two years improved markedly after surgery.", "好。")),
    "consistency.source_term_variants": CheckDoc(
        "A glossary concept rendered several ways across the corpus; the minority renderings are "
        "reported, with the majority one as suggestion.",
        Example((("Overall survival was 12 months.", "总生存期为12个月。"),
                 ("Overall survival was 14 months.", "总生存期为14个月。"),
                 ("Overall survival was 16 months.", "总体生存期为16个月。")),
                ("C1\toverall survival\t总生存期\tpreferred\tpreferred\t总体生存期",))),
    "consistency.target_term_sources": CheckDoc(
        "One target term standing for several source concepts across the corpus (神经内分泌肿瘤 for "
        "NEN and for NET); the minority uses are reported.",
        Example((("Neuroendocrine neoplasms are rare.", "神经内分泌肿瘤罕见。"),
                 ("Neuroendocrine neoplasms grow slowly.", "神经内分泌肿瘤生长缓慢。"),
                 ("Neuroendocrine tumors are rare.", "神经内分泌肿瘤罕见。")),
                ("C1\tneuroendocrine tumor\t神经内分泌瘤\tpreferred\tpreferred",
                 "C1\tneuroendocrine tumor\t神经内分泌肿瘤\tforbidden\tpreferred",
                 "C2\tneuroendocrine neoplasm\t神经内分泌肿瘤\tpreferred\tpreferred"))),
}


def turn_off(check: Check) -> str:
    """The configuration line that turns ``check`` off (``[tool.bitext.checks]`` in pyproject.toml,
    or ``[checks]`` in bitext.toml)."""
    return f'"{check.id}" = false'


def undocumented(checks) -> list[str]:
    """Ids of registered checks without a reference entry (a test keeps this empty)."""
    return [cid for cid in checks if cid not in DOCS or not DOCS[cid].finds or not DOCS[cid].example.pairs]


def example_findings(check_id: str) -> list:
    """Run the checks (``check_id`` turned on) over its documented example; returns every finding."""
    from bitext.core import Alignment, Bead, Document
    from bitext.glossary.files import parse_glossary
    from bitext.qa.runner import run_checks
    from bitext.qa.settings import CheckSetting, QASettings

    example = DOCS[check_id].example
    src: list[str] = []
    tgt: list[str] = []
    beads: list[Bead] = []
    for source, target in example.pairs:
        src_ids = (len(src),) if source else ()
        tgt_ids = (len(tgt),) if target else ()
        src += [source] if source else []
        tgt += [target] if target else []
        beads.append(Bead(src_ids, tgt_ids, 1.0))
    glossary = None
    if example.glossary:
        rows = ["\t".join(GLOSSARY_COLUMNS), *example.glossary]
        glossary = parse_glossary("\n".join(rows).encode("utf-8") + b"\n", f"{check_id} example.tsv")
    similarities = [list(example.similarities) if example.similarities else [None] * len(beads)]
    settings = QASettings(checks={check_id: CheckSetting(enabled=True)})
    return run_checks([Alignment(Document("example", src, tgt), beads)], glossary, settings, similarities)
