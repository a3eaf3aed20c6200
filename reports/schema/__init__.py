"""JSON Schema of findings.json (shipped as package data)."""
