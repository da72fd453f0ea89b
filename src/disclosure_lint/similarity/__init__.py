"""Text similarity for Chinese report prose: normalisation, character shingles, MinHash and LSH.

Everything here is deterministic (fixed seeds, no Python ``hash()``), works on characters (Chinese
needs no word segmentation) and uses numpy so that ten thousand reports take seconds.
"""
