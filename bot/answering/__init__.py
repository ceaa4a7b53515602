"""Answering a question: the search turned into an answer, follow-ups read in their thread, the question as
the search reads it, suggested prompts, and replies with every failure turned into a polite message."""
