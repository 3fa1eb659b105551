"""Organisation, people and roles pages, one module per process. Each view: permission helper
→ form → service → redirect. Objects outside the user's regions are 404s (see permissions.py)."""
