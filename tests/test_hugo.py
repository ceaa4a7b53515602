import datetime as dt
from pathlib import Path

import pytest

from embeddings.documents.reader import read_document
from embeddings.documents.hugo import find_site, page_url, urlize

DATE = dt.date(2024, 5, 1)


def hugo_site(tmp_path: Path, config: str, name: str = "hugo.toml") -> Path:
    (tmp_path / "site" / "content" / "posts").mkdir(parents=True)
    (tmp_path / "site" / name).write_text(config)
    return tmp_path / "site"


def url_of(site_root: Path, relative: str, front: dict, title: str = "Echidna Expo 2024!") -> str | None:  # type: ignore[type-arg]
    path = site_root / "content" / relative
    found = find_site(path, site_root.parent)
    assert found is not None
    return page_url(found, path, front, DATE, title)


@pytest.mark.parametrize(
    ("permalinks", "relative", "front", "expected"),
    [
        ("", "posts/Echidna-Expo.md", {}, "https://blog.example.com/posts/echidna-expo/"),
        ("", "posts/echidna/index.md", {}, "https://blog.example.com/posts/echidna/"),
        ("", "posts/2024/echidna.md", {"slug": "spiny"}, "https://blog.example.com/posts/2024/spiny/"),
        ("[permalinks]\nposts = '/:year/:month/:slug/'\n", "posts/echidna.md", {}, "https://blog.example.com/2024/05/echidna-expo-2024/"),
        ("[permalinks]\nposts = '/:year/:month/:slug/'\n", "posts/echidna.md", {"slug": "spiny"}, "https://blog.example.com/2024/05/spiny/"),
        ("[permalinks]\nposts = '/:section/:title/'\n", "posts/echidna.md", {}, "https://blog.example.com/posts/echidna-expo-2024/"),
        ("[permalinks.page]\nposts = '/:year/:filename/'\n", "posts/echidna.md", {}, "https://blog.example.com/2024/echidna/"),
        ("[permalinks]\nposts = '/:year/:slug/'\n", "posts/echidna.md", {"url": "/talks/spiny/"}, "https://blog.example.com/talks/spiny/"),
    ],
)
def test_pages_get_the_url_hugo_publishes_them_at(tmp_path: Path, permalinks: str, relative: str, front: dict, expected: str) -> None:  # type: ignore[type-arg]
    root = hugo_site(tmp_path, f"baseURL = 'https://blog.example.com/'\n{permalinks}")
    assert url_of(root, relative, front) == expected


def test_yaml_config_ugly_urls_and_a_base_url_with_a_path(tmp_path: Path) -> None:
    root = hugo_site(tmp_path, "baseURL: https://example.com/blog/\nuglyURLs: true\n", name="config.yaml")
    assert url_of(root, "posts/echidna.md", {}) == "https://example.com/blog/posts/echidna.html"


def test_config_in_config_default_with_its_own_permalinks_file(tmp_path: Path) -> None:
    (tmp_path / "site" / "content" / "posts").mkdir(parents=True)
    default = tmp_path / "site" / "config" / "_default"
    default.mkdir(parents=True)
    (default / "hugo.toml").write_text("baseURL = 'https://blog.example.com/'\n")
    (default / "permalinks.toml").write_text("posts = '/:year/:slug/'\n")
    assert url_of(tmp_path / "site", "posts/echidna.md", {}) == "https://blog.example.com/2024/echidna-expo-2024/"


def test_a_file_outside_the_content_folder_or_any_site_gets_no_hugo_url(tmp_path: Path) -> None:
    root = hugo_site(tmp_path, "baseURL = 'https://blog.example.com/'\n")
    (root / "archetypes").mkdir()
    assert find_site(root / "archetypes" / "default.md", tmp_path) is None
    assert find_site(tmp_path / "notes.md", tmp_path) is None


def test_urlize_keeps_letters_digits_and_hyphens() -> None:
    assert urlize("What? No  way: Docker & K8s 2.0") == "What-No-way-Docker-K8s-2.0"


def test_a_hugo_report_read_from_a_folder_links_to_its_page(tmp_path: Path) -> None:
    root = hugo_site(tmp_path, "baseURL = 'https://blog.example.com/'\n[permalinks]\nposts = '/:year/:month/:slug/'\n")
    post = root / "content" / "posts" / "echidna.md"
    post.write_text("+++\ntitle = 'Echidna Expo'\ndate = 2024-05-01T10:00:00Z\n+++\n\n## Spiny talks\n\nSpiny talks.\n")
    doc = read_document(post, tmp_path)
    assert doc.url == "https://blog.example.com/2024/05/echidna-expo/"
