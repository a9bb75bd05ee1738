"""gongkai (公开): an open government information platform."""

__version__ = "0.1.0"
