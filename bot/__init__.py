"""The Slack app: @mentions, DMs and /dockercon answered from the `embeddings` retrieval engine."""
