"""Reading reports: structure, table mapping, run-together numbers, assembly, grids and decoding,
shared by every loader so that each input format is read the same way."""
