"""policylint: finds missing and vague topics in social media policies written in Markdown."""
from __future__ import annotations

__version__ = "0.1.0"

from .api import Options, lint_file, lint_paths, lint_text  # noqa: E402
from .report import FileReport, Finding, TopicVerdict  # noqa: E402

__all__ = ["lint_text", "lint_paths", "lint_file", "Options", "FileReport", "Finding",
           "TopicVerdict", "__version__"]
