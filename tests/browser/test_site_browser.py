"""The documentation site in a real browser (Debian's Chromium, headless): what a reader gets.

* every page loads without a console error, a failed request or a script error, and every link, style
  sheet, script and document it points to on the site answers 200 (a crawl of every page);
* search finds "Living Lab" from "living" and "Ontwikkelwerkplaats" from "werkplaats" (substring,
  case- and accent-insensitive), from the search page and from the search box in the header;
* the language switch leads to the same page in the other language and back;
* axe-core (https://github.com/dequelabs/axe-core) finds no serious or critical violation on a page of
  every kind, in both languages; the skip link is the first stop of the keyboard and focus is visible;
* everything but search works without JavaScript;
* no page of any template is wider than the screen at 360, 390 and 768 px (both languages); a phone's first
  screen of a concept page shows its name and the start of the quote; tables and the diagram scroll in
  their own box;
* search ranks the expected result first for a table of queries (labels, abbreviations, typos, hyphens,
  perspectives, sources; Dutch and English), leaves ontology terms out unless asked, and marks the match;
* the copy button puts the reference on the clipboard with the network off;
* screenshots of every template at 1280 and 390 px in both languages go to ``dist/screenshots/``.
"""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from browser_setup import CHROMIUM, CHROMIUM_FLAGS, ROOT

SCREENSHOTS = Path(__file__).resolve().parents[2] / "dist" / "screenshots"

#: a page of every template, in both languages (axe takes ~0.3 s a page, so not all 600)
AXE_PAGES = [
    "index.html",
    "concepts.html",
    "concept/living-lab.html",
    "concept/lab.html",
    "facet/actor/burgers.html",
    "domein/onderwijs.html",
    "scheme/omgevingen.html",
    "definitie/stadslab.html",
    "bron/kloppenburg-de-jonge-greve-2020.html",
    "agent/greve.html",
    "sources.html",
    "def.html",
    "def/Definition.html",
    "annotatie/living-lab/actor-onderzoekers.html",
    "vraag/6.html",
    "validation.html",
    "queries.html",
    "search.html?q=lab",
    "about.html",
    "sparql.html",
    "404.html",
]
#: one page of every page template (templates/*.html but the shared ones), and the widest concept page
TEMPLATE_PAGES = {
    "home": "index.html",
    "concepts": "concepts.html",
    "concept": "concept/living-lab.html",
    "concept-wide": "concept/hybride-leeromgeving.html",
    "term": "facet/actor/burgers.html",
    "scheme": "scheme/omgevingen.html",
    "definition": "definitie/hybride-leeromgeving.html",
    "source": "bron/kloppenburg-de-jonge-greve-2020.html",
    "agent": "agent/greve.html",
    "sources": "sources.html",
    "ontology": "def.html",
    "ontology_term": "def/Definition.html",
    "resource": "vraag/6.html",
    "validation": "validation.html",
    "queries": "queries.html",
    "search": "search.html?q=lab",
    "about": "about.html",
    "sparql": "sparql.html",
    "404": "404.html",
}
SHARED_TEMPLATES = {"base", "header", "macros", "sparql_form"}


def _status(url: str) -> int:
    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


async def _crawl(base_url: str, names: list[str], tabs: int = 6) -> tuple[list[str], dict[str, list[str]]]:
    """Load every page in a few tabs at once; (problems seen, links of each page)."""
    from playwright.async_api import async_playwright

    problems: list[str] = []
    links: dict[str, list[str]] = {}
    queue: asyncio.Queue[str] = asyncio.Queue()
    for name in names:
        queue.put_nowait(name)

    async def worker(context) -> None:
        tab = await context.new_page()
        current = {"name": ""}

        def failed(request) -> None:
            # a request cut off because the tab moved on to the next page is ours, not the page's
            if request.failure != "net::ERR_ABORTED":
                problems.append(f"{current['name']}: request failed: {request.url} ({request.failure})")

        tab.on(
            "console",
            lambda m: problems.append(f"{current['name']}: {m.text}") if m.type == "error" else None,
        )
        tab.on("pageerror", lambda e: problems.append(f"{current['name']}: script error: {e}"))
        tab.on("requestfailed", failed)
        tab.on(
            "response",
            lambda r: problems.append(f"{current['name']}: {r.status} {r.url}") if r.status >= 400 else None,
        )
        while not queue.empty():
            name = queue.get_nowait()
            current["name"] = name
            await tab.goto(urljoin(base_url, name), wait_until="load")
            links[name] = await tab.eval_on_selector_all(
                "a[href], link[href], script[src]", "els => els.map(e => e.href || e.src)"
            )
        await tab.close()

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        context = await browser.new_context()
        await asyncio.gather(*(worker(context) for _ in range(tabs)))
        await browser.close()
    return problems, links


def test_every_page_loads_cleanly_and_every_link_resolves(browser, base_url: str, site_dir: Path):
    all_pages = sorted(str(p.relative_to(site_dir)) for p in site_dir.rglob("*.html"))
    assert len(all_pages) > 500
    # the async crawl runs in a thread of its own: the sync browser fixture owns this thread's event loop
    with ThreadPoolExecutor(max_workers=1) as pool:
        problems, links = pool.submit(asyncio.run, _crawl(base_url, all_pages)).result()
    assert not problems, f"{len(problems)} problems while loading pages, first: {problems[:10]}"

    origin = urlparse(base_url).netloc
    targets: dict[str, list[str]] = {}
    for name, hrefs in links.items():
        for href in hrefs:
            parsed = urlparse(href)
            if parsed.netloc == origin:  # external IRIs (w3id.org, the HU publication …) are not checked offline
                targets.setdefault(parsed._replace(fragment="", query="").geturl(), []).append(name)
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = dict(zip(targets, pool.map(_status, targets), strict=True))
    broken = [f"{pages[0]} -> {url} ({statuses[url]})" for url, pages in targets.items() if statuses[url] != 200]
    assert not broken, f"{len(broken)} broken links, first: {broken[:10]}"
    reached = {urlparse(url).path.lstrip("/") for url in targets}
    unreachable = [name for name in all_pages if name not in reached and not name.endswith("404.html")]
    assert not unreachable, f"pages no link leads to: {unreachable[:10]}"


def _search(page, query: str) -> list[str]:
    page.fill("#search-input", query)
    page.wait_for_function("document.getElementById('search-status').textContent.length > 0")
    return page.eval_on_selector_all("#search-results li > a", "els => els.map(e => e.textContent)")


def test_search_finds_by_substring_case_and_accent_insensitively(page, base_url: str):
    page.goto(urljoin(base_url, "search.html"))
    assert "Living Lab" in _search(page, "living")
    assert "Ontwikkelwerkplaats" in _search(page, "werkplaats")
    assert "Living Lab" in _search(page, "LIVING")
    assert "cliënten" in _search(page, "clienten")
    assert _search(page, "zzzqqq") == []
    assert "Geen resultaten" in page.text_content("#search-status")
    # in English the same concept shows its English label, and the link goes to the English page
    page.goto(urljoin(base_url, "en/search.html"))
    assert "development workplace" in _search(page, "werkplaats")
    hrefs = page.eval_on_selector_all("#search-results li > a", "els => els.map(e => e.href)")
    assert urljoin(base_url, "en/concept/ontwikkelwerkplaats.html") in hrefs


def test_search_box_in_the_header_leads_to_results(page, base_url: str):
    page.goto(urljoin(base_url, "concept/lab.html"))
    page.fill("#site-search", "living")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/search.html?q=living")
    page.wait_for_selector("#search-results li > a")
    assert "Living Lab" in page.eval_on_selector_all("#search-results li > a", "els => els.map(e => e.textContent)")
    page.click("#search-results li > a >> text=Living Lab")
    assert page.url == urljoin(base_url, "concept/living-lab.html")


def test_language_switch_goes_to_the_same_page_and_back(page, base_url: str):
    page.goto(urljoin(base_url, "concept/living-lab.html"))
    assert page.get_attribute("html", "lang") == "nl"
    page.click(".lang-switch a")
    assert page.url == urljoin(base_url, "en/concept/living-lab.html")
    assert page.get_attribute("html", "lang") == "en"
    assert page.text_content("h1") == "Living Lab"
    assert page.get_attribute("blockquote.quote", "lang") == "nl"
    page.click(".lang-switch a")
    assert page.url == urljoin(base_url, "concept/living-lab.html")


@pytest.mark.parametrize("name", [*AXE_PAGES, *(f"en/{p}" for p in AXE_PAGES)])
def test_no_serious_accessibility_violation(page, base_url: str, axe_source: str, name: str):
    page.goto(urljoin(base_url, name))
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag',
                      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
            resultTypes: ['violations'],
        })"""
    )
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    report = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in serious]
    assert not serious, f"{name}: " + "; ".join(report)


def test_keyboard_skip_link_and_visible_focus(page, base_url: str):
    page.goto(urljoin(base_url, "concept/living-lab.html"))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
        " const s = getComputedStyle(e); return {cls: e.className, top: r.top, outline: s.outlineStyle,"
        " width: parseFloat(s.outlineWidth)}; }"
    )
    assert focused["cls"] == "skip-link" and focused["top"] >= 0, focused
    assert focused["outline"] != "none" or focused["width"] > 0, focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("() => document.activeElement.id") == "main"
    for _ in range(3):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        assert style[1] != "none" and style[2] >= 2, f"focus is not visible on {style[0]}: {style}"


def test_everything_but_search_works_without_javascript(browser, base_url: str):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(urljoin(base_url, "concept/living-lab.html"))
        assert tab.text_content("h1") == "Living Lab"
        assert tab.locator("blockquote.quote mark").count() >= 4
        tab.click(".lang-switch a")
        assert tab.url == urljoin(base_url, "en/concept/living-lab.html")
        tab.click("details.all-statements > summary")  # <details> opens without script
        assert tab.locator("details.all-statements[open] table.statements").is_visible()
        tab.goto(urljoin(base_url, "en/search.html"))
        assert "Search needs JavaScript" in tab.text_content("main")
    finally:
        context.close()


def test_every_page_template_has_a_page_in_these_tests():
    template_folder = ROOT / "src" / "mgo" / "web" / "site" / "templates"
    templates = {p.stem for p in template_folder.glob("*.html")} - SHARED_TEMPLATES
    assert templates, "no templates found"
    assert templates <= {key.removesuffix("-wide") for key in TEMPLATE_PAGES}, templates - set(TEMPLATE_PAGES)


@pytest.mark.parametrize("width", [360, 390, 768])
def test_no_page_is_wider_than_the_screen(browser, base_url: str, width: int):
    """Every template in both languages at phone and tablet widths: nothing scrolls sideways; a table, the
    diagram or a block of code may be wider than the screen only inside its own scroll box."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    too_wide = []
    try:
        for name in TEMPLATE_PAGES.values():
            for lang_prefix in ("", "en/"):
                tab.goto(urljoin(base_url, lang_prefix + name))
                found = tab.evaluate(
                    """() => {
                        const page = document.documentElement.scrollWidth;
                        const offenders = [];
                        for (const e of document.querySelectorAll('main *')) {
                            const r = e.getBoundingClientRect();
                            if (r.right > window.innerWidth + 1 && !e.closest('.table-scroll, .diagram, pre')) {
                                offenders.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
                            }
                        }
                        return {page, offenders: offenders.slice(0, 3)};
                    }"""
                )
                if found["page"] > width or found["offenders"]:
                    too_wide.append(f"{lang_prefix}{name}: {found}")
    finally:
        context.close()
    assert not too_wide, f"wider than {width} px: {too_wide}"


def test_phone_first_screen_of_a_concept_shows_label_and_definition(browser, base_url: str):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        for name in ("concept/living-lab.html", "en/concept/living-lab.html"):
            tab.goto(urljoin(base_url, name))
            h1 = tab.locator("h1").bounding_box()
            quote = tab.locator("blockquote.quote p").first.bounding_box()
            assert h1 is not None and quote is not None
            assert h1["y"] + h1["height"] <= 844, (name, h1)
            # at least the first line of the quote is on the first screen
            assert quote["y"] + 24 <= 844, (name, quote)
    finally:
        context.close()


def test_tables_and_the_diagram_scroll_inside_their_own_box(browser, base_url: str):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    tab = context.new_page()
    try:
        for name in ("concept/hybride-leeromgeving.html", "index.html", "en/concepts.html", "queries.html"):
            tab.goto(urljoin(base_url, name))
            boxes = tab.evaluate(
                """() => [...document.querySelectorAll('main table, main svg.model-diagram')]
                    .filter(e => !e.closest('details:not([open])'))
                    .map(e => { const box = e.closest('.table-scroll, .diagram');
                                return box ? getComputedStyle(box).overflowX : 'none'; })"""
            )
            assert boxes, name
            assert all(b in ("auto", "scroll") for b in boxes), (name, boxes)
    finally:
        context.close()


#: (language, query, the page of the first result): labels, abbreviations, notations, typos, hyphens,
#: perspectives, definitions and sources, in Dutch and on the English pages
SEARCHES = [
    ("nl", "LIN", "concept/leer-en-innovatienetwerk.html"),
    ("nl", "buurt", "concept/stadslab.html"),
    ("nl", "comunity", "concept/community.html"),
    ("nl", "co-creatie", "concept/living-lab.html"),
    ("nl", "cocreatie", "concept/living-lab.html"),
    ("nl", "CoP", "concept/community-of-practice.html"),
    ("nl", "1a", "concept/living-lab.html"),
    ("nl", "lab", "concept/lab.html"),
    ("nl", "living", "concept/living-lab.html"),
    ("nl", "werkplaats", "concept/werkplaats.html"),
    ("nl", "clienten", "facet/actor/clienten.html"),
    ("nl", "cliënten", "facet/actor/clienten.html"),
    ("nl", "Wenger", "agent/wenger.html"),
    ("nl", "Zitter", "agent/zitter.html"),
    ("nl", "stadslab", "concept/stadslab.html"),
    ("nl", "ecosysteem", "concept/leerecosysteem.html"),
    ("nl", "netwerk", "concept/netwerk.html"),
    ("nl", "leer-en", "concept/leer-en-innovatienetwerk.html"),
    ("nl", "Leer- en", "concept/leer-en-innovatienetwerk.html"),
    ("nl", "innovatienetwerk", "concept/leer-en-innovatienetwerk.html"),
    ("nl", "leeromgeving", "concept/leeromgeving.html"),
    ("nl", "hybirde", "concept/hybride-leeromgeving.html"),
    ("nl", "comunity of practice", "concept/community-of-practice.html"),
    ("nl", "burgers", "facet/actor/burgers.html"),
    ("nl", "LIVING LAB", "concept/living-lab.html"),
    ("en", "LIN", "concept/leer-en-innovatienetwerk.html"),
    ("en", "buurt", "concept/stadslab.html"),
    ("en", "comunity", "concept/community.html"),
    ("en", "co-creatie", "concept/living-lab.html"),
    ("en", "co-creation", "concept/living-lab.html"),
    ("en", "urban lab", "concept/stadslab.html"),
    ("en", "development workplace", "concept/ontwikkelwerkplaats.html"),
    ("en", "learning ecosystem", "concept/leerecosysteem.html"),
    ("en", "hybrid learning environment", "concept/hybride-leeromgeving.html"),
    ("en", "lerning community", "concept/learning-community.html"),
    ("en", "lifelong", "concept/learning-community.html"),
    ("en", "workshop", "concept/werkplaats.html"),
    ("en", "Canon", "bron/coenders-canon-van-het-leren.html"),
    ("en", "mgo:Translation", "def/Translation.html"),
]


def test_search_ranks_the_expected_result_first(page, base_url: str):
    assert len(SEARCHES) >= 30
    wrong = []
    for lang in ("nl", "en"):
        page.goto(urljoin(base_url, "search.html" if lang == "nl" else "en/search.html"))
        for query_lang, query, expected in SEARCHES:
            if query_lang != lang:
                continue
            found = page.evaluate("q => window.mgoSearch(q)", query)
            if not found or found[0] != expected:
                wrong.append(f"{lang} {query!r}: expected {expected}, got {found[:3]}")
    assert not wrong, wrong


def test_ontology_plumbing_only_when_asked_and_matches_are_highlighted(page, base_url: str):
    page.goto(urljoin(base_url, "search.html"))
    for query in ("vertaling", "hash van de vertaalde tekst", "definitie"):
        assert not [p for p in page.evaluate("q => window.mgoSearch(q)", query) if p.startswith("def/")], query
    asked = page.evaluate("q => window.mgoSearch(q, {ontology: true})", "vertaling")
    assert "def/Translation.html" in asked
    page.fill("#search-input", "co-creatie")
    page.wait_for_selector("#search-results li mark")
    marks = page.eval_on_selector_all("#search-results li mark", "els => els.map(e => e.textContent)")
    assert marks and all(m.replace("-", "").lower() == "cocreatie" for m in marks), marks
    page.check("#search-ontology")
    page.fill("#search-input", "vertaling")
    page.wait_for_selector("#search-results li a[href$='def/Translation.html']")


def test_copy_button_puts_the_reference_on_the_clipboard_offline(browser, base_url: str):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], offline=False)
    tab = context.new_page()
    try:
        tab.goto(urljoin(base_url, "concept/living-lab.html"))
        context.set_offline(True)  # nothing the button does may need the network
        expected = " ".join(tab.text_content("#cite-apa").split())
        tab.click("button[data-copy='cite-apa']")
        tab.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
        assert tab.text_content("#copy-status") == "Gekopieerd naar het klembord."
        assert tab.evaluate("() => navigator.clipboard.readText()") == expected
    finally:
        context.close()


def test_screenshots_of_every_template_for_a_person_to_look_at(browser, base_url: str):
    """Every template at 1280 and 390 px in both languages, into dist/screenshots/ (listed in the report)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 844})
        tab = context.new_page()
        try:
            for key, name in TEMPLATE_PAGES.items():
                for lang_prefix in ("", "en/"):
                    tab.goto(urljoin(base_url, lang_prefix + name))
                    tab.wait_for_load_state("load")
                    file = SCREENSHOTS / f"{key}-{'en' if lang_prefix else 'nl'}-{width}.png"
                    tab.screenshot(path=str(file), full_page=True)
                    assert file.stat().st_size > 5_000, file
        finally:
            context.close()
