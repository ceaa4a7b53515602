"""The digest for report authors and the bot's owners: computed from the store (`compute.collect` +
`compute.compute_digest`), scheduled by `schedule`, rendered as Block Kit by `bot.render.digest`.

    data = collect(store, Period.last(timedelta(days=7)))
    digest = compute_digest(data, embed=encoder.encode, new_reports=[NewReport(title, url, date), ...],
                            public_only=True)          # False only for the admins' App Home
    digest.to_json()                                    # python -m bot.digest --json
    digest_message(digest)                              # bot.render.digest: chat.postMessage to DIGEST_CHANNEL

    schedule = parse_schedule(DIGEST_SCHEDULE, DIGEST_TZ)
    key = due(schedule, now)                            # every minute or so in the running bot
    if key and store.claims.claim("digest", key): post the digest of covered(schedule, now)
"""

from bot.digest.compute import Digest, DigestData, NewReport, collect, compute_digest
from bot.digest.schedule import Schedule, covered, due, parse_schedule, period_key

__all__ = [
    "Digest", "DigestData", "NewReport", "Schedule", "collect", "compute_digest", "covered", "due", "parse_schedule",
    "period_key",
]
