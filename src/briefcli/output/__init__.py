"""What people and scripts see: plain text, JSON forms, rich renderables and the console.
May import: core, rich; it never decides what to do, only how it looks.
"""
