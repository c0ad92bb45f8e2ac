"""briefcli: a fast, offline, terminal knowledge base of briefings on frontier-AI papers and policy."""

__version__ = "0.1.0"
