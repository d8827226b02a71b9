"""Tests for reviewkit.protocol (the package): every public name is re-exported."""

from __future__ import annotations

import importlib

import reviewkit.protocol as protocol

MODULES = ("eligibility", "extraction", "imports", "loading", "locations", "model", "prisma",
           "review", "schedule", "screening", "search", "section", "template")  # fmt: skip


def test_the_package_exports_exactly_the_public_protocol_names() -> None:
    assert sorted(protocol.__all__) == sorted(set(protocol.__all__))
    for name in protocol.__all__:
        assert getattr(protocol, name) is not None, name


def test_each_export_is_the_object_its_module_defines() -> None:
    owners = {}
    for module in MODULES:
        found = importlib.import_module(f"reviewkit.protocol.{module}")
        for name in found.__all__:
            owners[name] = getattr(found, name)
    for name in protocol.__all__:
        assert getattr(protocol, name) is owners[name], name
