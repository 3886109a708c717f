"""The PDF document pack: which papers a leg needs (pack), their context (context), HTML and PDF/A-3b (render),
and the deny-all URL fetcher every render goes through (fetcher). Templates live in doc_templates/."""

from tradedesk.documents.pdf.fetcher import BlockedResource, TemplateAssetFetcher
from tradedesk.documents.pdf.pack import KINDS, documents_for, is_charged
from tradedesk.documents.pdf.render import NotApplicable, UnknownDocument, render_html, render_pdf

__all__ = [
    "KINDS",
    "BlockedResource",
    "NotApplicable",
    "TemplateAssetFetcher",
    "UnknownDocument",
    "documents_for",
    "is_charged",
    "render_html",
    "render_pdf",
]
