"""gunicorn entry point: `gunicorn wsgi:app`."""

from tradedesk.app import create_app

app = create_app()
