"""Full-text search: the Chinese analyzer, the Tantivy index fed from the change log, and the search page and API."""
