"""Rule checks: pure functions over stored facts that write findings."""
