"""Where things are: the package's own files, and where every output of every language lives in
the built site. One module, so a path is written once (see docs/developers.md)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# Browser code from npm (generator/vendor/package.json), installed by `make` with `npm ci`.
VENDOR = PACKAGE.parent / "vendor" / "node_modules"
