"""Generative model for notebook topic 'experiments' (to be written)."""
