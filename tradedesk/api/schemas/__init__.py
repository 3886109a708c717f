"""marshmallow input schemas: one per action, unknown fields rejected."""
