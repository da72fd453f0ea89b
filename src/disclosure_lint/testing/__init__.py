"""Helpers for testing rules and loaders: report builders and Hypothesis strategies."""
