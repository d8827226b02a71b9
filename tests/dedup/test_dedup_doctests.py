"""The doctests of every dedup module, found by walking the package (none left out)."""

import doctest
import importlib
import pkgutil

import pytest

import reviewkit.dedup

MODULES = sorted(
    f"reviewkit.dedup.{info.name}" for info in pkgutil.iter_modules(reviewkit.dedup.__path__)
)


def test_the_walk_finds_the_concept_modules():
    concepts = {"identifiers", "folding", "titles", "language", "names", "venues", "locators"}
    concepts |= {"prepared", "verdicts", "conflicts", "evidence", "decision"}
    assert {f"reviewkit.dedup.{name}" for name in concepts} <= set(MODULES)


@pytest.mark.parametrize(
    "name", ["identifiers", "folding", "titles", "language", "names", "venues", "locators"]
)
def test_each_normalisation_module_documents_its_rules_with_examples(name):
    module = importlib.import_module(f"reviewkit.dedup.{name}")
    tests = doctest.DocTestFinder().find(module)
    assert sum(len(t.examples) for t in tests) >= 2


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    failures, _ = doctest.testmod(importlib.import_module(name), raise_on_error=False)
    assert failures == 0
