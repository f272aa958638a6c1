"""Where a Gorag project keeps its sources, and the one function that builds its pages' inputs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .models import Library
from .stage import collect, sync
from .validate import load_library


@dataclass(frozen=True)
class Project:
    """Paths of one Gorag project, all absolute."""

    root: Path
    docs_dir: Path
    content_dir: Path
    staging_dir: Path

    def load(self) -> Library:
        """Load and validate every source; raises :class:`~gorag.errors.ContentErrors`."""
        return load_library(self.content_dir, self.docs_dir, self.root)

    def stage(self) -> Library:
        """Validate, then write the staged docs directory MkDocs builds from."""
        library = self.load()
        sync(collect(library, self.docs_dir), self.staging_dir)
        return library
