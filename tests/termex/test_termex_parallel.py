"""build_candidates' first pass in worker processes: same candidates as in-process, bounded read-ahead."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os

import pytest

from bitext.termex import build_candidates, scan

DRUGS = [("zorbitide", "佐比肽"), ("velanostat", "维拉司他"), ("pemerolimab", "培美利单抗"), ("tarnesib", "他尼西布")]
DISEASES = [("renal failure", "肾衰竭"), ("septic shock", "感染性休克"), ("atrial fibrillation", "心房颤动")]


TEMPLATES = [
    ("{D} reduced {x} in {i} patients.", "{d}降低了{i}例患者的{y}。"),
    ("{X} was rare with {dl} in week {i}.", "第{i}周使用{d}时{y}很少见。"),
    ("We stopped {dl} after {x} in {i} cases.", "{i}例发生{y}后停用了{d}。"),
    ("Patients with {x} received {dl} for {i} days.", "{y}患者接受了{d}治疗{i}天。"),
]


def corpus(n: int = 48) -> list[tuple[str, str]]:
    """Made-up aligned pairs: co-occurring terms, acronym definitions and translator glosses."""
    pairs = []
    for i in range(n):
        dl, d = DRUGS[i % len(DRUGS)]
        x, y = DISEASES[(i // 2) % len(DISEASES)]
        if i % 5 == 0:
            pairs.append((f"Patients underwent magnetic resonance imaging (MRI) in week {i}.",
                          f"患者在第{i}周接受了磁共振成像（MRI）检查。"))
        elif i % 7 == 0:
            pairs.append((f"{dl.capitalize()} was given to {i} patients.", f"{i}例患者接受了{d}（{dl}）。"))
        else:
            en, zh = TEMPLATES[(i // 3) % len(TEMPLATES)]
            pairs.append((en.format(D=dl.capitalize(), dl=dl, x=x, X=x.capitalize(), i=i), zh.format(d=d, y=y, i=i)))
        if i % 3 == 0:
            pairs.append(("", ""))  # empty pairs are skipped (they do not count)
    return pairs


def as_dicts(cands):
    return [dataclasses.asdict(c) for c in cands]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(scan, "CHUNK_PAIRS", 5)


@pytest.fixture
def scan_pids(monkeypatch):
    """Process ids that scanned each first-pass chunk."""
    pids: list[int] = []
    real = scan.scan_chunks

    def recording(*args):
        for result in real(*args):
            pids.append(result.pid)
            yield result

    monkeypatch.setattr(scan, "scan_chunks", recording)
    return pids


def test_worker_processes_give_the_in_process_candidates(small_chunks, scan_pids):
    pairs = corpus()
    single = build_candidates(pairs, min_llr=3.84, workers=1)
    assert scan_pids and set(scan_pids) == {os.getpid()}
    scan_pids.clear()
    parallel = build_candidates(iter(pairs), min_llr=3.84, workers=2)
    assert len(scan_pids) == len(range(0, len(pairs), 5))  # every chunk, in a worker process
    assert os.getpid() not in scan_pids
    assert multiprocessing.active_children() == []  # the workers are gone afterwards

    assert as_dicts(parallel) == as_dicts(single)
    by_en = {c.en_term.lower(): c for c in single}
    assert by_en["magnetic resonance imaging"].zh_term == "磁共振成像"
    assert "acronym" in by_en["magnetic resonance imaging"].method
    assert by_en["zorbitide"].zh_term == "佐比肽" and by_en["zorbitide"].method == "cooc"
    assert by_en["velanostat"].zh_term == "维拉司他" and by_en["velanostat"].method.startswith("zh-paren")
    assert by_en["septic shock"].zh_term == "感染性休克"
    # and with more workers than chunks in flight, or one chunk for all
    assert as_dicts(build_candidates(pairs, min_llr=3.84, workers=3)) == as_dicts(single)


def test_chunk_size_does_not_change_the_candidates(monkeypatch):
    pairs = corpus(30)
    monkeypatch.setattr(scan, "CHUNK_PAIRS", 500)
    whole = build_candidates(pairs, min_llr=3.84, workers=2)  # one chunk: scanned in-process
    monkeypatch.setattr(scan, "CHUNK_PAIRS", 3)
    assert as_dicts(build_candidates(pairs, min_llr=3.84, workers=2)) == as_dicts(whole)
    assert len(whole) >= 5


def test_generator_input_is_read_a_bounded_distance_ahead(small_chunks):
    pairs = corpus()
    consumed = {"n": 0, "at_first_report": None}

    def reading():
        for pair in pairs:
            consumed["n"] += 1
            yield pair

    def progress(stage, done, total):
        if stage == "count" and consumed["at_first_report"] is None:
            consumed["at_first_report"] = consumed["n"]

    build_candidates(reading(), min_llr=3.84, workers=2, progress=progress)
    assert consumed["n"] == len(pairs)
    # first chunk merged while at most 2 × workers chunks were handed out
    assert consumed["at_first_report"] <= 2 * 2 * scan.CHUNK_PAIRS


def test_a_failure_in_the_parent_stops_the_workers(small_chunks):
    calls = []

    def failing(stage, done, total):
        calls.append(done)
        if len(calls) == 2:
            raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        build_candidates(corpus(), workers=2, progress=failing)
    assert multiprocessing.active_children() == []


def test_default_workers():
    assert 1 <= scan.default_workers() <= 2
    assert scan.default_workers() == min(2, os.cpu_count() or 1)
