"""A page's metadata — what government and news CMSs put in ``<meta>`` tags, its ``<title>`` and first
``<h1>`` — as labelled lines (``标题：…``, ``发布时间：…``) the converter keeps after the page's text as
furniture, so extractors can fall back on them with real offsets (docs/html.md)."""

from __future__ import annotations

from collections.abc import Callable

from .lazy_re import compile_later

# Label of each metadata line, in the order the lines are printed, with the ``<meta>`` names (``name``,
# ``property`` or ``itemprop``, lower-cased) it is read from, best first. ``h1`` stands for the first
# heading of the page's article, ``title`` for its ``<title>``.
META_LINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("标题", ("articletitle", "og:title", "twitter:title", "dc.title", "headline", "h1", "title")),
    ("发布时间", ("pubdate", "publishdate", "publish_date", "article:published_time", "og:published_time",
              "og:release_date", "datepublished", "dc.date", "dc.date.issued", "pubtime", "firstpublishedtime")),
    ("来源", ("contentsource", "source", "article:source", "og:source")),
    ("作者", ("author", "article:author", "dc.creator", "og:author")),
    ("网站", ("sitename", "og:site_name", "publisher")),
    ("栏目", ("columnname", "article:section")),
    ("关键词", ("keywords", "news_keywords")),
    ("摘要", ("description", "og:description", "twitter:description")),
)
WANTED = {name for _, names in META_LINES for name in names}
# A metadata value longer than this is cut (a description may run long; a hostile page's may be megabytes).
MAX_VALUE_CHARS = 300
SPACE = compile_later(r"\s+")


class PageMeta:
    """Collects metadata while a page is read; :meth:`lines` gives the labelled lines."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def add(self, name: str, value: str) -> None:
        """Keep the first non-empty ``value`` given for ``name`` (a wanted meta name, ``h1`` or ``title``)."""
        name = name.strip().lower()
        if name in WANTED and name not in self.values:
            value = SPACE.sub(" ", value[: MAX_VALUE_CHARS * 2]).strip()[:MAX_VALUE_CHARS]
            if value:
                self.values[name] = value

    def add_meta_tag(self, get: Callable[[str], str | None]) -> None:
        """Read one ``<meta>`` tag, given the ``get`` of its attributes."""
        content = get("content")
        if content:
            for key in ("name", "property", "itemprop"):
                name = get(key)
                if name:
                    self.add(name, content)

    def titles(self) -> list[str]:
        """Every title the metadata gives the page (its ``<title>``, ``og:title``, …)."""
        return [self.values[n] for n in META_LINES[0][1] if n in self.values]

    def lines(self) -> list[str]:
        """``标题：…`` and the other labelled lines, one per label that has a value."""
        out = []
        for label, names in META_LINES:
            value = next((self.values[n] for n in names if n in self.values), None)
            if value:
                out.append(f"{label}：{value}")
        return out
