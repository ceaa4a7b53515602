"""The events a report names, recognised by their shape, and where they took place."""

import pytest

from embeddings.catalogue.events import events_in, places_in, series_words
from embeddings.search.about import initials


@pytest.mark.parametrize(
    ("title", "labels"),
    [
        ("Impressions from DockerCon 2015 - Part 1", ["DockerCon 2015"]),
        ("Summary of QCon New York, 2016", ["QCon New York 2016"]),
        ("Summary of 'Digitale Leute' 2019 in Cologne", ["Digitale Leute 2019"]),
        ("Takeaways from attending KubeCon+CloudNativeCon Europe 2023, wearing many hats", ["KubeCon+CloudNativeCon Europe 2023"]),
        ("DEF CON 22 Recap", ["DEF CON 22"]),
        ("linux.conf.au 2016 report", ["linux.conf.au 2016"]),
        ("performance.now() Conference 2019.", ["performance.now() Conference 2019"]),
        ("APIdays Paris - From Philosophy to Technology and back again", ["APIdays Paris"]),
        ("Being a Microservice or Cattle over pets", []),
        ("CQRS, Eventsourcing and DDD", []),
    ],
)
def test_events_are_found_by_their_shape(title: str, labels: list[str]) -> None:
    assert [e.label for e in events_in(title)] == labels


def test_spellings_of_one_event_are_one_series() -> None:
    names = {"".join(series_words(n)) for n in ("KubeCon EU", "KubeCon Europe", "kubecon + cloudnativecon europe")}
    assert {n[: len("kubecon")] for n in names} == {"kubecon"}
    assert series_words("KubeCon EU") == ("kubecon",)


def test_initials_name_an_event() -> None:
    assert initials("Agile & Automation Days") == "aa" and initials("linux.conf.au") == "lca"


def test_places_are_read_where_the_text_speaks_of_the_event() -> None:
    text = "The weather was nice in Spring. linux.conf.au was held from 1 - 5 January in Geelong, a regional city."
    assert places_in(text, require_context=True) == ["Geelong"]
    assert places_in("Impressions from Strata Data 2017 in London", require_context=False) == ["London"]
