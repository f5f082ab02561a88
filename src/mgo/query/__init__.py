"""Queries: SPARQL on the embedded store or a remote one, and loading the publication into a store."""
