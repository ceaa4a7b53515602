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
        ("re:Invent 2024 recap", ["re:Invent 2024"]),
        ("AWS re:Invent 2024: what we learned", ["AWS re:Invent 2024"]),
        ("PyCon US 2019 Wrap-up", ["PyCon US 2019"]),
        ("KubeCon + CloudNativeCon North America 2018", ["KubeCon+CloudNativeCon North America 2018"]),
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


def test_trailing_report_words_are_not_part_of_the_name() -> None:
    assert [e.label for e in events_in("PyCon US Wrap-up")] == ["PyCon US"]
    assert [e.label for e in events_in("DockerCon: a recap")] == ["DockerCon"]


def test_a_name_written_with_its_year_is_that_edition() -> None:
    assert [e.label for e in events_in("devopsdays16 in Ghent")] == ["devopsdays 2016"]
    assert [e.label for e in events_in("Notes from kubecon2019")] == ["kubecon 2019"]
    assert events_in("python3 tips") == [] and events_in("Upgrading to ES6") == []


def test_a_plain_name_is_an_event_where_the_title_says_the_report_is_about_it() -> None:
    assert [e.label for e in events_in("Notes from Monitorama", subject=True)] == ["Monitorama"]
    assert [e.label for e in events_in("My trip to Monitorama", subject=True)] == ["Monitorama"]
    assert events_in("Notes from Monitorama") == []  # running text: no year, no event-like word
    assert events_in("Lessons from Kubernetes", subject=True) == []  # a common word, not a brand


def test_region_words_name_editions_of_one_series() -> None:
    for name in ("KubeCon + CloudNativeCon North America", "KubeCon NA", "KubeCon China", "KubeCon India", "KubeCon EU"):
        assert series_words(name)[0] == "kubecon", name
    assert series_words("KubeCon China") == ("kubecon",)


def test_a_place_is_a_proper_noun_where_something_took_place() -> None:
    assert places_in("Strange Loop 2019 was held in St. Louis. It was great.", require_context=True) == ["St. Louis"]
    assert places_in("What is new in Ubuntu 22.04", require_context=False) == []
    assert places_in("All in One: DevOpsCon 2015 in Munich", require_context=False) == ["Munich"]
    assert places_in("A week in New York", require_context=False) == ["New York"]
    assert places_in("I attended the Conference on Machine Learning in Sydney, Australia", True) == ["Sydney"]
    assert places_in("Docker support in Windows at DockerCon 2016", require_context=True) == []
