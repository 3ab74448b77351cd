"""Ready-made SPARQL queries users can read and copy."""
