"""The spec model: openapi.yaml read, dereferenced and canonicalised (`document`), the JSON
Schema subset the kit understands (`subset`, `canonical`), the fields a body declares
(`fields`), string formats (`formats`, `rfc3339`), an independent validator (`oracle`), and
what a raw body lacks or breaks (`drift`). Nothing here knows about clients or cases.

`load()`, `read_yaml()` and the model's classes are re-exported here: `from conformance
import spec; spec.load()` is how adapters and tools read the spec.
"""

from conformance.spec.document import (
    DEFAULT_SPEC,
    JSON,
    Body,
    Gap,
    Operation,
    Parameter,
    Spec,
    load,
    read_yaml,
)

__all__ = [
    "DEFAULT_SPEC",
    "JSON",
    "Body",
    "Gap",
    "Operation",
    "Parameter",
    "Spec",
    "load",
    "read_yaml",
]
