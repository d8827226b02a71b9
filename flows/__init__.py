"""Prefect flows for reviewkit: they orchestrate library calls and hold no domain logic."""
