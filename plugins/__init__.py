"""The built-in plugins (installed as ``converter_plugins``), registered through entry points like any other."""
