"""The command line: Typer declarations, command bodies, the fast entry point, the error boundary.
May import: everything below it (output, index, sources, core); only this package imports typer.
"""
