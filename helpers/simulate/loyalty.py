"""Generative model for notebook topic 'loyalty' (to be written)."""
