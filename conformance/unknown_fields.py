"""Kept for adapters written against the kit's first README: the helper is
`conformance.spec.unknown_fields` now."""

from conformance.spec.unknown_fields import extras

__all__ = ["extras"]
