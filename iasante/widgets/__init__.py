"""Interactive explorers (ipywidgets + matplotlib) over plain functions of ``metrics``."""
