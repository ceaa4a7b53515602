"""Reports in, cited passages out: reading, chunking, embedding, indexing and searching event reports.

Nothing in this package knows about Slack; `bot/` builds on it.
"""
