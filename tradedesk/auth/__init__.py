"""Actors, roles, permissions and API tokens; every lookup is scoped to the actor."""
