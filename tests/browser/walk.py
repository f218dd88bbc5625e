"""Walk every page a signed-in user can reach by following links, and measure each at a given
viewport: used by tests/browser/test_phone_width.py, and from the command line against a running
demo (`make run`) while fixing layouts:

    .venv/bin/python -m tests.browser.walk [--width=1280] http://127.0.0.1:8000 coach beheerder

The walk is GET only and same-origin only. It leaves out what is not a page (downloads, the
calendar feed, PDFs), the Django admin (Django's own layout), the logout form (a POST anyway) and
the account-security pages of django-two-factor-auth. A URL pattern with many instances (a
resident, a candidate) is visited at most PER_PATTERN times, so a location with 140 residents
costs as much as one with 5.
"""

from __future__ import annotations

import sys
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

# A page whose whole document is wider than the viewport scrolls sideways. The widest elements
# that stick out are reported, each only when its parent does not stick out as far (the
# outermost culprit, not its 40 children). An element inside a box that clips or scrolls its
# overflow (a .table-responsive) does not count: that box scrolls, the page does not.
MEASURE = """
(vw) => {
  const width = document.documentElement.scrollWidth;
  // Does a box between el and the body clip el? An absolutely positioned element is clipped
  // only by a box that is, or contains, its containing block (its nearest positioned
  // ancestor): a visually-hidden text escapes a scroll box that is not positioned.
  const clipped = (el) => {
    const position = getComputedStyle(el).position;
    if (position === 'fixed') return false;
    let escaping = position === 'absolute';
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (escaping && style.position !== 'static') escaping = false;
      if (!escaping && style.overflowX !== 'visible') return true;
    }
    return false;
  };
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += '#' + el.id;
    const classes = [...el.classList].slice(0, 3);
    if (classes.length) name += '.' + classes.join('.');
    const parent = el.parentElement;
    let path = name;
    if (parent && parent !== document.body) {
      let p = parent.tagName.toLowerCase();
      if (parent.classList.length) p += '.' + [...parent.classList].slice(0, 2).join('.');
      path = p + ' > ' + name;
    }
    const text = (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
    return path + (text ? ` "${text}"` : '');
  };
  const wide = [];
  if (width > vw) {
    const sticking = new Map();
    for (const el of document.body.querySelectorAll('*')) {
      const right = el.getBoundingClientRect().right + window.scrollX;
      if (right > vw + 1 && !clipped(el)) sticking.set(el, right);
    }
    for (const [el, right] of sticking) {
      const parentRight = sticking.get(el.parentElement);
      if (parentRight !== undefined && parentRight >= right - 1) continue;
      wide.push({right: Math.round(right), what: describe(el)});
    }
    wide.sort((a, b) => b.right - a.right);
  }
  return {width, vw, wide: wide.slice(0, 3)};
}
"""

# The smallest text of each chart as drawn: SVG text scales with the chart's box, so a font size
# of 12 in the SVG is 12 px only at scale 1 (issue 15, item 6). Charts hidden by CSS (the
# rendering for the other width) do not count.
CHART_TEXT = """
(minimum) => {
  const small = [];
  for (const svg of document.querySelectorAll('svg.pygal-chart')) {
    if (!svg.getBoundingClientRect().width) continue;
    const scale = svg.getScreenCTM().a;
    for (const text of svg.querySelectorAll('text')) {
      if (!text.textContent.trim() || !text.getBoundingClientRect().width) continue;
      const px = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (px < minimum - 0.05) {
        const label = svg.getAttribute('aria-label');
        small.push(`${label}: "${text.textContent.trim()}" ${px.toFixed(1)} px`);
        break;
      }
    }
  }
  return small;
}
"""
MIN_TEXT_PX = 12

LINKS = """
() => [...document.querySelectorAll('a[href]')]
  .filter((a) => !a.hasAttribute('download'))
  .map((a) => a.href)
"""

SKIP_PREFIXES = ("/beheer/", "/account/two_factor/", "/static/", "/media/")
SKIP_SUFFIXES = (".pdf", ".csv", ".xlsx", ".ics", ".zip", ".json")
PER_PATTERN = 1
MAX_DEPTH = 4


@dataclass
class Finding:
    url: str
    width: int
    wide: list[dict]

    def __str__(self) -> str:
        culprits = "; ".join(f"{w['what']} (tot {w['right']} px)" for w in self.wide)
        return f"{self.url}: {self.width} px breed — {culprits or 'geen element gevonden'}"


@dataclass
class Walk:
    visited: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    small_text: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def pattern_of(path: str) -> str:
    """The URL name of the path: one page per name stands for all its instances (another
    resident, another location, another filter)."""
    from django.urls import Resolver404, resolve

    try:
        return resolve(path).view_name
    except Resolver404:
        return path


def wanted(url: str, origin: str) -> str | None:
    url, _fragment = urldefrag(url)
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    path = parts.path
    if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
        return None
    if any(word in path for word in ("/export", "/download", "/pdf", "/logout", "agenda.ics")):
        return None
    return url


def walk(page, origin: str, *, start: str = "/", max_depth: int = MAX_DEPTH) -> Walk:
    """Breadth-first from `start`; measures each page at the page's viewport."""
    result = Walk()
    seen: set[str] = set()
    per_pattern: dict[str, int] = {}
    queue = deque([(origin + start, 0)])
    while queue:
        url, depth = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url).path
        pattern = pattern_of(path)
        if per_pattern.get(pattern, 0) >= PER_PATTERN:
            continue
        per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
        try:
            response = page.goto(url, wait_until="load")
        except Exception as exc:  # a download starts, or the page does not load
            if "Download is starting" not in str(exc):
                result.errors.append(f"{url}: {exc}")
            continue
        if response is None:
            continue
        if response.status >= 400:
            result.errors.append(f"{url}: HTTP {response.status}")
            continue
        final = wanted(page.url, origin)
        if final is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        if urlsplit(page.url).path.startswith("/account/login"):
            result.errors.append(f"{url}: stuurt naar het inloggen")
            continue
        result.visited.append(url)
        measured = page.evaluate(MEASURE, page.viewport_size["width"])
        if measured["width"] > measured["vw"]:
            result.findings.append(Finding(url, measured["width"], measured["wide"]))
        result.small_text += [f"{url}: {text}" for text in page.evaluate(CHART_TEXT, MIN_TEXT_PX)]
        if depth < max_depth:
            for link in page.evaluate(LINKS):
                target = wanted(link, origin)
                if target and target not in seen:
                    queue.append((target, depth + 1))
    return result


def main(argv: list[str]) -> int:
    """Log in through the form with DEMO_PASSWORD and walk as each user at 390 × 844 (or
    --width=N as the first argument)."""
    import os

    import django
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gemengdwonen.settings.dev")
    django.setup()

    width = 390
    if argv and argv[0].startswith("--width="):
        width = int(argv.pop(0).removeprefix("--width="))
    origin, *users = argv
    password = os.environ.get("DEMO_PASSWORD", "gemengd-wonen-demo")
    problems = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu"],
        )
        for username in users:
            context = browser.new_context(
                viewport={"width": width, "height": 844}, is_mobile=width < 576, locale="nl-NL"
            )
            page = context.new_page()
            page.goto(f"{origin}/account/login/")
            page.get_by_label("Gebruikersnaam").fill(username)
            page.get_by_label("Wachtwoord").fill(password)
            page.get_by_role("button", name="Inloggen").click()
            page.wait_for_url(f"{origin}/")
            result = walk(page, origin)
            print(f"== {username}: {len(result.visited)} pagina's")
            for finding in result.findings:
                print(f"  {finding}")
            for text in result.small_text:
                print(f"  klein: {text}")
            for error in result.errors:
                print(f"  ! {error}")
            problems += len(result.findings)
            context.close()
        browser.close()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
