"""The keyword index under concurrent use: a background ingest adds and removes while writers search."""

from __future__ import annotations

import threading

from assistant.store.keywords import KeywordIndex

TEXTS = ["盘活低效闲置用地，推行标准地出让", "开展安全生产隐患排查整治", "招商引资签约项目", "优化营商环境，为企服务"]


def test_searches_during_changes_never_fail(tmp_path):
    index = KeywordIndex(tmp_path / "keywords.jsonl")
    index.add(["seed"], ["低效闲置用地盘活"], [{"source": "seed.txt"}])
    errors: list[BaseException] = []
    stop = threading.Event()

    def change() -> None:
        try:
            for i in range(300):
                ids = [f"d{i}-{j}" for j in range(len(TEXTS))]
                index.add(ids, TEXTS, [{"source": f"d{i}.txt"}] * len(TEXTS))
                if i % 3 == 0:
                    index.remove(ids[:2])
                if i % 50 == 0:
                    index.save()
        except BaseException as error:  # the test reports whatever broke
            errors.append(error)
        finally:
            stop.set()

    def search() -> None:
        try:
            while not stop.is_set():
                assert index.search("低效闲置用地", 5, lambda meta: bool(meta["source"]))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=change)] + [threading.Thread(target=search) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(index.entries) == 1 + 300 * len(TEXTS) - 100 * 2
    assert KeywordIndex(tmp_path / "keywords.jsonl").entries  # the saved file reads back
