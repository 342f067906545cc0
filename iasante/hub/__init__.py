"""The JupyterHub journey: distribution links (nbgitpuller) for instructors.

The hub itself is configured by the deployment kit in ``deploy/`` (see
``docs/deployment-hub.md``); this package only holds what the ``iasante``
command offers around it.
"""

from iasante.hub.lien import LinkError, ModuleTarget, build_link, resolve_module

__all__ = ["LinkError", "ModuleTarget", "build_link", "resolve_module"]
