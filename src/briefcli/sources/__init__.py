"""Briefing files on disk: the YAML loader and the checks of a collection without an index.
May import: core, yaml.
"""
