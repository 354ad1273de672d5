"""The HTML view in a real headless Chromium, opened from disk with the network off."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kgraph.export import write_view
from kgraph.export.network import build_graph
from kgraph.rdf import Store
from kgraph.rdf.iri import entity_iri
from kgraph.types import Article, Entity, Evidence, Mention, Relation, ResolvedArticle

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs /usr/bin/chromium (apt-get install chromium; "
                              "make system-deps)"),
]

EVIL_NAME = "<img src=x onerror=alert(1)>"
EVIL_ACTION = "</script><script>alert(2)</script>"
EVIL_TITLE = '<b>bold</b> & "quoted"'


def _hostile() -> ResolvedArticle:
    sentence = f"{EVIL_NAME} demands {EVIL_ACTION} today."
    text = f"{EVIL_TITLE}\n\n{sentence}"
    start = text.index(sentence)

    def mention(t: str, etype: str) -> Mention:
        at = text.index(t, start)
        return Mention(text=t, start=at, end=at + len(t), type=etype)

    person = Entity(str(entity_iri("Person", EVIL_NAME)), EVIL_NAME, "Person",
                    frozenset({"<svg onload=alert(3)>"}))
    action = Entity(str(entity_iri("PolicyAction", EVIL_ACTION)), EVIL_ACTION, "PolicyAction")
    article = Article(id="hostile", text=text, source="hostile.txt", title=EVIL_TITLE,
                      date=dt.date(2020, 5, 1), url="https://example.org/a?b=1&c=2")
    relation = Relation(article="hostile", relation="calls_for",
                        subject=mention(EVIL_NAME, "Person"),
                        object=mention(EVIL_ACTION, "PolicyAction"),
                        evidence=Evidence(sentence, start, start + len(sentence),
                                          "kgraph.calls_for", "1"),
                        confidence=0.5)
    return ResolvedArticle(article, (relation,), {("Person", EVIL_NAME): person,
                                                  ("PolicyAction", EVIL_ACTION): action})


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from conftest import sample_resolved

    store = Store(None)
    for resolved in [*sample_resolved(), _hostile()]:
        store.write_article(resolved)
    out = tmp_path_factory.mktemp("view") / "graph.html"
    write_view(store, "html", out)
    g = build_graph(store)
    store.close()
    return out, g


class Page:
    """A page opened offline: every non-file request aborted and recorded, dialogs recorded."""

    def __init__(self, browser, path: Path):
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("dialog", self._dialog)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.kgraph && window.kgraph.ready", timeout=30000)

    def _route(self, route):
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def node_id(self, label: str) -> int:
        return self.js("l => kgraph.data.nodes.findIndex(n => n.label === l)", label)

    def close(self):
        assert self.requests == [], "the page asked for the network"
        assert self.dialogs == [], "a script from the data ran"
        assert self.errors == []
        self.page.close()


@pytest.fixture(name="page")
def page_fixture(browser, exported):
    p = Page(browser, exported[0])
    yield p
    p.close()


def test_drawn_nodes_and_edges_match_the_graph(page, exported):
    g = exported[1]
    assert page.js("kgraph.visibleNodeIds().length") == g.number_of_nodes()
    assert page.js("kgraph.visibleEdgeIds().length") == g.number_of_edges()
    assert page.js("kgraph.edges.get().map(e => e.label).sort()") == sorted(
        k for *_x, k in g.edges(keys=True))
    legend = page.page.locator("label.legend-class").all_inner_texts()
    assert any(t.startswith("Country") for t in legend)


def test_search_focuses_the_node_named_by_an_alias(page):
    page.page.fill("#search", "umarov")
    page.page.press("#search", "Enter")
    want = page.node_id("Yermek Umarov")
    assert want >= 0
    assert page.js("kgraph.network.getSelectedNodes()") == [want]
    assert page.page.inner_text("#details h3") == "Yermek Umarov"
    highlighted = page.js("kgraph.highlighted")
    assert want in highlighted and page.node_id("Kazakhstan") not in highlighted


def _edges_where(page, cond: str) -> list[int]:
    return page.js(f"kgraph.data.edges.map((e, j) => [e, j]).filter(([e]) => {cond})"
                   ".map(([, j]) => j)")


def test_filters_hide_the_right_edges_and_combine(page):
    page.page.uncheck("input[data-relation='calls_for']")
    assert page.js("kgraph.visibleEdgeIds()") == _edges_where(page, "e.rel !== 'calls_for'")
    page.page.fill("#date-from", "2022-01-01")
    page.page.dispatch_event("#date-from", "change")
    want = _edges_where(page, "e.rel !== 'calls_for' && e.ev.some(i => i.d >= '2022-01-01')")
    assert page.js("kgraph.visibleEdgeIds()") == want and len(want) == 2
    page.page.uncheck("input[data-class='Permit']")
    assert page.js("kgraph.visibleEdgeIds()") == _edges_where(page, "e.rel === 'holds_position'")
    assert page.node_id("ArcelorMittal Temirtau") not in page.js("kgraph.visibleNodeIds()")


def _click_edge(page, j: int) -> None:
    box = page.page.locator("#graph").bounding_box()
    point = page.js("j => kgraph.edgeCenter(j)", j)
    page.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_clicking_an_edge_shows_its_evidence(page):
    (j,) = _edges_where(page, "e.rel === 'holds_permit'")
    _click_edge(page, j)
    details = page.page.locator("#details")
    assert details.get_attribute("data-kind") == "edge"
    assert page.page.inner_text("#details h3") == "holds_permit"
    assert "received an emission permit" in page.page.inner_text("#details blockquote")
    source = page.page.inner_text("#details .source")
    assert "Steel maker gets emission quota" in source and "2022-03-01" in source
    (j,) = _edges_where(page, "e.rel === 'calls_for' && e.ev[0].t === 'Kazakhstan pavilion"
                              " at Expo 2020'")
    _click_edge(page, j)
    assert page.page.locator("#details a").get_attribute("href") == (
        "https://example.org/news/expo-2020")


def test_hostile_strings_are_text_and_run_nothing(page):
    page.page.fill("#search", EVIL_NAME)
    page.page.press("#search", "Enter")
    assert page.page.inner_text("#details h3") == EVIL_NAME
    assert "<svg onload=alert(3)>" in page.page.inner_text("#details dl")
    (j,) = _edges_where(page, "e.ev[0].a === 'hostile'")
    page.js("j => kgraph.showEdge(j)", j)
    assert EVIL_ACTION in page.page.inner_text("#details blockquote")
    assert EVIL_TITLE in page.page.inner_text("#details .source")
    assert page.page.locator("#details a").get_attribute("href") == (
        "https://example.org/a?b=1&c=2")
    assert page.js("document.querySelectorAll('img, svg, b, iframe').length") == 0
    assert page.js("document.scripts.length") == 3  # data, vis-network, the view
    page.page.wait_for_timeout(200)
    assert page.dialogs == []
