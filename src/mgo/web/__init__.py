"""The web: ``mgo serve`` (the site, 303s, ``/sparql``, ``/reconcile``) and the static site it serves."""
