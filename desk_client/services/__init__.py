"""Use cases: the one API every front end calls (see services.app.build_services)."""
