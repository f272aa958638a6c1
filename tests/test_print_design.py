"""Print worth hanging: posters, flyers and pocket cards read as a reader holds them. Real PDFs of
real builds, rasterised with pdftoppm at the resolution of an office printer, QR codes decoded with
zxing-cpp at their printed size, pages and text read with pypdf."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from conftest import FIXTURES, REPO, make_project, run_gorag
from conftest import SITE_URL as URL

FONTS = REPO / "overrides" / "assets" / "fonts"
LANGS = {"en": "", "ru": "ru/", "tk": "tk/"}
MM_PER_INCH = 25.4
# Page sizes in PDF points, as pypdf reads them.
SIZES = {"poster-a3": (841.89, 1190.55), "poster-a4": (595.28, 841.89), "flyer-a5": (419.53, 595.28)}
A4, A6 = (595.28, 841.89), (297.64, 419.53)
EVENTS = ("press", "fair", "radio")  # the basic fixture's events that take place (the concert is cancelled)


def page_size(reader: PdfReader, index: int = 0) -> tuple[float, float]:
    box = reader.pages[index].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def page_text(reader: PdfReader, index: int) -> str:
    return " ".join(reader.pages[index].extract_text().split())


def raster(path: Path, out: Path, page: int = 1, dpi: int = 150) -> Image.Image:
    """One page drawn by pdftoppm, as a reader's viewer or an office printer would draw it."""
    stem = out / f"{path.parent.name}-{path.stem}-{page}-{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile", str(path), str(stem)],
                   check=True)
    return Image.open(f"{stem}.png").convert("RGB")


def colour_counts(image: Image.Image) -> list[tuple[int, tuple[int, ...]]]:
    """(count, colour) of each colour of an RGB image, which has at most 65,536 of them."""
    counted = image.getcolors(1 << 16)
    assert counted is not None, "more than 65,536 colours"
    return [(count, colour) for count, colour in counted if isinstance(colour, tuple)]


def inked(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    """The share of the pixels in ``box`` that are not paper white."""
    grey = image.convert("L").crop(box)
    return sum(grey.histogram()[:240]) / (grey.width * grey.height)


def codes(image: Image.Image) -> list[zxingcpp.Result]:
    return list(zxingcpp.read_barcodes(image))


def printed_width_mm(result: zxingcpp.Result, dpi: int) -> float:
    """The width of a decoded QR symbol on paper (its modules, without the quiet zone)."""
    corners = result.position
    return (corners.top_right.x - corners.top_left.x) / dpi * MM_PER_INCH


# Posters and flyers


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_posters_and_flyers_are_one_full_page_with_a_readable_qr_code(basic_site: Path, tmp_path: Path, lang: str) -> None:
    for event in EVENTS:
        for kind, expected in SIZES.items():
            path = basic_site / f"{LANGS[lang]}downloads/campaigns/demo-2027/events/{event}-{kind}.pdf"
            reader = PdfReader(path)
            assert len(reader.pages) == 1 and page_size(reader) == expected, path
            image = raster(path, tmp_path)
            width, height = image.size
            # No empty third: ink (the band, the headline, the date tile, the tinted key message,
            # the QR code) in every third of the page, the bottom one included.
            for third in range(3):
                share = inked(image, (0, third * height // 3, width, (third + 1) * height // 3))
                assert share > 0.12, (path.name, third, share)
            found = codes(image)  # at 150 dpi: the printed size, as a phone camera sees it
            assert [c.text for c in found] == [f"{URL}{LANGS[lang]}campaigns/demo-2027/events/{event}.html"], path
            # the address is also spelled out, for those who cannot scan
            assert found[0].text in page_text(reader, 0).replace(" ", ""), path


def test_the_a3_poster_qr_code_is_at_least_4_cm_wide_and_scales_with_the_page(basic_site: Path, tmp_path: Path) -> None:
    widths = {}
    for kind in SIZES:
        path = basic_site / f"ru/downloads/campaigns/demo-2027/events/press-{kind}.pdf"
        (found,) = codes(raster(path, tmp_path, dpi=150))
        widths[kind] = printed_width_mm(found, 150)
    assert widths["poster-a3"] >= 40, widths
    # A4 and A5 are the A3 layout scaled down: 1/√2 and 1/2 of it
    assert widths["poster-a4"] == pytest.approx(widths["poster-a3"] / 2 ** 0.5, rel=0.04), widths
    assert widths["flyer-a5"] == pytest.approx(widths["poster-a3"] / 2, rel=0.04), widths
    assert widths["flyer-a5"] >= 20, widths


def test_poster_shows_a_date_block_the_place_and_the_key_message(basic_site: Path) -> None:
    tk = " ".join(PdfReader(basic_site / "tk/downloads/campaigns/demo-2027/events/fair-poster-a3.pdf").pages[0].extract_text().split())
    # an all-day event over two days: the days as a range, the weekdays, "all day" (Babel, Turkmen)
    assert re.search("28–29 ?iýul 2027", tk) and "Çarşenbe – penşenbe" in tk and "Bütin gün" in tk, tk
    assert "Bütindünýä güni 2027 (nusga)".upper() in tk and "Adam söwdasy islendik adama degip biler." in tk
    assert "Ýaşlar ýarmarkasy" in tk and "Mary welaýaty" in tk  # no place given: the region stands for it
    en = " ".join(PdfReader(basic_site / "downloads/campaigns/demo-2027/events/radio-flyer-a5.pdf").pages[0].extract_text().split())
    assert re.search("9 ?July 2027 Friday 18:00–18:30", en), en
    assert "every week until 29 July 2027" in en  # a recurring event says how it repeats


def test_poster_band_and_date_tile_carry_the_campaign_colour(basic_site: Path, tmp_path: Path) -> None:
    from gorag.printables import campaign_colours

    ink = campaign_colours("demo-2027").ink
    rgb = tuple(int(ink[i:i + 2], 16) for i in (1, 3, 5))
    image = raster(basic_site / "downloads/campaigns/demo-2027/events/press-poster-a3.pdf", tmp_path, dpi=30)
    band = image.crop((0, 0, image.width, 12))
    assert colour_counts(band) and max(colour_counts(band))[1] == rgb  # the band is the campaign's ink
    colours = {colour for _, colour in colour_counts(image)}
    assert rgb in colours


def test_campaign_colours_carry_white_text_and_stay_the_same() -> None:
    from gorag.printables import CAMPAIGN_INKS, campaign_colours

    def luminance(colour: str) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (channel(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for ink in CAMPAIGN_INKS:
        assert 1.05 / (luminance(ink) + 0.05) >= 4.5, ink  # WCAG AA for white text on the band
    assert campaign_colours("world-day-2027") == campaign_colours("world-day-2027")
    assert campaign_colours("world-day-2027").ink in CAMPAIGN_INKS
    assert len({campaign_colours(f"campaign-{i}").ink for i in range(40)}) > 3


def test_date_block_in_three_languages() -> None:
    from gorag.models import Event, Names
    from gorag.printables import date_block

    tz = ZoneInfo("Asia/Ashgabat")
    name = Names(en="x", ru="x", tk="x")
    timed = Event("e", name, datetime(2027, 7, 30, 10, tzinfo=tz), datetime(2027, 7, 30, 12, tzinfo=tz), "r", "o", "media")
    ru = date_block(timed, "ru")
    assert (ru.day, ru.month, ru.weekday, ru.time, ru.wide) == ("30", "июля 2027", "Пятница", "10:00–12:00", False)
    assert (date_block(timed, "tk").month, date_block(timed, "tk").weekday) == ("iýul 2027", "Anna")
    assert (date_block(timed, "en").month, date_block(timed, "en").weekday) == ("July 2027", "Friday")
    days = Event("e", name, date(2027, 7, 28), date(2027, 7, 30), "r", "o", "media")
    assert (date_block(days, "en").day, date_block(days, "en").time) == ("28–29", "All day")
    assert date_block(days, "ru").time == "Весь день"
    across = Event("e", name, date(2027, 7, 31), date(2027, 8, 3), "r", "o", "media")
    block = date_block(across, "en")
    assert (block.day, block.month, block.wide) == ("31 Jul\u2009–\u20092 Aug", "2027", True)  # thin spaces, as CLDR writes ranges


def test_place_lines_name_the_region_once() -> None:
    from gorag.library import load_library
    from gorag.render_campaigns import where as place_lines

    library = load_library(REPO / "protocols", REPO / "docs", REPO, REPO / "campaigns")
    events = {e.id: e for c in library.campaigns for e in c.events}
    assert place_lines(library, events["launch"], "en") == ("Press centre, Ashgabat", "")  # not "Ashgabat, Ashgabat city"
    assert place_lines(library, events["school-lessons"], "ru") == ("Средние школы Лебапского велаята", "")
    assert place_lines(library, events["online-quiz"], "tk") == ("Onlaýn", "Aşgabat şäheri")


# Pocket cards


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_pocket_cards_are_two_a6_faces_steps_in_front_qr_code_behind(basic_site: Path, tmp_path: Path, lang: str) -> None:
    for role in ("police", "teacher"):
        path = basic_site / f"{LANGS[lang]}downloads/cards/{role}.pdf"
        reader = PdfReader(path)
        assert len(reader.pages) == 2 and page_size(reader, 0) == A6 and page_size(reader, 1) == A6, path
        front, back = raster(path, tmp_path, 1), raster(path, tmp_path, 2)
        assert codes(front) == []
        assert [c.text for c in codes(back)] == [f"{URL}{LANGS[lang]}roles/{role}.html"], path
        # Nothing runs over a face: its bottom margin (the last 4 mm) is blank paper.
        for image in (front, back):
            strip = round(4 / MM_PER_INCH * 150)
            assert inked(image, (0, image.height - strip, image.width, image.height)) == 0, path
    ru = PdfReader(basic_site / "ru/downloads/cards/teacher.pdf")
    assert "Я учитель — что я должен делать?" in page_text(ru, 0) and "Заметить признаки" in page_text(ru, 0)
    # the back: whom the teacher hands over to, the address and where the full text is
    assert "Инспектор по делам несовершеннолетних" in page_text(ru, 1)
    assert f"{URL}ru/roles/teacher.html" in page_text(ru, 1).replace(" ", "")
    assert "Полный текст и актуальная версия — на сайте" in page_text(ru, 1)


def test_card_sheet_prints_four_cards_both_sides_with_cut_marks(basic_site: Path, tmp_path: Path) -> None:
    path = basic_site / "tk/downloads/cards/police-sheet-a4.pdf"
    reader = PdfReader(path)
    assert len(reader.pages) == 2 and page_size(reader, 0) == A4 and page_size(reader, 1) == A4
    question = "Men polisiýa inspektory — näme etmeli?"
    assert page_text(reader, 0).count(question) == 4  # four fronts
    dpi = 150
    fronts, backs = raster(path, tmp_path, 1, dpi), raster(path, tmp_path, 2, dpi)
    found = codes(backs)  # four backs, each with its code, one in each quarter of the sheet
    assert [c.text for c in found] == [f"{URL}tk/roles/police.html"] * 4
    quarters = {(c.position.top_left.x > backs.width / 2, c.position.top_left.y > backs.height / 2) for c in found}
    assert len(quarters) == 4
    # Four cards: each quarter of the front starts with the teal band of a card.
    teal = (0, 105, 92)
    for column in (0, 1):
        for row in (0, 1):
            quarter = fronts.crop((column * fronts.width // 2, row * fronts.height // 2,
                                   (column + 1) * fronts.width // 2, (row + 1) * fronts.height // 2))
            assert any(colour == teal and count > 500 for count, colour in colour_counts(quarter)), (column, row)

    def px(mm: float) -> int:
        return round(mm / MM_PER_INCH * dpi)

    def darkest(image: Image.Image, x_mm: float, y_mm: float) -> int:
        """The darkest grey within half a millimetre of a point (a hairline falls between pixels)."""
        x, y = px(x_mm), px(y_mm)
        counts = image.convert("L").crop((x - 3, y - 3, x + 4, y + 4)).histogram()
        return next(grey for grey, count in enumerate(counts) if count)

    # Cut marks on both sides: where the cards meet, at the sheet's edges and crossing at its centre.
    for image in (fronts, backs):
        for x_mm, y_mm in ((105, 4), (105, 293), (4, 148.5), (206, 148.5), (105, 148.5), (102, 148.5), (105, 145)):
            assert darkest(image, x_mm, y_mm) < 100, (x_mm, y_mm)
        assert darkest(image, 105, 60) > 240  # no line through the cards themselves


def test_card_sheet_backs_are_mirrored_for_long_edge_duplex() -> None:
    from gorag.library import load_library
    from gorag.pdf import FIT_PREFIX, _layout
    from gorag.printables import card_jobs

    library = load_library(FIXTURES / "basic" / "protocols", FIXTURES / "basic" / "docs", FIXTURES / "basic")
    _, sheet = card_jobs(library, library.role("police"), "en", URL, date(2026, 1, 1), FONTS)
    front_page, back_page = _layout(sheet.html, FONTS).pages
    width = front_page.width
    for copy in range(4):
        front = front_page.anchors[f"{FIT_PREFIX}card{copy}-front"]
        back = back_page.anchors[f"{FIT_PREFIX}card{copy}-back"]
        # Turned over on the long edge, a point at x lands at width - x: the back of the card at
        # left goes to the right, at the same height.
        assert back[0] + back[2] == pytest.approx(width - front[0] + width - front[2], abs=0.5)
        assert back[1] == pytest.approx(front[1], abs=0.5)


def test_downloads_page_offers_the_card_and_its_sheet(basic_site: Path) -> None:
    page = (basic_site / "ru/downloads.html").read_text(encoding="utf-8")
    line = next(li for li in re.findall(r"<li>.*?</li>", page, re.S) if "cards/police.pdf" in li)
    assert 'href="downloads/cards/police-sheet-a4.pdf" download>' in line
    assert "карточка A6, две стороны" in line and "четыре на листе A4" in line
    assert (basic_site / "ru/downloads/cards/police-sheet-a4.pdf").is_file()


def test_a_card_too_long_for_two_faces_keeps_what_fits_and_points_to_the_site(tmp_path: Path) -> None:
    from gorag.library import load_library
    from gorag.models import Step
    from gorag.pdf import render_all
    from gorag.printables import card_jobs

    library = load_library(FIXTURES / "basic" / "protocols", FIXTURES / "basic" / "docs", FIXTURES / "basic")
    alpha = library.protocols[0]
    steps = tuple(Step(f"step-{i}", f"Step {i}: check the child's safety, record what you saw and heard, and tell the duty "
                                    "officer and the social worker of the district the same day", "police",
                       action="Record what you saw and heard, tell the duty officer and the social worker the same day. " * 3)
                  for i in range(40))
    library = replace(library, protocols=(replace(alpha, steps=steps, translations=()), *library.protocols[1:]))
    card, sheet = card_jobs(library, library.role("police"), "en", URL, date(2026, 1, 1), FONTS)
    assert card.fallbacks and sheet.fallbacks  # tighter versions to fall back on
    pdfs = render_all([card, sheet], FONTS, tmp_path / "cache", workers=1)
    (tmp_path / "card.pdf").write_bytes(pdfs[card.path])
    reader = PdfReader(tmp_path / "card.pdf")
    assert len(reader.pages) == 2
    back = page_text(reader, 1)
    assert "Further steps are on the site." in back and "The full text and the latest version are on the site" in back
    assert "Step 0: check the child's safety" in page_text(reader, 0) and "Step 39:" not in back
    for page in (1, 2):  # nothing cut off at the bottom of either face
        image = raster(tmp_path / "card.pdf", tmp_path, page)
        strip = round(4 / MM_PER_INCH * 150)
        assert inked(image, (0, image.height - strip, image.width, image.height)) == 0


def test_pack_card_keeps_steps_whole_and_in_order() -> None:
    from markupsafe import Markup

    from gorag.printables import CardGroup, CardLevel, CardStep, pack_card

    groups = [CardGroup("A", tuple(CardStep(f"a{i}", Markup("x" * 200)) for i in range(3))),
              CardGroup("B", tuple(CardStep(f"b{i}", Markup("x" * 200)) for i in range(3)))]
    roomy = pack_card(groups, CardLevel(7, True), 10_000, 10_000)
    assert roomy.complete and [g.title for g in roomy.front] == ["A", "B"] and roomy.back == ()
    # room for two steps (and a title) in front and two behind: the rest goes to the back, under its protocol's title
    # marked as continued, and what is left over is not printed
    tight = pack_card(groups, CardLevel(7, True), 95, 110)
    shown = [(g.title, g.continued, [s.title for s in g.steps]) for face in (tight.front, tight.back) for g in face]
    assert not tight.complete and [s for _, _, steps in shown for s in steps] == ["a0", "a1", "a2", "b0"]
    assert shown[0][:2] == ("A", False) and ("A", True) in [item[:2] for item in shown]
    brief = pack_card(groups, CardLevel(7, False), 10_000, 10_000)
    assert all(not s.text for g in brief.front for s in g.steps)  # titles alone


# The fitting mechanism (gorag.pdf)


def test_overflowing_boxes_are_found_and_a_tighter_version_is_chosen(tmp_path: Path) -> None:
    from gorag.pdf import FIT_END, FIT_PREFIX, _layout, cache_key, overflowing, render_fitting

    def page(words: int, size: str) -> str:
        """An A6 page with a fitted box 60 mm high holding ``words`` words at ``size``."""
        box = f"{FIT_PREFIX}box"
        return (f'<html lang="en"><head><title>t</title><style>@page {{ size: A6; margin: 10mm }}'
                f"#{box} {{ height: 60mm; font-size: {size} }}</style></head><body>"
                f'<div id="{box}">{"word " * words}<div id="{box}{FIT_END}"></div></div><p>{size}</p></body></html>')

    assert overflowing(_layout(page(20, "10pt"), FONTS)) == []
    assert overflowing(_layout(page(200, "10pt"), FONTS)) == ["box"]  # runs over the box, on its page
    assert overflowing(_layout(page(2000, "10pt"), FONTS)) == ["box"]  # runs over onto more pages
    pdf = tmp_path / "chosen.pdf"
    pdf.write_bytes(render_fitting((page(400, "14pt"), page(400, "4pt"), page(400, "3pt")), FONTS))
    assert "4pt" in PdfReader(pdf).pages[-1].extract_text()  # the first version that fits
    # every version is part of the cache key: a change to a fallback renders the PDF again
    assert cache_key("a", FONTS) != cache_key("a", FONTS, ("b",)) and cache_key("a", FONTS) == cache_key("a", FONTS, ())


def test_posters_and_cards_render_the_same_bytes_twice(tmp_path: Path) -> None:
    from gorag.library import load_library
    from gorag.pdf import render_fitting
    from gorag.printables import campaign_jobs, card_jobs

    root = FIXTURES / "basic"
    library = load_library(root / "protocols", root / "docs", root, root / "campaigns")
    jobs, _ = campaign_jobs(library, URL, date(2026, 1, 1), FONTS)
    poster = next(j for j in jobs if j.path == "tk/downloads/campaigns/demo-2027/events/press-poster-a3.pdf")
    card, _ = card_jobs(library, library.role("teacher"), "ru", URL, date(2026, 1, 1), FONTS)
    for job in (poster, card):
        assert render_fitting(job.versions, FONTS) == render_fitting(job.versions, FONTS), job.path


# The shipped content: the longest titles and the fullest cards


@pytest.fixture(scope="module")
def shipped_print(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own campaigns and protocols, built with their PDFs."""
    root = make_project(tmp_path_factory.mktemp("shipped-print") / "project", fixture=None, printables=True)
    result = run_gorag(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_shipped_posters_fit_their_longest_titles_on_one_page(shipped_print: Path, tmp_path: Path) -> None:
    import yaml

    posters = sorted(shipped_print.glob("**/downloads/campaigns/*/events/*.pdf"))
    assert len(posters) > 200
    for path in posters:
        assert len(PdfReader(path).pages) == 1, path
    # The longest event title of each language, whole, with the key message and the address below
    # it all: nothing was cut to fit.
    for lang, prefix in LANGS.items():
        events = [e for f in sorted((REPO / "campaigns").glob("*/events.yml"))
                  for e in yaml.safe_load(f.read_text(encoding="utf-8")) if not e.get("cancelled")]
        longest = max(events, key=lambda e: len(e["title"][lang]))
        campaign = next(f.parent.name for f in (REPO / "campaigns").glob("*/events.yml")
                        if longest in yaml.safe_load(f.read_text(encoding="utf-8")))
        for kind in SIZES:
            path = shipped_print / f"{prefix}downloads/campaigns/{campaign}/events/{longest['id']}-{kind}.pdf"
            text = page_text(PdfReader(path), 0)
            assert " ".join(longest["title"][lang].split()) in text, (path, text)
            url = f"{URL}{prefix}campaigns/{campaign}/events/{longest['id']}.html"
            assert url in text.replace(" ", "")
            image = raster(path, tmp_path)
            assert [c.text for c in codes(image)] == [url], path
            bottom = inked(image, (0, image.height * 2 // 3, image.width, image.height))
            assert bottom > 0.12, (path, bottom)


def test_shipped_cards_are_two_faces_in_every_language(shipped_print: Path, tmp_path: Path) -> None:
    cards = sorted(p for p in shipped_print.glob("**/downloads/cards/*.pdf") if not p.stem.endswith("-sheet-a4"))
    assert len(cards) == 3 * 7
    for path in cards:
        reader = PdfReader(path)
        assert len(reader.pages) == 2 and page_size(reader, 1) == A6, path
        back = raster(path, tmp_path, 2)
        role = path.stem
        prefix = "" if path.parent.parent.parent == shipped_print else f"{path.parent.parent.parent.name}/"
        assert [c.text for c in codes(back)] == [f"{URL}{prefix}roles/{role}.html"], path
        strip = round(4 / MM_PER_INCH * 150)
        for image in (raster(path, tmp_path, 1), back):
            assert inked(image, (0, image.height - strip, image.width, image.height)) == 0, path
    for path in sorted(shipped_print.glob("**/downloads/cards/*-sheet-a4.pdf")):
        reader = PdfReader(path)
        assert len(reader.pages) == 2 and page_size(reader, 0) == A4, path
