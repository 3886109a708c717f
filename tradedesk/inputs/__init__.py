"""Input schemas shared by every edge (HTTP API, CLI, pages): they translate JSON or form input into domain
values and name the field of each problem. The use cases may call them (stateless classification); they
import neither Flask nor the database."""
