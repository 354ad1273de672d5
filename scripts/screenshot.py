"""Screenshot an exported HTML view in headless Chromium (for docs/graph.png).

    python scripts/screenshot.py build/graph.html docs/graph.png

Opens the page from disk with every non-file request refused, waits until the view is ready,
and writes a 1400x900 PNG. Needs Debian's chromium (`make system-deps`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench_view import offline_page


def main(page_path: str, png: str) -> int:
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    with sync_playwright() as pw:
        browser, page = offline_page(pw, blocked)
        page.goto(Path(page_path).resolve().as_uri())
        page.wait_for_function("window.kgraph && window.kgraph.ready", timeout=60000)
        page.wait_for_timeout(1500)  # let a small graph settle
        page.screenshot(path=png)
        browser.close()
    if blocked:
        print(f"requests refused: {blocked}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
