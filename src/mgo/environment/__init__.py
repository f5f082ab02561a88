"""Environments: the profile of a described environment, its intake, fit, catalogue and template."""
