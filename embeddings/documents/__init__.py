"""Reading a report into a Document: a file's bytes or a web page's HTML, its front matter or page metadata,
and where its site publishes it.

- `reader`: report files on disk (discovery, decoding, title, date, URL) → Documents,
- `frontmatter`: what a report says about itself (YAML, TOML, Pelican headers),
- `jekyll`, `hugo`: the URL a static site gives a post,
- `markdown`: Markdown or plain text → sections of readable text, split at headings,
- `html`: a web page → Document, with `boilerplate` (what is never the article) and `metadata` (title, author,
  date, canonical URL from og:, JSON-LD and the page's own tags).
"""
