"""Brand Generator shared library."""
