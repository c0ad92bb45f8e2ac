"""brief serve: the explorer in a browser, as a Datasette plugin with templates and static files.
May import: index, output, core, datasette and uvicorn (an optional extra, imported only to serve).
"""
