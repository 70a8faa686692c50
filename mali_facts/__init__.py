"""mali-facts: verify quoted claims against their sources, search them and cite them.

The public API is kept light: heavy modules load only when first used.

>>> from mali_facts import locate
>>> locate("The cat sat.", "cat").status
'verified'
"""

__version__ = "0.1.0"

__all__ = ["locate", "Match", "Difference", "__version__"]


def __getattr__(name):  # PEP 562: lazy attributes keep `import mali_facts` cheap
    if name in ("locate", "Match", "Difference"):
        from mali_facts.text import locate as _locate

        return getattr(_locate, name)
    raise AttributeError(f"module 'mali_facts' has no attribute {name!r}")
