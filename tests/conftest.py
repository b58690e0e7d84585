"""Slow tests (a wheel built and installed, pre-commit, a real browser, very large documents)
are marked ``slow`` and left out of a plain ``python -m pytest``, the quick loop while working;
``python -m pytest --run-slow`` runs everything, as CI does (.ci/run)."""
import pytest


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="also run the tests marked slow (CI does)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow"):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]
