"""The plugin manager: built-in and external plugins, loaded the same way."""

from __future__ import annotations

import importlib.util
import logging
import sys
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path

import pluggy

from . import hookspecs

ENTRY_POINT_GROUP = "converter.plugins"
OWN_DISTRIBUTION = "converter"
log = logging.getLogger(__name__)


class PluginManager(pluggy.PluginManager):
    """pluggy's manager plus the list of plugins that failed to load."""

    def __init__(self) -> None:
        super().__init__("converter")
        self.add_hookspecs(hookspecs)
        self.load_failures: list[str] = []


def _dist_name(ep) -> str:
    return ep.dist.name if getattr(ep, "dist", None) else "?"


def build_plugin_manager(external: bool = True, plugins_dir: Path | None = None,
                         disabled: tuple[str, ...] = ()) -> PluginManager:
    """A fresh manager: our entry points, other packages' too when ``external``, then ``plugins_dir``."""
    pm = PluginManager()
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (_dist_name(e) != OWN_DISTRIBUTION, e.name)):
        if not external and _dist_name(ep) != OWN_DISTRIBUTION:
            continue
        if ep.name in disabled or pm.get_plugin(ep.name) is not None:
            continue
        try:
            pm.register(ep.load(), name=ep.name)
        except Exception as exc:  # a broken plugin must not take the run down
            dist = getattr(ep, "dist", None)
            version = dist.version if dist else "?"
            pm.load_failures.append(f"plugin {ep.name!r} ({_dist_name(ep)} {version}) failed to load: {exc!r}")
    if plugins_dir is not None:
        for path in sorted(Path(plugins_dir).glob("*.py")):
            name = f"local:{path.stem}"
            if path.stem in disabled:
                continue
            try:
                spec = importlib.util.spec_from_file_location(f"converter_local_plugins.{path.stem}", path)
                module = importlib.util.module_from_spec(spec)
                sys.modules[spec.name] = module
                spec.loader.exec_module(module)
                pm.register(module, name=name)
            except Exception as exc:
                pm.load_failures.append(f"plugin {str(path)!r} failed to load: {exc!r}")
    pm.check_pending()
    for failure in pm.load_failures:
        log.warning(failure)
    return pm


def plugin_names(plugins_dir: Path | None = None) -> set[str]:
    """The names ``--disable-plugin`` accepts: every installed entry point's, and each ``plugins_dir/*.py`` stem."""
    names = {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return names | ({p.stem for p in Path(plugins_dir).glob("*.py")} if plugins_dir is not None else set())


@lru_cache(maxsize=8)
def get_plugin_manager(external: bool = True, plugins_dir: str | None = None,
                       disabled: tuple[str, ...] = ()) -> PluginManager:
    """The cached manager for these settings."""
    return build_plugin_manager(external, Path(plugins_dir) if plugins_dir else None, disabled)
