"""Shipped data tables (read through kg.resources)."""
