"""gunicorn entry point: `gunicorn wsgi:app`."""

from tradedesk import create_app

app = create_app()
