"""Screenshot the main pages at tablet size (768x1024), in English and in Simplified Chinese, for a visual review.

Not a test. Against a running server with the demo data loaded (`manage.py migrate && manage.py demo`):

    .venv/bin/python tests/e2e/screenshots.py http://127.0.0.1:8765 screenshots/

Writes OUTDIR/<lang>-<user>-<page>.png (full page) and OUTDIR/report.txt, and prints per page the HTTP
status and a few automatic findings: horizontal overflow at 768 px, touch targets under 44 px, tables
that scroll sideways, console errors and (in Chinese) visible text that still looks English. The findings
are hints for the human looking at the PNGs, not verdicts.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TABLET = {"width": 768, "height": 1024}
PASSWORD = os.environ.get("DEMO_PASSWORD", "hallops-demo")
LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}  # Django language code -> browser locale
NOT_FOUND = "/this-page-does-not-exist/"

# user (None = anonymous) -> [(name, path or action)]; "{h001}" is replaced by the id of hall H001.
PLAN: dict[str | None, list[tuple[str, str]]] = {
    None: [
        ("login", "/accounts/login/"),
        ("login-bad-password", "action:bad-login"),
        ("404", NOT_FOUND),
        ("api-docs", "/api/docs/"),
    ],
    "manager1": [
        ("home", "/"),
        ("halls", "/halls/"),
        ("hall-detail", "/halls/{h001}/"),
        ("hall-edit", "/halls/{h001}/edit/"),
        ("user-menu", "action:user-menu"),
        ("regions", "/regions/"),
        ("hall-new", "/halls/new/"),
        ("api-docs", "/api/docs/"),
        ("404", NOT_FOUND),
    ],
    "hq": [
        ("home", "/"),
        ("halls", "/halls/"),
        ("hall-detail", "/halls/{h001}/"),
        ("hall-edit", "/halls/{h001}/edit/"),
        ("hall-edit-errors", "action:hall-edit-errors"),
        ("regions", "/regions/"),
        ("hall-new", "/halls/new/"),
        ("hall-new-errors", "action:hall-new-errors"),
        ("api-docs", "/api/docs/"),
        ("404", NOT_FOUND),
    ],
    "inspector1": [("home", "/"), ("halls", "/halls/")],
    "shopper1": [("home", "/")],
    "staff1": [("home", "/")],
}

CHECKS_JS = r"""
() => {
  const vw = window.innerWidth;
  const out = {overflow: document.documentElement.scrollWidth - vw, wide: [], small: [], scrollers: [], english: []};
  const visible = el => {
    const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const label = el => (el.innerText || el.value || el.getAttribute('aria-label') || el.name || el.id || el.tagName)
    .trim().replace(/\s+/g, ' ').slice(0, 40);
  for (const el of document.querySelectorAll('body *')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right > vw + 1 && !el.closest('.table-responsive, .swagger-ui .opblock-body, pre')) {
      const id = el.id ? '#' + el.id : '';
      out.wide.push(`${el.tagName.toLowerCase()}${id}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
    }
  }
  const targets = 'a[href], button, input:not([type=hidden]), select, textarea, [role=button], summary';
  for (const el of document.querySelectorAll(targets)) {
    if (!visible(el) || el.closest('.swagger-ui') || el.matches('.visually-hidden-focusable')) continue;
    const r = el.getBoundingClientRect();
    const inText = el.tagName === 'A' && el.closest('p, dd, li.breadcrumb-item, td, .card-text, footer');
    // 44x44 is the goal; near misses (40+ high, 32+ wide) are left out to keep the list readable.
    if (r.height < 40 || (r.width < 32 && !inText))
      out.small.push(`${el.tagName.toLowerCase()} "${label(el)}" ${Math.round(r.width)}x${Math.round(r.height)}`
                     + (inText ? ' (inline)' : ''));
  }
  for (const el of document.querySelectorAll('.table-responsive')) {
    if (el.scrollWidth > el.clientWidth + 1)
      out.scrollers.push(`${el.querySelector('table')?.id || 'table'} scrolls by ${el.scrollWidth - el.clientWidth}px`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim().replace(/\s+/g, ' ');
    const parent = node.parentElement;
    if (!text || !parent || !visible(parent)) continue;
    if (parent.closest('script, style, .swagger-ui .opblock-summary-path, code, pre')) continue;
    if (/[\u3400-\u9fff]/.test(text) || !/[A-Za-z]{3,}/.test(text)) continue;
    // Brand, demo people's names, hall codes and time zone names are meant to stay as they are.
    if (/^(HallOps|API|Chen Jing|Wang Li|Liu Yang|Sun Hui|Zhou Xin|Admin|[A-Z]\d{3}|[A-Za-z]+\/[A-Za-z_]+)$/.test(text))
      continue;
    if (!seen.has(text)) { seen.add(text); out.english.push(text.slice(0, 80)); }
  }
  for (const el of document.querySelectorAll('input[placeholder], [title], [aria-label]')) {
    for (const attr of ['placeholder', 'title', 'aria-label']) {
      const v = el.getAttribute(attr);
      if (v && /[A-Za-z]{3,}/.test(v) && !/[\u3400-\u9fff]/.test(v) && !seen.has(v)) {
        seen.add(v);
        out.english.push(`[${attr}] ${v}`);
      }
    }
  }
  return out;
}
"""


@dataclass
class Shot:
    file: str
    url: str
    status: int | None
    findings: list[str] = field(default_factory=list)


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("form#login-form input[name=username]", username)
    page.fill("form#login-form input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form#login-form button[type=submit]")
    if "/accounts/login/" in page.url or "locked" in page.content().lower():
        raise SystemExit(f"Could not sign in as {username} (wrong demo data, or axes lockout: `manage.py axes_reset`).")


def hall_id(page: Page, base: str, code: str) -> str:
    page.goto(f"{base}/halls/?q={code}")
    href = page.locator("table#hall-table tbody tr td:first-child a", has_text=code).first.get_attribute("href")
    match = re.search(r"/halls/(\d+)/", href or "")
    if not match:
        raise SystemExit(f"Hall {code} not found in the hall list; is the demo data loaded?")
    return match.group(1)


def run_action(page: Page, base: str, action: str, h001: str) -> int | None:
    if action == "bad-login":
        response = page.goto(f"{base}/accounts/login/")
        page.fill("form#login-form input[name=username]", "no-such-user")
        page.fill("form#login-form input[name=password]", "wrong")
        with page.expect_navigation() as nav:
            page.click("form#login-form button[type=submit]")
        return nav.value.status if nav.value else None
    if action == "user-menu":
        response = page.goto(f"{base}/halls/")
        toggler = page.locator(".navbar-toggler")
        if toggler.is_visible() and not page.locator("#nav-items").is_visible():
            toggler.click()
        page.click("#user-menu")
        page.locator(".dropdown-menu.show").wait_for()
        return response.status if response else None
    if action in ("hall-edit-errors", "hall-new-errors"):
        path = f"/halls/{h001}/edit/" if action == "hall-edit-errors" else "/halls/new/"
        page.goto(f"{base}{path}")
        form = page.locator("main form[method=post]").first
        for name in ("name", "code", "counters"):
            field_ = form.locator(f"[name={name}]")
            if field_.count():
                field_.first.fill("")
        form.evaluate("f => f.setAttribute('novalidate', '')")  # let the server's messages show
        with page.expect_navigation() as nav:
            form.locator("button[type=submit]").last.click()
        return nav.value.status if nav.value else None
    raise ValueError(action)


def shoot(browser: Browser, base: str, outdir: Path, language: str) -> list[Shot]:
    shots: list[Shot] = []
    h001 = ""
    for user, pages in PLAN.items():
        context = browser.new_context(viewport=TABLET, locale=LANGUAGES[language])
        host = re.sub(r"^https?://", "", base).split("/")[0].split(":")[0]
        context.add_cookies([{"name": "django_language", "value": language, "domain": host, "path": "/"}])
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(f"JS error: {exc}"))
        page.on(
            "response",
            lambda r, errors=errors: (
                r.status >= 400 and r.request.resource_type != "document" and errors.append(f"{r.status} {r.url}")
            ),
        )
        if user:
            sign_in(page, base, user)
            h001 = h001 or hall_id(page, base, "H001")
        for name, target in pages:
            errors.clear()
            if target.startswith("action:"):
                status = run_action(page, base, target.removeprefix("action:"), h001)
            else:
                response = page.goto(f"{base}{target.format(h001=h001)}")
                status = response.status if response else None
            page.wait_for_load_state("networkidle")
            file = f"{language}-{user or 'anon'}-{name}.png"
            page.screenshot(path=str(outdir / file), full_page=True)
            shot = Shot(file, page.url.removeprefix(base), status)
            result = page.evaluate(CHECKS_JS)
            if page.locator("html").get_attribute("lang") != language and "/api/docs/" not in page.url:
                shot.findings.append(f"<html lang> is {page.locator('html').get_attribute('lang')!r}")
            if result["overflow"] > 0:
                shot.findings.append(f"page is {result['overflow']}px wider than the viewport")
            shot.findings += [f"sticks out: {w}" for w in result["wide"][:5]]
            shot.findings += [f"table scroll: {s}" for s in result["scrollers"]]
            small = result["small"]
            if small:
                shot.findings.append(f"{len(small)} touch targets < 44px: " + "; ".join(small[:8]))
            if language != "en" and result["english"]:
                shot.findings.append("English text: " + " | ".join(result["english"][:25]))
            shot.findings += [f"failed: {e}" for e in errors[:5]]
            shots.append(shot)
        context.close()
    return shots


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    base, outdir = argv[1].rstrip("/"), Path(argv[2])
    outdir.mkdir(parents=True, exist_ok=True)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 1
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        shots = [shot for language in LANGUAGES for shot in shoot(browser, base, outdir, language)]
        browser.close()
    lines = []
    for shot in shots:
        lines.append(f"{shot.file}  [{shot.status}] {shot.url}")
        lines += [f"    - {finding}" for finding in shot.findings]
    report = "\n".join(lines) + "\n"
    (outdir / "report.txt").write_text(report, encoding="utf-8")
    print(report)
    print(f"{len(shots)} screenshots in {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
