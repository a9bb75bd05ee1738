"""The demo data (`gongkai demo`, `make demo`): agencies, staff, seed documents and, through each
app's own ``demo`` module, a few records of every kind. Never loaded in production."""
