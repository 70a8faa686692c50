"""The text engine: normalization with an offset map, quote anchoring, difference
classification, sentence segmentation and line/column lookup.

It knows nothing of YAML, ledgers or the command line.
"""
