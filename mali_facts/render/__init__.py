"""Renderers: from results to text.

Every output format of every command is registered once, with its facts, in
:mod:`mali_facts.render.formats`. Each format's module is imported only when
asked for, so that machine formats never pay for (or import) rich.
"""
