"""Acquisition: read files, fetch URLs safely, follow feeds, sitemaps and listing pages, parse sources.yaml.

Above extractors and warehouse (it uses the HTML readers to find a listing page's links),
below flows.
"""
