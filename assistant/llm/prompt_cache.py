"""llama.cpp's RAM prompt cache, keeping what a restored prefix needs and counting all of it."""

from __future__ import annotations

import numpy as np
from llama_cpp import LlamaRAMCache


def state_bytes(state) -> int:
    """Memory one saved prompt state holds: the context state plus its token and logits arrays."""
    return state.llama_state_size + state.input_ids.nbytes + state.scores.nbytes


class PromptCache(LlamaRAMCache):
    """Evaluated prompt states, least recently used dropped first, within `capacity_bytes` of real memory.

    llama-cpp-python counts only the context state, yet every saved state also copies the logits
    buffer: up to n_batch x vocabulary floats, 311 MB per state for Qwen2.5's 151,936 tokens, so a
    "512 MB" cache grew to gigabytes. Without `logits_all` those rows are never read (a restored state
    is decoded again from its last token before sampling), so one zero row is kept, enough for
    `Llama.load_state` to broadcast.
    """

    @property
    def cache_size(self) -> int:
        return sum(state_bytes(state) for state in self.cache_state.values())

    def __setitem__(self, key, value) -> None:
        value.scores = np.zeros((1, value.scores.shape[-1]), dtype=np.single)
        super().__setitem__(key, value)
