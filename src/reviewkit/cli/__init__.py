"""``reviewkit``: the command-line front door.

It parses arguments, calls the library (or starts a Prefect flow for ``run`` and
``refresh``), and turns every ``ReviewkitError`` into one line on stderr and an
exit code. This package and ``flows/`` are the only places that read the
environment, through :class:`~reviewkit.settings.Settings`.

One module per concept: :mod:`~reviewkit.cli.parser` (the arguments),
:mod:`~reviewkit.cli.app` (:func:`main` and the command table),
:mod:`~reviewkit.cli.common` (workspace, exit codes, warnings), and the commands
by domain: :mod:`~reviewkit.cli.refresh` (run, refresh, status, serve),
:mod:`~reviewkit.cli.records` (init, import, export), :mod:`~reviewkit.cli.dedup`,
:mod:`~reviewkit.cli.screening`, :mod:`~reviewkit.cli.extraction` (forms) and
:mod:`~reviewkit.cli.reporting` (prisma, tables). Commands stay thin: the work
is done by the library, which they import only when they run.

NCBI's disclaimer applies to PubMed data fetched with this tool:
https://www.ncbi.nlm.nih.gov/About/disclaimer.html
"""

from __future__ import annotations

from reviewkit.cli.app import main
from reviewkit.cli.common import EXIT_CODES

__all__ = ["EXIT_CODES", "main"]
