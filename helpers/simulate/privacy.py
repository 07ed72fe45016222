"""Generative model for notebook topic 'privacy' (to be written)."""
