"""Characters only, no legal knowledge: decoding bytes, offset-keeping normalisation, folding."""
