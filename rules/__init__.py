"""Rule files of the four built-in document types (installed as ``converter_rules``)."""
