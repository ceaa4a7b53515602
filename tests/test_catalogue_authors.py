"""Authors written as logins are shown by the name their e-mail address spells, only where the two agree."""

import pytest

from embeddings.catalogue.authors import display_names


@pytest.mark.parametrize(
    ("login", "email", "shown"),
    [
        ("ThomasSc", "thomas.schuering@example.com", "Thomas Schuering"),
        ("lionelgurret", "lionel.gurret@example.org", "Lionel Gurret"),
        ("tschuering", "thomas.schuering@example.com", "Thomas Schuering"),
        ("gurret-lionel", "lionel.gurret@example.org", "Lionel Gurret"),
        ("ThomasSc", "peter.frey@example.com", "ThomasSc"),  # another person's address
        ("ThomasSx", "thomas.schuering@example.com", "ThomasSx"),  # not the start of the surname
        ("lionelgurret", "lgurret@example.org", "lionelgurret"),  # the address spells no name
        ("Thomas Schuering", "t.schuering@example.com", "Thomas Schuering"),  # already a name
        ("admin", "anne.admin@example.com", "admin"),
    ],
)
def test_a_login_gets_the_name_its_address_spells_only_when_consistent(login: str, email: str, shown: str) -> None:
    assert display_names((login,), (email,)) == (shown,)


def test_several_authors_are_paired_with_their_own_addresses() -> None:
    authors = ("felixj", "ThomasSc")
    emails = ("felix.jablonski@example.com", "thomas.schuering@example.com")
    assert display_names(authors, emails) == ("Felix Jablonski", "Thomas Schuering")
    assert display_names(("ThomasSc",), ()) == ("ThomasSc",)
    assert display_names(("ThomasSc", "felixj"), ("felix.jablonski@example.com",)) == ("ThomasSc", "Felix Jablonski")
