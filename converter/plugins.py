"""The plugin manager: built-in and external plugins, loaded the same way."""

from __future__ import annotations

import contextlib
import importlib.util
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import pluggy

from . import hookspecs
from .alarm import time_limit
from .entrypoints import entry_points

ENTRY_POINT_GROUP = "converter.plugins"
OWN_DISTRIBUTION = "converter"
PLUGIN_LOAD_TIMEOUT_S = 10.0  # a plugin still importing after this long is left out


class PluginManager(pluggy.PluginManager):
    """pluggy's manager plus the list of plugins that failed to load."""

    def __init__(self) -> None:
        super().__init__("converter")
        self.add_hookspecs(hookspecs)
        self.load_failures: list[str] = []


def build_plugin_manager(external: bool = True, plugins_dir: Path | None = None,
                         disabled: tuple[str, ...] = ()) -> PluginManager:
    """A fresh manager: our entry points, other packages' too when ``external``, then ``plugins_dir``.

    A plugin that fails to load is left out and its failure recorded in ``load_failures``, never
    raised: one that raises (``sys.exit()`` included) or runs past ``PLUGIN_LOAD_TIMEOUT_S`` at
    import, or implements a hook that does not exist. What it prints at import goes to stderr:
    stdout carries only a command's output (``--jsonl -`` records)."""
    pm = PluginManager()
    for ep in sorted(entry_points(ENTRY_POINT_GROUP), key=lambda e: (e.dist_name != OWN_DISTRIBUTION, e.name)):
        if not external and ep.dist_name != OWN_DISTRIBUTION:
            continue
        if ep.name in disabled or pm.get_plugin(ep.name) is not None:
            continue
        _load(pm, ep.name, f"plugin {ep.name!r} ({ep.dist_name} {ep.dist_version})", ep.load)
    if plugins_dir is not None:
        for path in sorted(Path(plugins_dir).glob("*.py")):
            if path.stem not in disabled:
                _load(pm, f"local:{path.stem}", f"plugin {str(path)!r}", lambda path=path: _import_file(path))
    if pm.load_failures:
        _log(pm.load_failures)
    return pm


def _log(failures: list[str]) -> None:
    """Each failure as a warning of this module's logger, quiet unless the application configures
    logging (the library convention). ``logging`` is imported only then: ~5 ms of every start."""
    import logging

    package = logging.getLogger("converter")
    if not any(isinstance(h, logging.NullHandler) for h in package.handlers):
        package.addHandler(logging.NullHandler())
    for failure in failures:
        logging.getLogger(__name__).warning(failure)


def _import_file(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"converter_local_plugins.{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[spec.name]
        raise
    return module


class _LoadTimeout(Exception):
    pass


def _load(pm: PluginManager, name: str, label: str, load: Callable[[], object]) -> None:
    """Import a plugin with ``load`` and register it as ``name``; a failure is recorded, the plugin left out."""
    try:
        with time_limit(PLUGIN_LOAD_TIMEOUT_S, lambda: _LoadTimeout(
                f"still loading after {PLUGIN_LOAD_TIMEOUT_S:g}s (hangs at import?)")), \
                contextlib.redirect_stdout(sys.stderr):
            plugin = load()
        pm.register(plugin, name=name)
    except (Exception, SystemExit) as exc:  # a broken plugin must not take the run down
        pm.load_failures.append(f"{label} failed to load: {exc if isinstance(exc, _LoadTimeout) else repr(exc)}")
        return
    try:
        pm.check_pending()  # only this plugin can be pending: the ones before it passed
    except pluggy.PluginValidationError as exc:
        pm.unregister(name=name)
        pm.load_failures.append(f"{label} failed to load: {exc}; the hooks are: {', '.join(_hook_names())}")


def _hook_names() -> list[str]:
    return sorted(n for n in dir(hookspecs) if n.startswith("converter_"))


def plugin_names(plugins_dir: Path | None = None) -> set[str]:
    """The names ``--disable-plugin`` accepts: every installed entry point's, and each ``plugins_dir/*.py`` stem."""
    names = {ep.name for ep in entry_points(ENTRY_POINT_GROUP)}
    return names | ({p.stem for p in Path(plugins_dir).glob("*.py")} if plugins_dir is not None else set())


@lru_cache(maxsize=8)
def get_plugin_manager(external: bool = True, plugins_dir: str | None = None,
                       disabled: tuple[str, ...] = ()) -> PluginManager:
    """The cached manager for these settings."""
    return build_plugin_manager(external, Path(plugins_dir) if plugins_dir else None, disabled)
