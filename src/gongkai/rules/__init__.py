"""The law and the formats as code: pure Python, no Django import.

Django apps call this package; it never calls them.
"""
