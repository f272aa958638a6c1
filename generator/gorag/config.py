"""A project's configuration, read from its mkdocs.yml without MkDocs: Gorag's plugin options and
the site's languages. The ``gorag`` commands that need no site (check, new, results, the offline
pipeline's tests) read it here; :mod:`gorag.site.plugin` builds its MkDocs option schema from
:data:`OPTIONS`, so each option is declared once.

The languages are the ones mkdocs-static-i18n is given (``plugins: - i18n: languages:``): that list
is the one place a language is configured (see :mod:`gorag.languages`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, get_type_hints

import yaml
from yaml_env_tag import construct_env_tag

from .errors import GoragError
from .languages import Language, Languages


@dataclass(frozen=True)
class Option:
    """One of the ``gorag`` plugin's options in mkdocs.yml."""

    name: str
    type: type
    default: Any
    help: str


def _option(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Options:
    """The ``gorag`` plugin's options: each declared here once, with its default and what it is
    for; :data:`OPTIONS` lists them for MkDocs' schema and the checks below."""

    content_dir: str = _option("protocols", "protocols, roles, agencies, glossary (relative to mkdocs.yml)")
    campaigns_dir: str = _option("campaigns", "one folder per campaign")
    staging_dir: str = _option(".gorag/docs", "the docs folder MkDocs reads: docs/ plus generated pages")
    cache_dir: str = _option(".gorag/cache", "PDFs and personal-data scans kept between builds")
    strings_dir: str = _option("", "a folder of <lang>.yml interface strings that add a language or replace texts "
                                   "(relative to mkdocs.yml; none when empty)")
    edit_url: str = _option("", "base of 'Edit this page' links, e.g. https://github.com/ORG/gorag/edit/main/ (none when empty)")
    printables: bool = _option(True, "render printables (PDF); off in quick previews")
    nav_protocols_limit: int = _option(100, "above this many protocols the navigation links to the Protocols index instead "
                                            "of listing them (every page carries the whole navigation: 3,000 entries make "
                                            "780 KB pages); 0: no limit")

    @classmethod
    def of(cls, values: dict[str, Any], where: str = "mkdocs.yml") -> Options:
        """Options from the plugin's mapping; :class:`GoragError` naming a wrong or unknown one."""
        known = {o.name: o for o in OPTIONS}
        problems = [f"unknown option '{name}' (expected one of {', '.join(known)})" for name in values if name not in known]
        for name, value in values.items():
            option = known.get(name)
            if option and not (isinstance(value, option.type) and (option.type is bool or not isinstance(value, bool))):
                problems.append(f"'{name}' must be {option.type.__name__}, got {value!r} (e.g. {name}: {option.default!r})")
        if problems:
            raise GoragError(f"{where}: plugins: gorag: " + "; ".join(problems))
        return cls(**values)


OPTIONS: tuple[Option, ...] = tuple(Option(f.name, get_type_hints(Options)[f.name], f.default, f.metadata["help"])
                                    for f in fields(Options))


@dataclass(frozen=True)
class SiteConfig:
    """What Gorag reads from mkdocs.yml."""

    root: Path
    docs_dir: Path
    site_url: str
    options: Options
    languages: Languages
    markdown_extensions: tuple[tuple[str, dict[str, Any]], ...]


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for the values Gorag needs, skipping Python tags (slugify)."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_ConfigLoader.add_constructor("!ENV", construct_env_tag)  # as MkDocs reads it: site_url, strict, edit_url
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _plugin(raw: dict[str, Any], name: str) -> dict[str, Any] | None:
    for item in raw.get("plugins") or []:
        if isinstance(item, dict) and name in item:
            return dict(item[name] or {})
        if item == name:
            return {}
    return None


def languages_of(i18n: dict[str, Any] | None, where: str) -> Languages:
    """The site's languages from mkdocs-static-i18n's options (``languages: [{locale, name,
    default, build}]``); :class:`GoragError` when there are none or no single default."""
    example = "plugins: - i18n: languages: [{locale: en, name: English, default: true}, {locale: ru, name: Русский}]"
    listed = (i18n or {}).get("languages")
    if not isinstance(listed, list) or not listed:
        raise GoragError(f"{where}: the site's languages are configured in plugins: - i18n: languages: (e.g. {example})")
    items: list[Language] = []
    default = ""
    for item in listed:
        if not isinstance(item, dict) or not isinstance(item.get("locale"), str) or not isinstance(item.get("name"), str):
            raise GoragError(f"{where}: each i18n language needs a locale and a name, got {item!r} (e.g. {example})")
        if item.get("build") is False:
            continue
        items.append(Language(item["locale"], item["name"]))
        if item.get("default"):
            default = item["locale"]
    if not default:
        raise GoragError(f"{where}: one i18n language must be the default (default: true), e.g. {example}")
    return Languages(tuple(items), default)


def read_config(config_file: Path) -> SiteConfig:
    """mkdocs.yml's values for Gorag; :class:`GoragError` if it cannot be read or is wrong."""
    root = config_file.resolve().parent
    try:
        raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GoragError(f"{config_file}: cannot read the configuration: {exc}") from None
    if not isinstance(raw, dict):
        raise GoragError(f"{config_file}: expected a mapping of MkDocs settings (site_name: ..., plugins: [...])")
    options = Options.of(_plugin(raw, "gorag") or {}, str(config_file))
    return SiteConfig(root=root, docs_dir=root / str(raw.get("docs_dir") or "docs"), site_url=str(raw.get("site_url") or ""),
                      options=options, languages=languages_of(_plugin(raw, "i18n"), str(config_file)),
                      markdown_extensions=markdown_extensions(raw.get("markdown_extensions")))


def markdown_extensions(listed: object) -> tuple[tuple[str, dict[str, Any]], ...]:
    """mkdocs.yml's ``markdown_extensions`` after MkDocs' own (toc, tables, fenced_code), as
    (name, options) pairs; options MkDocs would build from Python tags are left out."""
    chosen: dict[str, dict[str, Any]] = {"toc": {}, "tables": {}, "fenced_code": {}}
    for item in listed if isinstance(listed, list) else []:
        if isinstance(item, str):
            chosen.setdefault(item, {})
        elif isinstance(item, dict):
            for name, options in item.items():
                kept = {k: v for k, v in options.items() if v is not None} if isinstance(options, dict) else {}
                chosen[str(name)] = {**chosen.get(str(name), {}), **kept}
    return tuple(chosen.items())
