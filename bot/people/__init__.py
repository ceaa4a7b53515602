"""The people behind the reports, as Slack users: who wrote a report (`authors`), from the workspace's
directory (`directory`)."""
