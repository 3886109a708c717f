"""JSON API under /api/v1: thin blueprints (load input -> call one service -> dump output)."""
