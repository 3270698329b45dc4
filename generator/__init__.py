"""Metodekataloget: content → validated model → generated pages and data files."""
