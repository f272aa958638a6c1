from gorag.markup import Checker

check_markdown = Checker().check_body


def messages(text: str) -> list[tuple[int, str]]:
    return [(v.line, v.message) for v in check_markdown(text)]


def test_plain_markdown_passes() -> None:
    text = "## Title\n\nA [link](page.md), an ![image](pic.png) and <https://example.org>.\n\nData: 5 cases.\n"
    assert messages(text) == []


def test_script_iframe_and_handlers_are_rejected() -> None:
    text = "ok\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n<iframe src=page.html></iframe>\n"
    assert messages(text) == [
        (2, "raw <script> HTML is not allowed in content"),
        (3, "event-handler attribute 'onerror' is not allowed in content"),
        (4, "raw <iframe> HTML is not allowed in content"),
    ]


def test_javascript_urls_and_remote_resources_are_rejected() -> None:
    text = "[click](javascript:alert(1))\n<img src=\"https://tracker.example/p.gif\">\n"
    assert messages(text) == [
        (1, "'javascript:' URLs are not allowed in content"),
        (2, "loading a remote resource ('https://…') is not allowed in content; images must be files of the site"),
    ]


def test_code_is_not_content() -> None:
    text = "Use `<script>` tags never.\n\n```html\n<script>alert(1)</script>\n```\n"
    assert messages(text) == []
