"""Recommender."""
