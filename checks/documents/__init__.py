"""Analysers of what documents contain (budget disclosures ...): pure functions over
`crawler.documents.model.Document` objects, registered with `checks.analyses.analyser`."""
