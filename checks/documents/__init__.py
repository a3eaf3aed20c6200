"""Analysers of what documents contain (budget disclosures ...): pure functions over
`ground.documents.Document` objects, registered with `checks.analyses.analyser`."""
