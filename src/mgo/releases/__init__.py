"""Releases: a checked, diffed release, its record, and the diff between versions."""
