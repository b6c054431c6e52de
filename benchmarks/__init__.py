"""What a call to GET /api/v1/generation costs through our client, raw httpx and the official SDK.

`python -m benchmarks` (or `nox -s bench`) measures everything in one run and writes
`benchmarks/RESULTS.md`; `--smoke` does the same in seconds, with numbers too few to trust.
"""
