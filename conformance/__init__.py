"""The conformance kit: proof that a client of the spec's operations (OpenRouter's Generations
endpoints) parses every response the API can send, and fails clearly on the rest. It reads
openapi.yaml at run time."""

__version__ = "0.2.0"
