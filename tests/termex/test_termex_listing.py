"""The default list: the best rows by score, then every row the corpus establishes (bitext.termex.listing)."""

from __future__ import annotations

from bitext.termex import build_candidates
from bitext.termex.listing import DEFAULT_LIMIT

# Three pairs a corpus renders consistently (each in 3+ aligned pairs) and one seen twice.
PAIRS = [
    ("Zorbitide lowered the fever.", "佐比肽降低了发热。"),
    ("Fever returned after zorbitide was stopped.", "停用佐比肽后发热复发。"),
    ("The fever was mild.", "发热较轻。"),
    ("Zorbitide was well tolerated.", "佐比肽耐受性良好。"),
    ("Renal failure was rare.", "肾衰竭很少见。"),
    ("Renal failure needs dialysis.", "肾衰竭需要透析。"),
    ("Renal failure occurred twice.", "肾衰竭发生了两次。"),
    ("Gemcitabine was added.", "加用了吉西他滨。"),
    ("Gemcitabine caused nausea.", "吉西他滨引起恶心。"),
]


def test_established_rows_follow_the_best_ones_and_an_explicit_limit_is_exact():
    everything = build_candidates(PAIRS, min_llr=1.0, workers=1)
    terms = [(c.en_term, c.zh_term) for c in everything]
    assert ("gemcitabine", "吉西他滨") in terms  # seen twice: a candidate, but not established
    best = build_candidates(PAIRS, min_llr=1.0, workers=1, limit=1)
    assert len(best) == 1
    listed = build_candidates(PAIRS, min_llr=1.0, workers=1, limit=1, keep_established=True)
    listed_terms = [(c.en_term, c.zh_term) for c in listed]
    assert listed_terms[0] == (best[0].en_term, best[0].zh_term)  # the best row first, as before
    # after it, in score order, the pairs seen in 3+ pairs as the usual rendering of their English
    assert {("zorbitide", "佐比肽"), ("fever", "发热"), ("renal failure", "肾衰竭")} <= set(listed_terms)
    # gemcitabine outscores fever but, seen twice, is left to the score cut-off
    assert terms.index(("gemcitabine", "吉西他滨")) < terms.index(("fever", "发热"))
    assert ("gemcitabine", "吉西他滨") not in listed_terms
    assert [c.score for c in listed] == sorted((c.score for c in listed), reverse=True)
    assert all(c.frequency >= 1 and c.examples for c in listed)


def test_the_command_default_is_the_list_policy(monkeypatch, tmp_path):
    # propose_terms (bitext glossary build) without a limit keeps the best DEFAULT_LIMIT and the
    # established rows; with -n N exactly N
    import bitext.termex.pipeline as pipeline
    from bitext.io.inputs import InputFiles

    seen = []

    def fake_build(alignments, **kwargs):
        seen.append((kwargs["limit"], kwargs["keep_established"]))
        return []

    monkeypatch.setattr(pipeline, "build_candidates", fake_build)
    corpus = tmp_path / "c.tmx"
    corpus.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                      '  <header srclang="en" segtype="sentence"/>\n  <body>\n'
                      '    <tu><tuv xml:lang="en"><seg>Fever.</seg></tuv>'
                      '<tuv xml:lang="zh-CN"><seg>发热。</seg></tuv></tu>\n'
                      "  </body>\n</tmx>\n", encoding="utf-8")
    pipeline.propose_terms(InputFiles(corpus=str(corpus)))
    pipeline.propose_terms(InputFiles(corpus=str(corpus)), limit=50)
    assert seen == [(DEFAULT_LIMIT, True), (50, False)]
