"""Shipped data tables: one TSV per kind of fact (read through kg.tables)."""
