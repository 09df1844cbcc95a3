"""JSON Schemas of the record, the rule-file format and the built-in types (installed as ``converter_schemas``)."""
