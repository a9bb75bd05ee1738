"""Helpers of the test suites of every app: real files of each kind (files), opening a download as
its reader does (opened), test data built the way the platform builds it (factories), and a
service module's clock moved to a day (clock)."""
