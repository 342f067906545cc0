"""Registers the ``hub`` marker (also to be declared in pyproject's [tool.pytest.ini_options])."""


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers",
        "hub: runs a real JupyterHub (and Chromium); needs ci/install-hub-deps.sh, else skips",
    )
