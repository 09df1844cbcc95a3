"""JSON Schemas: one per document type plus the record envelope, found through plugins.

What the converter prints and cites (:meth:`SchemaStore.published`) stands alone: every ``$ref``
to another schema is bundled into the schema's own ``$defs`` (plain ``jsonschema`` needs no
registry), and its ``$id`` carries a digest of its content (``urn:converter:schema:news_article:1:
sha256-…``), so a changed schema never shares an ``$id`` with the one before.
"""

from __future__ import annotations

import copy
import hashlib
import json
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

SUFFIX = ".schema.json"
RECORD = "record"


class SchemaStore:
    """Schemas by name (``news_article`` for ``news_article.schema.json``) and their validators."""

    def __init__(self, dirs: list[Path]) -> None:
        self.paths: dict[str, Path] = {}
        for d in dirs:
            for p in sorted(Path(d).glob(f"*{SUFFIX}")):
                self.paths[p.name[: -len(SUFFIX)]] = p
        self._schemas: dict[str, dict] = {}
        self._validators: dict[str, Draft202012Validator] = {}
        self._fast_validators: dict[str, object] = {}
        self._published_ids: dict[str, str] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.paths

    def get(self, name: str) -> dict:
        if name not in self._schemas:
            self._schemas[name] = json.loads(self.paths[name].read_text(encoding="utf-8"))
        return self._schemas[name]

    @cached_property
    def registry(self):
        """Every schema by its ``$id``, so ``$ref`` between them resolves offline."""
        from referencing import Registry
        from referencing.jsonschema import DRAFT202012

        return Registry().with_resources(
            (schema["$id"], DRAFT202012.create_resource(schema))
            for schema in (self.get(n) for n in self.paths) if "$id" in schema)

    @cached_property
    def names_by_id(self) -> dict[str, str]:
        """Schema name of every ``$id``."""
        return {self.get(n)["$id"]: n for n in self.paths if "$id" in self.get(n)}

    def bundled(self, root: dict) -> dict:
        """``root`` with every ``$ref`` to another schema resolved into its ``$defs``: the schema referred
        to is copied there (without its ``$id``) under its name, and refs into it become local pointers."""
        out = copy.deepcopy(root)
        defs = out.setdefault("$defs", {})
        keys: dict[str, str] = {}  # $id of a schema copied in → its key in $defs

        def embed(uri: str) -> str:
            if uri not in keys:
                name = self.names_by_id.get(uri)
                if name is None:
                    raise KeyError(f"$ref {uri!r} does not resolve (schemas refer only to each other)")
                key = name
                while key in defs:
                    key += "_"
                keys[uri] = key
                target = {k: v for k, v in copy.deepcopy(self.get(name)).items() if k not in ("$id", "$schema")}
                defs[key] = target
                rewrite(target, f"/$defs/{key}")
            return keys[uri]

        def rewrite(node: object, base: str) -> None:
            children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
            if isinstance(node, dict) and isinstance(node.get("$ref"), str):
                uri, _, fragment = node["$ref"].partition("#")
                if fragment and not fragment.startswith("/"):
                    raise KeyError(f"$ref {node['$ref']!r}: only JSON-pointer fragments can be bundled")
                node["$ref"] = "#" + (f"/$defs/{embed(uri)}" if uri else base) + fragment
            for child in list(children):
                rewrite(child, base)

        rewrite(out, "")
        if not defs:
            del out["$defs"]
        return out

    def published(self, name: str, types: dict[str, str] | None = None) -> dict:
        """Schema ``name`` as printed: bundled, with a content-versioned ``$id``. The ``record`` schema
        also checks each document's ``data`` against the schema of its ``type`` (``types``: type → schema name)."""
        root = self.get(name)
        if name == RECORD and types:
            root = self._record_with_types(types)
        schema = self.bundled(root)
        body = {k: v for k, v in schema.items() if k != "$id"}
        digest = hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()[:12]
        return {"$schema": schema.get("$schema"), "$id": f"{root.get('$id', name)}:sha256-{digest}", **body}

    def published_id(self, name: str) -> str:
        """The ``$id`` of :meth:`published` ``name``, which documents cite in their ``schema``."""
        if name not in self._published_ids:
            self._published_ids[name] = self.published(name)["$id"]
        return self._published_ids[name]

    def _record_with_types(self, types: dict[str, str]) -> dict:
        record = copy.deepcopy(self.get(RECORD))
        item = record["properties"]["documents"]["items"]
        item["properties"]["type"] = {"enum": sorted(types)}
        item["allOf"] = [{"if": {"properties": {"type": {"const": t}}, "required": ["type"]},
                          "then": {"properties": {"data": {"$ref": self.get(types[t])["$id"]}}}}
                         for t in sorted(types)]
        return record

    def validator(self, name: str) -> Draft202012Validator:
        """A validator for ``name`` with cross-schema ``$ref``s inlined (resolving them per document
        through the registry cost ~10 ms a document; inlined, validation is several times faster)."""
        from jsonschema import Draft202012Validator, FormatChecker  # ~70 ms: only for messages and checks

        if name not in self._validators:
            self._validators[name] = Draft202012Validator(self._inlined(self.get(name)), registry=self.registry,
                                                          format_checker=FormatChecker())
        return self._validators[name]

    def _inlined(self, node: object) -> object:
        if isinstance(node, list):
            return [self._inlined(x) for x in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#") and len(node) == 1:
            target = self.registry.resolver().lookup(ref).contents
            return self._inlined(target)
        return {k: self._inlined(v) for k, v in node.items()}

    def fast_validator(self, name: str):
        """A compiled (Rust) validator for ``name``, or None when ``jsonschema_rs`` is unavailable."""
        if name not in self._fast_validators:
            try:
                import jsonschema_rs
            except ImportError:  # a platform without its wheel: the pure-Python validator does it all
                self._fast_validators[name] = None
            else:
                self._fast_validators[name] = jsonschema_rs.validator_for(
                    self.get(name), validate_formats=True, registry=self._fast_registry, retriever=_not_fetched)
        return self._fast_validators[name]

    @cached_property
    def _fast_registry(self):
        """Every schema by its ``$id``, for the compiled validator: ``$ref`` between them resolves, none is fetched."""
        import jsonschema_rs

        return jsonschema_rs.Registry([(self.get(n)["$id"], self.get(n)) for n in self.paths if "$id" in self.get(n)],
                                      retriever=_not_fetched)

    def problems(self, name: str, instance: object) -> list[dict]:
        """Every way ``instance`` breaks schema ``name``, as ``{"path", "message"}``.

        Valid documents (nearly all) are confirmed by the compiled validator in microseconds;
        only an invalid one goes through ``jsonschema``, whose messages and paths we report."""
        fast = self.fast_validator(name)
        if fast is not None and fast.is_valid(instance):
            return []
        errors = sorted(self.validator(name).iter_errors(instance), key=lambda e: list(e.path))
        return [{"path": "/" + "/".join(str(p) for p in e.path), "message": e.message} for e in errors]

    def unusable(self, name: str) -> str | None:
        """Why schema ``name`` cannot validate documents (invalid, or a ``$ref`` that does not resolve).

        A schema the compiled validator accepts, with every ``$ref`` resolved, needs no further look;
        any other goes through ``jsonschema``, which says what is wrong with it."""
        if _meta_valid(self.get(name)):
            try:
                if self.fast_validator(name) is not None:
                    return None
            except Exception:  # whatever it is, jsonschema below names it
                pass
        from jsonschema import Draft202012Validator
        from referencing.exceptions import Unresolvable

        try:
            Draft202012Validator.check_schema(self.get(name))
            self.validator(name)
        except Unresolvable as exc:
            return f"$ref {exc.ref!r} does not resolve (schemas refer only to each other; nothing is fetched)"
        except Exception as exc:  # SchemaError, JSON errors: the schema cannot be used
            return str(exc).splitlines()[0]
        return None

    @cached_property
    def required_fields(self) -> dict[str, tuple[str, ...]]:
        """The top-level properties each schema requires: what a text must hold to be a document of its type."""
        return {name: tuple(r for r in self.get(name).get("required", ()) if isinstance(r, str))
                for name in self.paths}

    @cached_property
    def field_names(self) -> dict[str, set[str]]:
        """Top-level data properties of every schema (rule files may only fill these)."""
        return {name: set(self.get(name).get("properties", {})) for name in self.paths}


def _meta_valid(schema: object) -> bool:
    """True when the compiled validator finds ``schema`` a valid JSON Schema (False also without it)."""
    try:
        import jsonschema_rs

        return jsonschema_rs.meta.is_valid(schema)
    except Exception:  # not installed, or a schema it cannot read: jsonschema decides
        return False


def _not_fetched(uri: str) -> dict:
    """The compiled validator's retriever: a ``$ref`` outside the schemas is never downloaded or read."""
    raise ValueError(f"{uri} is none of the converter's schemas (nothing is fetched)")
