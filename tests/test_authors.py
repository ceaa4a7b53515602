"""A report's authors resolved to Slack users through the fake Slack Web API, in the issue's order, cached, and
never guessed: a departed, ambiguous or unknown author is simply not offered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_sdk import WebClient

from bot.people.authors import Author, AuthorResolver, AuthorsFile, Byline
from bot.people.directory import Directory
from tests.slack_fakes import BOT_TOKEN, FakeSlack
from tests.slack_people import People


@pytest.fixture
def people(slack: FakeSlack) -> Iterator[People]:
    team = People(slack)
    team.add("U0THOMAS", "Thomas Schuering", "thomas.schuering@haufe-lexware.com")
    team.add("U0PETER", "Peter Frey", "peter.frey@haufe-lexware.com")
    team.add("U0JURGEN", "Jürgen Müller-Lüdenscheidt", display_name="jm")
    team.add("U0GONE", "Holger Reinhardt", "holger.reinhardt@haufe-lexware.com", deleted=True)
    team.add("U0ANNA1", "Anna Schmidt")
    team.add("U0ANNA2", "Anna Schmidt")
    team.add("B0BOT", "Report Bot", is_bot=True)
    yield team


def resolver(slack: FakeSlack, authors_file: Path | None = None) -> AuthorResolver:
    client = WebClient(token=BOT_TOKEN, base_url=slack.base_url)
    return AuthorResolver(Directory(client), AuthorsFile(authors_file))


def test_an_email_in_the_front_matter_finds_the_author(slack: FakeSlack, people: People) -> None:
    found = resolver(slack).resolve(Byline(("ThomasSc",), ("thomas.schuering@haufe-lexware.com",)))
    assert found == (Author("U0THOMAS", "ThomasSc"),)  # named as the report names them


def test_a_slack_id_comes_first_and_two_authors_pair_with_their_addresses(slack: FakeSlack, people: People) -> None:
    two = Byline(("Felix J", "Peter Frey"), ("nobody@example.com", "peter.frey@haufe-lexware.com"), ("U0THOMAS",))
    assert resolver(slack).resolve(two) == (Author("U0THOMAS", "Thomas Schuering"), Author("U0PETER", "Peter Frey"))


def test_a_departed_author_is_not_offered(slack: FakeSlack, people: People) -> None:
    by_id = resolver(slack).resolve(Byline(("Holger Reinhardt",), slack_ids=("U0GONE",)))
    by_mail = resolver(slack).resolve(Byline(("Holger Reinhardt",), ("holger.reinhardt@haufe-lexware.com",)))
    assert by_id == by_mail == ()


def test_a_name_matches_one_member_closely_but_never_two(slack: FakeSlack, people: People) -> None:
    resolve = resolver(slack).resolve
    assert resolve(Byline(("Jurgen Muller Ludenscheidt",))) == (Author("U0JURGEN", "Jurgen Muller Ludenscheidt"),)
    assert resolve(Byline(("Peter Fray",))) == (Author("U0PETER", "Peter Fray"),)  # a typo in the report
    assert resolve(Byline(("Anna Schmidt",))) == ()  # two members of that name: ambiguous, nobody is asked
    assert resolve(Byline(("Report Bot",))) == resolve(Byline(("Slackbot",))) == ()
    assert resolve(Byline(("Someone Else",))) == ()


def test_the_authors_file_maps_a_name_to_an_id_or_an_address(slack: FakeSlack, people: People, tmp_path: Path) -> None:
    authors = tmp_path / "authors.yml"
    authors.write_text("Anna Schmidt: U0ANNA2\nThe Blog Team: peter.frey@haufe-lexware.com\n", encoding="utf-8")
    resolve = resolver(slack, authors).resolve
    assert resolve(Byline(("Anna Schmidt", "The Blog Team"))) == (
        Author("U0ANNA2", "Anna Schmidt"), Author("U0PETER", "The Blog Team"))


def test_a_broken_authors_file_resolves_nothing_from_it(slack: FakeSlack, people: People, tmp_path: Path) -> None:
    authors = tmp_path / "authors.yml"
    authors.write_text("Anna Schmidt: [unclosed\n", encoding="utf-8")
    assert resolver(slack, authors).resolve(Byline(("Anna Schmidt", "Peter Frey"))) == (Author("U0PETER", "Peter Frey"),)


def test_lookups_are_cached_and_the_directory_is_read_page_by_page(slack: FakeSlack, people: People) -> None:
    resolve = resolver(slack).resolve
    for _ in range(3):
        resolve(Byline(("Peter Frey",), ("peter.frey@haufe-lexware.com",)))
        resolve(Byline(("Jurgen Muller Ludenscheidt",)))
    assert len(slack.posted("users.lookupByEmail")) == 1
    pages = slack.posted("users.list")
    assert len(pages) == 4 and [p.get("cursor") for p in pages] == [None, "2", "4", "6"]  # 8 members, 2 a page


def test_slack_that_cannot_answer_offers_nobody_and_asks_again_later(slack: FakeSlack, people: People) -> None:
    people.refuse = "fatal_error"
    resolve = resolver(slack).resolve
    assert resolve(Byline(("Peter Frey",), ("peter.frey@haufe-lexware.com",))) == ()
    people.refuse = None
    assert resolve(Byline(("Peter Frey",), ("peter.frey@haufe-lexware.com",))) == (Author("U0PETER", "Peter Frey"),)


def test_the_fake_serves_permalinks_as_slack_does(slack: FakeSlack, people: People) -> None:
    client = WebClient(token=BOT_TOKEN, base_url=slack.base_url)
    slack.said({"channel": "C1", "user": "U0ASKER", "text": "q?", "ts": "1700000000.000100"})
    slack.said({"channel": "C1", "user": "U0THOMAS", "text": "a", "ts": "1700000000.000200",
                "thread_ts": "1700000000.000100"})
    link = client.chat_getPermalink(channel="C1", message_ts="1700000000.000200")["permalink"]
    assert link == "https://test.slack.com/archives/C1/p1700000000000200?thread_ts=1700000000.000100&cid=C1"
    people.delete("C1", "1700000000.000200")
    with pytest.raises(Exception, match="message_not_found"):
        client.chat_getPermalink(channel="C1", message_ts="1700000000.000200")
