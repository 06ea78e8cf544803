"""Hybrid retrieval: the question frame stripped, character-pair BM25, score fusion, one passage per document."""

from __future__ import annotations

import json

import pytest

from assistant.errors import AssistantError
from assistant.settings import get_settings
from assistant.store.keywords import KeywordIndex, tokenize
from assistant.store.knowledge_base import KnowledgeBase, fuse, normalised, per_source
from assistant.store.query import strip_frame

LONG = "甲园区招商引资工作总结\n\n" + "\n".join(
    f"{n}、招商引资第{n}项举措\n围绕主导产业开展招商引资，第{n}批签约项目{n}个，推动项目落地投产。" for n in "一二三四五六"
)
SHORT = {
    "b.txt": "乙园区工作总结\n\n一、招商引资\n开展以商招商，签约项目8个。\n",
    "c.txt": "丙园区工作总结\n\n一、招商引资\n设立驻外招商联络处，引进项目5个。\n",
    "d.txt": "丁园区工作总结\n\n一、安全生产\n开展隐患排查整治。\n",
}


def test_the_question_frame_is_stripped_and_the_subject_kept():
    assert strip_frame("其他园区在盘活闲置土地方面有哪些做法？") == "在盘活闲置土地"
    assert strip_frame("专精特新企业梯度培育工作怎么写") == "专精特新企业梯度培育工作"
    assert strip_frame("以商招商、中介招商这些招商方式别人是怎么用的") == "以商招商 中介招商 招商方式 是 用的"
    assert strip_frame("园区安全生产工作有哪些做法可以写进总结？") == "园区安全生产工作"
    assert strip_frame("有哪些做法？") == "有哪些做法？"  # nothing but frame: the question stays as asked


def test_tokens_are_characters_pairs_and_latin_runs():
    assert tokenize("批而未供 5G基站") == ["批", "而", "未", "供", "批而", "而未", "未供", "5g", "基", "站", "基站"]
    assert tokenize("，。！") == []


def test_bm25_prefers_the_rare_phrase_and_ignores_unknown_words(tmp_path):
    index = KeywordIndex(tmp_path / "keywords.jsonl")
    texts = ["园区开展腾笼换鸟整治", "园区开展安全生产检查", "园区开展招商引资活动", "园区开展环境整治"]
    index.add([f"c{i}" for i in range(4)], texts, [{"source": f"{i}.txt"} for i in range(4)])
    hits = index.search("腾笼换鸟", 4)
    assert hits[0][0] == "c0" and len(hits) == 1
    assert index.search("火星探测", 4) == []


def test_the_keyword_file_keeps_text_and_reads_back(tmp_path):
    index = KeywordIndex(tmp_path / "keywords.jsonl")
    index.add(["a"], ["盘活低效闲置用地"], [{"source": "a.txt"}])
    index.save()
    line = json.loads((tmp_path / "keywords.jsonl").read_text(encoding="utf-8"))
    assert line == {"id": "a", "text": "盘活低效闲置用地", "meta": {"source": "a.txt"}}
    assert KeywordIndex(tmp_path / "keywords.jsonl").search("闲置用地", 1)[0][0] == "a"


def test_scores_are_normalised_over_the_candidate_depth():
    assert normalised([9.0, 5.0, 1.0, 0.5], depth=3) == [1.0, 0.5, 0.0, 0.0]
    assert normalised([0.8], depth=20) == [1.0]
    assert normalised([], depth=20) == []


def test_fusion_keeps_a_strong_keyword_hit_above_middling_dense_ones():
    dense = [("d1", 0.90), ("d2", 0.89), ("k1", 0.85), ("d3", 0.80)]
    keyword = [("k1", 12.0), ("k2", 11.0), ("d2", 2.0)]
    ranked = [chunk_id for chunk_id, _ in fuse(dense, keyword, dense_weight=0.1, depth=3)]
    assert ranked[:2] == ["k1", "k2"]  # both found by their rare words; dense alone ranks them low or not at all
    assert set(ranked) == {"d1", "d2", "d3", "k1", "k2"}


def test_one_document_takes_at_most_its_share_of_places():
    ranked = [("a1", 0.9), ("a2", 0.8), ("b1", 0.7), ("a3", 0.6), ("c1", 0.5)]
    sources = {"a1": "a", "a2": "a", "a3": "a", "b1": "b", "c1": "c"}
    assert [i for i, _ in per_source(ranked, sources, 3, 1)] == ["a1", "b1", "c1"]
    assert [i for i, _ in per_source(ranked, sources, 3, 2)] == ["a1", "a2", "b1"]
    assert [i for i, _ in per_source(ranked, sources, 3, None)] == ["a1", "a2", "b1"]


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("retrieval")
    docs = root / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(LONG, encoding="utf-8")
    for name, text in SHORT.items():
        (docs / name).write_text(text, encoding="utf-8")
    settings = get_settings(store=root / "store", chroma={"host": None}, chunk={"max_tokens": 60, "min_tokens": 10})
    base = KnowledgeBase(settings)
    base.ingest([docs])
    assert base.documents()[0].chunks >= 4  # the long document alone could fill every place
    return base


def test_practice_questions_get_the_best_passage_of_each_document(kb):
    question = "其他园区在招商引资方面有哪些做法？"
    for mode in ("hybrid", "dense", "keyword"):
        hits = kb.search(question, k=3, mode=mode, per_document=1)
        assert len({h.source for h in hits}) == len(hits) == 3, mode
    capped = kb.search(question, k=4, per_document=2)
    assert max(sum(h.source == s for h in capped) for s in {h.source for h in capped}) <= 2
    plain = kb.search(question, k=4)
    assert len({h.source for h in plain}) < 4  # without a cap the long document takes several places


def test_a_phrase_only_one_document_holds_comes_first_and_the_cap_must_be_positive(kb):
    for mode in ("hybrid", "keyword"):
        assert kb.search("驻外招商联络处", k=2, mode=mode, per_document=1)[0].source.endswith("c.txt"), mode
    with pytest.raises(AssistantError):
        kb.search("招商", per_document=0)


def test_a_keyword_index_of_the_older_format_is_rebuilt_from_chroma(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in SHORT.items():
        (docs / name).write_text(text, encoding="utf-8")
    settings = get_settings(store=tmp_path / "store", chroma={"host": None})
    KnowledgeBase(settings).ingest([docs])
    path = tmp_path / "store" / "keywords.jsonl"
    old = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("".join(json.dumps({"id": e["id"], "tokens": ["旧"], "meta": e["meta"]}, ensure_ascii=False) + "\n" for e in old),
                    encoding="utf-8")
    again = KnowledgeBase(settings)
    assert set(again.keywords.entries) == {e["id"] for e in old}
    assert all("text" in e for e in again.keywords.entries.values())
    assert again.search("驻外招商联络处", k=1, mode="keyword")[0].source.endswith("c.txt")


def test_evidence_is_the_share_of_the_question_a_passage_holds_rare_words_weighing_most(tmp_path):
    index = KeywordIndex(tmp_path / "keywords.jsonl")
    texts = ["园区开展腾笼换鸟整治", "园区开展安全生产检查", "园区开展招商引资活动", "园区开展环境整治"]
    index.add([f"c{i}" for i in range(4)], texts, [{"source": f"{i}.txt"} for i in range(4)])
    assert index.evidence("腾笼换鸟整治", texts[0]) == pytest.approx(1.0)
    assert index.evidence("你好", texts[0]) == 0.0  # no word of a greeting is in any passage
    assert index.evidence("", texts[0]) == 0.0
    rare, common = index.evidence("园区腾笼换鸟", "腾笼换鸟"), index.evidence("园区腾笼换鸟", "园区")
    assert 0 < common < rare < 1  # 园区 is in every passage, 腾笼换鸟 in one


def test_hits_carry_their_similarity_and_evidence(kb):
    for mode in ("hybrid", "dense"):
        hit = kb.search("驻外招商联络处", k=1, mode=mode)[0]
        assert hit.source.endswith("c.txt") and 0.5 < hit.similarity <= 1.0 and hit.evidence == pytest.approx(1.0), mode
    keyword = kb.search("驻外招商联络处", k=1, mode="keyword")[0]
    assert keyword.similarity is None and keyword.evidence == pytest.approx(1.0)
    assert all(h.evidence < 0.2 for h in kb.search("红烧肉怎么做", k=3))
