"""The SQLite index: its schema and migrations, the write path (atomic loads), read queries, search.
May import: sources, core, sqlite3, sqlite_utils, rapidfuzz.
"""
