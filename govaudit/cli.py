"""Command-line interface (placeholder until the CLI lands)."""


def main() -> None:
    raise SystemExit("govaudit: CLI not built yet")
