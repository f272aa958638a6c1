"""Gorag: an offline, multilingual knowledge base and campaign generator."""

__version__ = "0.1.0"
