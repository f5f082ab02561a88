"""Quality: every check of ``mgo check`` (SHACL, profiles, queries, parity, upkeep) and its reports."""
