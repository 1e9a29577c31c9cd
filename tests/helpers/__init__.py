"""Helpers shared by tests (paths, small warehouses, local HTTP servers, PDF factories).

Test modules import from here, never from each other.
"""
