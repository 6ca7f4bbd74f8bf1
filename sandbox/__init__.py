"""A local server that behaves like the documented constellr API, for tests and demos.

Run it with ``python -m sandbox``; in tests use :class:`sandbox.testing.SandboxServer`.
The plugin never imports this package.
"""
