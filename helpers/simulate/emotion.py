"""Generative model for notebook topic 'emotion' (to be written)."""
