"""Reports: render stored findings as Chinese HTML and findings.json."""
