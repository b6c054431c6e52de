"""Judging an outcome: what a case expects of it (`checks`), value-by-value equality per the
schema (`compare`), the checks every exchange runs whatever the case (`strict`), and the deep
search for leaked secrets (`secrets`)."""
