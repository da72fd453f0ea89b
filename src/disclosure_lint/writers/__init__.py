"""Render a report back to text (tables as the text loader reads them), for tests and fixtures."""
