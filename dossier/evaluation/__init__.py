"""Scoring a warehouse against a gold annotation (shared/gold/FORMAT.md)."""
