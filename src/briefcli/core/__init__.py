"""The domain: value types, errors with full sentences, and graph walks; pure, no I/O.
May import: the standard library only.
"""
