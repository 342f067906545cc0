"""French catalogue, one module per area of the package."""
