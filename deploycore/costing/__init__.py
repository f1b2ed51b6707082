"""Costing."""
