"""The knowledge base: embeddings, the Chroma collection, the keyword index and hybrid retrieval."""
