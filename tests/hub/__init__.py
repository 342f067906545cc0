"""Helpers of the JupyterHub tests (tests/test_hub_*.py)."""
