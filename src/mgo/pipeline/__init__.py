"""The pipeline from the sources to the publication: parse, derive, reason, validate, publish."""
