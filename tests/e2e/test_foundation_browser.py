"""Browser tests of the foundation: sign-in, scoped hall list, the menu at tablet width, switching language."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import sign_in


def open_menu_if_collapsed(page: Page) -> None:
    """At 768 px the navbar may sit behind the toggler; open it if the menu items are hidden."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and not page.locator("#nav-items").is_visible():
        toggler.click()
        expect(page.locator("#mainnav")).to_have_class(re.compile(r"\bshow\b"))
    expect(page.locator("#nav-items")).to_be_visible()


def test_manager_signs_in_at_tablet_size_sees_only_their_hall_and_switches_to_chinese(
    live_server, demo_data, tablet: Page, screenshot
) -> None:
    page = tablet
    assert page.viewport_size == {"width": 768, "height": 1024}

    sign_in(page, live_server.url, "manager1")
    screenshot(page, "signed-in")

    page.goto(f"{live_server.url}/halls/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    rows = page.locator("table#hall-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").first).to_have_text("H001")
    expect(page.locator("table#hall-table")).not_to_contain_text("H002")
    screenshot(page, "hall-list-en")

    open_menu_if_collapsed(page)
    expect(page.locator('#nav-items a[data-nav="halls"]')).to_have_text("Halls")
    expect(page.locator('#nav-items a[data-nav="home"]')).to_have_text("Home")
    screenshot(page, "menu-en")

    language = page.locator("form#language-form select#language-select")
    expect(language).to_be_visible()
    with page.expect_navigation():
        language.select_option("zh-hans")  # onchange submits the form to /i18n/setlang/
    expect(page).to_have_url(re.compile(r"/halls/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#language-select")).to_have_value("zh-hans")
    # Still scoped after the round trip through set_language.
    expect(page.locator("table#hall-table tbody tr")).to_have_count(1)
    screenshot(page, "hall-list-zh")

    open_menu_if_collapsed(page)
    screenshot(page, "menu-zh")
    # These need locale/zh_Hans/LC_MESSAGES/django.mo (compiled from the project's catalogue).
    expect(page.locator('#nav-items a[data-nav="halls"]')).to_have_text("营业厅")
    expect(page.locator('#nav-items a[data-nav="home"]')).to_have_text("首页")


def test_anonymous_is_sent_to_sign_in_and_a_bad_password_says_so(
    live_server, demo_data, tablet: Page, screenshot
) -> None:
    page = tablet

    page.goto(f"{live_server.url}/halls/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/halls/$"))
    form = page.locator("form#login-form")
    expect(form).to_be_visible()
    expect(page.locator("#nav-items a")).to_have_count(0)  # no menu for anonymous users
    expect(page.locator(".alert-danger")).to_have_count(0)
    screenshot(page, "login")

    form.locator("input[name=username]").fill("manager1")
    form.locator("input[name=password]").fill("not-the-password")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    # Wording may change; it must be an error that talks about the username/password not matching.
    error = page.locator("form#login-form").locator("xpath=preceding-sibling::*[@role='alert']")
    expect(error).to_be_visible()
    expect(error).to_contain_text(re.compile(r"password.*(did ?n.?t|not) match|not match", re.I))
    expect(page.locator("form#login-form input[name=password]")).to_have_value("")
    screenshot(page, "bad-password")

    # The right password then takes the user where they were going.
    from django.conf import settings

    form.locator("input[name=username]").fill("manager1")
    form.locator("input[name=password]").fill(settings.DEMO_PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/halls/$"))
    expect(page.locator("table#hall-table tbody tr")).to_have_count(1)
    screenshot(page, "signed-in-after-retry")
