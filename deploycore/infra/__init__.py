"""Infra."""
