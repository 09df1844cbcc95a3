"""``converter serve``: the rule playground in the browser (docs/playground.md)."""

from __future__ import annotations

from pathlib import Path

import click

CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 exposes your rules and documents to the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one).")
@click.option("--docs", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A folder of documents to pick from in the page (only files in it can be opened).")
@click.option("--rules", "rules_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The folder whose rule files the page edits and saves into [default: ./rules if it exists].")
@click.option("--gold", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Gold files (*.yaml) for the --docs folder: the page evaluates it as `converter evaluate` does.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=8 * 1024 * 1024, show_default=True,
              help="Largest document the page may convert.")
@click.pass_obj
def serve(settings, host: str, port: int, docs: Path | None, rules_dir: Path | None, gold: Path | None,
          max_bytes: int) -> None:
    """Open a local web page to try rule files on documents: the record beside its source text with
    provenance, the classification explained, the rule YAML edited, checked, tested and saved
    (into --rules DIR only), e.g. converter serve --docs samples/ --rules rules/
    """
    from .cli_rules import LOCAL_RULES
    from .playground.server import PlaygroundServer
    from .playground.workspace import Workspace

    if rules_dir is None and LOCAL_RULES.is_dir():
        rules_dir = LOCAL_RULES
    workspace = Workspace(docs, rules_dir, extra_rules=settings.kwargs["rules"],
                          plugins_dir=settings.kwargs["plugins_dir"], disabled=settings.kwargs["disabled"],
                          max_bytes=max_bytes, gold=gold)
    for problem in workspace.base.problems:
        click.echo(f"error: {problem}", err=True)
    server = PlaygroundServer(workspace, host, port)
    click.echo(f"converter playground on {server.url} (Ctrl-C stops it)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
