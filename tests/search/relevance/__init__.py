"""The search relevance set of issue #9: corpus.json (fixed items) and queries.json (what a person
expects each query to find); tests/search/test_relevance.py runs them."""
