"""The edge: everything that touches MkDocs, Material for MkDocs or mkdocs-static-i18n.

The rest of the package (loading and checking sources, rendering pages, calendars, printables,
offline copies) imports none of them, so it can be moved to another site generator (ProperDocs,
Zensical) by rewriting this subpackage alone; ``tests/test_edge.py`` runs the pipeline with the
three made unimportable, and ``tests/test_private_dependencies.py`` lists every private attribute
and markup marker of theirs that this subpackage relies on.
"""
