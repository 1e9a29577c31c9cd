"""The bottom layer: records, errors, ids and settings. Imports nothing of ours."""
