"""What the fake API serves: bodies drawn from a schema by hypothesis (`strategies`, budgeted
by `profiles`), one deterministic valid body per schema (`samples`), every kind of wrong value
(`wrong_values`), encoding defects (`encoding`), replies no client may accept (`bad_replies`)
and captured real responses (`captured`). Each is data a case kind serves; none judges.
`replay` keeps what a case's examples drew through one API for its run through the other."""
