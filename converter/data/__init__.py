"""Data files shipped with the converter (the GB/T 2260 gazetteer)."""
