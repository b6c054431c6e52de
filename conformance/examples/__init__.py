"""Example clients and their adapters: how to measure a client that is not built on httpx."""
