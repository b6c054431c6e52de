"""The conformance kit: proof that a client of GET /api/v1/generation parses every response the
API can send, and fails clearly on the rest. It reads openapi.yaml at run time."""
