"""Rule packs (YAML data, shipped as package data)."""
