"""The reports of one index, as one object: what each report says about itself (title, link, date, event,
authors, place, tags, passages), what the corpus covers, which reports use each word, which report a link
points at, and the questions the reports answer. Built from the index, once per index, and swapped with it
(`Index.catalogue`)."""

from embeddings.catalogue.catalogue import Catalogue
from embeddings.catalogue.coverage import Coverage, coverage
from embeddings.catalogue.links import LinkedReport, ReportLinks
from embeddings.catalogue.questions import Confirm, Questions, Suggestion
from embeddings.catalogue.report import Report, reports_of
from embeddings.catalogue.words import ReportCounts

__all__ = [
    "Catalogue", "Confirm", "Coverage", "LinkedReport", "Questions", "Report", "ReportCounts",
    "ReportLinks", "Suggestion", "coverage", "reports_of",
]
