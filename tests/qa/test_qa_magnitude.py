"""numbers.vague_magnitude: approximate amounts whose order of magnitude changed."""

from __future__ import annotations

from qa_helpers import checks_of

from bitext.core import Alignment, Bead, Document
from bitext.qa import QASettings, run_checks
from bitext.qa.checks.magnitude import chinese_orders, english_orders


def _checks(en: str, zh: str) -> set[str]:
    return checks_of(run_checks([Alignment(Document("d", [en], [zh]), [Bead((0,), (0,))])], None, QASettings()))


def test_orders_on_both_sides():
    assert [o for o, _, _ in english_orders("hundreds of thousands of people, "
                                            "thousands of years, billions")] == [5, 3, 9]
    assert [o for o, _, _ in chinese_orders("数十万人，数千年，数十亿，几百万，数万亿")] == [5, 3, 9, 6, 12]
    # 千 after 十/百 multiplies, unless it begins a unit (千米 km, 千克 kg)
    assert [o for o, _, _ in chinese_orders("数十千人，数百千年，数十千米，数百千克")] == [4, 5, 1, 2]


def test_words_ending_in_shu_start_no_amount():
    assert chinese_orders("感染人数万余，指数千分之一，系数百分比，数据") == []


def test_a_changed_order_is_reported_and_a_kept_one_is_not():
    en = "The policy could still cause hundreds of thousands of deaths."
    assert "numbers.vague_magnitude" in _checks(en, "该政策仍可能导致数十亿人死亡。")
    assert "numbers.vague_magnitude" in _checks(en, "该政策仍可能导致数十千人死亡。")  # 10^4
    assert "numbers.vague_magnitude" not in _checks(en, "该政策仍可能导致数十万人死亡。")
    # a free rendering says less, not something else
    assert "numbers.vague_magnitude" not in _checks(en, "该政策仍可能导致大量人员死亡。")
    assert "numbers.vague_magnitude" in _checks("TCM has been used for thousands of years.", "中药已使用了数百年。")
