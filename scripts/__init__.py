"""Build-time helpers for the site: MkDocs hooks and the quiz asset pipeline."""
