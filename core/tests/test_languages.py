"""English and Simplified Chinese: the language follows the browser and the switcher."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def test_the_compiled_chinese_catalogue_is_committed():
    assert (Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/django.mo").is_file()


def test_the_menu_follows_a_chinese_browser(client, cast):
    client.force_login(cast.users["manager"])
    page = client.get("/halls/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in page
    assert "营业厅" in page and "首页" in page


def test_the_switcher_sets_the_language(client, cast):
    client.force_login(cast.users["manager"])
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/halls/"})
    assert response.status_code == 302
    assert "首页" in client.get("/halls/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/halls/"})
    assert ">Home<" in client.get("/halls/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
