"""The browser face: `levelup serve`. Thin FastAPI routes over the same application layer as
the CLI (attempts, workspaces on disk, store, grader); nothing here grades, stores or times."""
