"""Files to clean, structured text: loading, cleaning, section parsing, chunking."""
