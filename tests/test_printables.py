"""Printables read as documents: text from the real PDFs, page sizes, QR codes, metadata, cache."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from conftest import SITE_URL as URL
from conftest import make_project, run_gorag

A4, A6 = (595.28, 841.89), (297.64, 419.53)


def pdf(site: Path, rel: str) -> PdfReader:
    return PdfReader(site / rel)


def text(reader: PdfReader) -> str:
    """All text of a PDF with line breaks folded, so wrapped sentences read whole."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def size(reader: PdfReader, page: int = 0) -> tuple[float, float]:
    box = reader.pages[page].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def raster(path: Path, tmp: Path, page: int = 1, dpi: int = 150) -> Image.Image:
    """Rasterise one page with pdftoppm, as a reader's viewer would draw it."""
    out = tmp / f"{path.stem}-{page}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile", str(path), str(out)],
                   check=True)
    return Image.open(f"{out}.png")


def test_protocol_pdf_text_metadata_and_size(basic_site: Path) -> None:
    reader = pdf(basic_site, "tk/downloads/protocols/alpha.pdf")
    body = text(reader)
    assert "Alfa habar bermek teswirnamasy" in body
    assert "Harplar: ä ç ň ö ş ü ý ž Ä Ç Ň Ö Ş Ü Ý Ž." in body  # Turkmen letters survive extraction
    assert "NUSGA TEKST — KABUL" in body and "EDILMEDIK" in body  # watermark on a model text
    assert "Alamatlary belläň" in body and "Ugrukdyrma ýoly" in body  # pathway and checklists
    assert "Tekst 1 ýanwar 2026 ýagdaýyna görä" in body  # "valid as of" from the source date
    assert size(reader) == A4 and all(size(reader, i) == A4 for i in range(len(reader.pages)))
    assert reader.metadata is not None and reader.metadata.title == "Alfa habar bermek teswirnamasy"
    assert reader.root_object["/Lang"] == "tk"
    mark_info = reader.root_object["/MarkInfo"]
    assert isinstance(mark_info, DictionaryObject) and mark_info["/Marked"]  # tagged PDF
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[0] == "Alfa habar bermek teswirnamasy"
    assert len(reader.pages) >= 3


def test_cyrillic_and_adopted_documents(basic_site: Path) -> None:
    ru = text(pdf(basic_site, "ru/downloads/protocols/alpha.pdf"))
    assert "Протокол Альфа о сообщениях" in ru and "Учитель, подозревающий насилие" in ru
    assert "Текст по состоянию на 1 января 2026" in ru
    adopted = text(pdf(basic_site, "downloads/protocols/beta.pdf"))
    assert "Beta diversion procedure" in adopted and "MODEL TEXT" not in adopted and "NOT ADOPTED" not in adopted


def test_pocket_card_is_a6_with_the_roles_steps(basic_site: Path, tmp_path: Path) -> None:
    reader = pdf(basic_site, "ru/downloads/cards/police.pdf")
    assert size(reader) == A6
    body = text(reader)
    assert "Я инспектор по делам несовершеннолетних — что я должен делать?" in body
    assert "Угрожает ли ребёнку опасность?" in body and "Защитить ребёнка немедленно" in body
    assert "Заметить признаки" not in body  # the teacher's step
    # the front gives the steps, the back the QR code (tests/test_print_design.py: the layout)
    assert len(reader.pages) == 2
    codes = [r.text for r in zxingcpp.read_barcodes(raster(basic_site / "ru/downloads/cards/police.pdf", tmp_path, page=2, dpi=200))]
    assert codes == [f"{URL}ru/roles/police.html"]


def test_qr_code_on_the_cover_decodes_to_the_page(basic_site: Path, tmp_path: Path) -> None:
    image = raster(basic_site / "tk/downloads/protocols/alpha.pdf", tmp_path)
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [f"{URL}tk/protocols/alpha.html"]
    assert abs(image.size[0] - 1240) <= 1 and abs(image.size[1] - 1754) <= 1  # A4 at 150 dpi
    # The cover is not blank: the title band is drawn in dark ink.
    dark = sum(image.convert("L").crop((60, 200, 1180, 420)).histogram()[:100])
    assert dark > 2000


def test_handbook_has_every_protocol_glossary_and_roles(basic_site: Path) -> None:
    reader = pdf(basic_site, "ru/downloads/handbook.pdf")
    body = text(reader)
    for title in ("Протокол Альфа о сообщениях", "Процедура Бета по отвлечению", "Глоссарий", "Отвлечение от уголовного судопроизводства"):
        assert title in body, title
    assert "Я учитель — что я должен делать?" in body
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Протокол Альфа о сообщениях" in outline and "Процедура Бета по отвлечению" in outline
    assert reader.pages[0].extract_text().count("ТИПОВОЙ ТЕКСТ") == 1


def test_handbook_has_one_watermark_however_many_model_texts(tmp_path: Path) -> None:
    from dataclasses import replace
    from datetime import date

    from conftest import FIXTURES
    from gorag.library import load_library
    from gorag.printables import printable_jobs

    root = FIXTURES / "basic"
    library = load_library(root / "protocols", root / "docs", root)
    library = replace(library, protocols=tuple(replace(p, status="model") for p in library.protocols))
    fonts = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "fonts"
    jobs, _ = printable_jobs(library, URL, date(2026, 1, 1), fonts)
    handbook = next(job.html for job in jobs if job.path == "downloads/handbook.pdf")
    assert handbook.count('class="watermark"') == 1  # fixed elements repeat on every page
    protocol = next(job.html for job in jobs if job.path == "downloads/protocols/beta.pdf")
    assert protocol.count('class="watermark"') == 1


def test_downloads_page_and_pdf_links(basic_site: Path) -> None:
    page = (basic_site / "tk/downloads.html").read_text(encoding="utf-8")
    for rel in ("downloads/handbook.pdf", "downloads/protocols/alpha.pdf", "downloads/cards/teacher.pdf"):
        assert f'href="{rel}"' in page and (basic_site / "tk" / rel).is_file()
    protocol = (basic_site / "protocols/alpha.html").read_text(encoding="utf-8")
    assert 'href="../downloads/protocols/alpha.pdf" download>Download PDF' in protocol
    role = (basic_site / "ru/roles/teacher.html").read_text(encoding="utf-8")
    assert 'href="../downloads/cards/teacher.pdf"' in role


def test_fetcher_refuses_the_network(tmp_path: Path) -> None:
    from weasyprint.urls import FatalURLFetchingError

    from gorag.pdf import render

    fonts = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "fonts"
    with pytest.raises(FatalURLFetchingError, match="may not fetch 'https://example.org/x.png'"):
        render('<html><body><img src="https://example.org/x.png"></body></html>', fonts)
    with pytest.raises(FatalURLFetchingError, match="may not read /etc/hostname"):
        render('<html><body><img src="file:///etc/hostname"></body></html>', fonts)


def test_unchanged_pdfs_are_not_rendered_again(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", printables=True)
    assert run_gorag(root, "build").returncode == 0
    cache = root / ".gorag" / "cache"
    first = {p.name for p in cache.glob("*.pdf")}
    # 2 protocols, 2 cards and their A4 sheets, a handbook; 3 events x (A3, A4, A5), a plan of
    # activities, a campaign report and a worksheet
    assert len(first) == 3 * (7 + 9 + 3)
    beta = root / "protocols" / "beta.en.md"
    beta.write_text(beta.read_text(encoding="utf-8").replace("assesses risk and needs", "assesses risks and needs"), encoding="utf-8")
    assert run_gorag(root, "build").returncode == 0
    new = {p.name for p in cache.glob("*.pdf")} - first
    # English beta text changed: its PDF in three languages (ru/tk fall back or translate) and the
    # three handbooks that include it; cards and alpha were reused.
    assert 3 <= len(new) <= 6
    assert "assesses risks and needs" in text(pdf(root / "site", "downloads/protocols/beta.pdf"))


POSTER_SIZES = {"poster-a3": (841.89, 1190.55), "poster-a4": A4, "flyer-a5": (419.53, 595.28)}


@pytest.mark.parametrize("kind", sorted(POSTER_SIZES))
def test_posters_and_flyers_per_event(basic_site: Path, tmp_path: Path, kind: str) -> None:
    rel = f"ru/downloads/campaigns/demo-2027/events/press-{kind}.pdf"
    reader = pdf(basic_site, rel)
    assert size(reader) == POSTER_SIZES[kind] and len(reader.pages) == 1
    body = text(reader)
    for expected in ("Пресс-конференция", "Где: Пресс-центр город Ашхабад",  # the place over its region
                     "Министерство труда и социальной защиты населения", "Торговля людьми может коснуться каждого."):
        assert expected in body, expected
    # the date block: day, month, weekday, time (pypdf reads the large day and the month below it
    # as one line, with no space between)
    assert re.search("30 ?июля 2027 Пятница 10:00–12:00", body), body
    codes = [r.text for r in zxingcpp.read_barcodes(raster(basic_site / rel, tmp_path, dpi=120))]
    assert codes == [f"{URL}ru/campaigns/demo-2027/events/press.html"]
    assert not (basic_site / "ru/downloads/campaigns/demo-2027/events/concert-poster-a3.pdf").exists()  # cancelled


def test_plan_of_activities_is_a_landscape_table_and_worksheet(basic_site: Path) -> None:
    reader = pdf(basic_site, "tk/downloads/campaigns/demo-2027/plan-of-activities.pdf")
    assert size(reader) == (841.89, 595.28)
    body = text(reader)
    assert "Çäreleriň meýilnamasy: Bütindünýä güni 2027 (nusga)" in body
    assert "1 Hepdelik radio ýüzlenmesi" in body and "3 Metbugat ýygnagy" in body and "Konsert" not in body
    worksheet = text(pdf(basic_site, "downloads/campaigns/demo-2027/ten-step-worksheet.pdf"))
    assert "1 Define the goal Ministry of Labour and Social Protection of Population 31 May 2027" in worksheet


def test_campaign_pages_link_their_printables(basic_site: Path) -> None:
    event = (basic_site / "ru/campaigns/demo-2027/events/press.html").read_text(encoding="utf-8")
    for kind in ("poster-a3", "poster-a4", "flyer-a5"):
        href = f"../../../downloads/campaigns/demo-2027/events/press-{kind}.pdf"
        assert f'href="{href}" download' in event
        assert (basic_site / "ru/campaigns/demo-2027/events" / href).resolve().is_file()
    cancelled = (basic_site / "ru/campaigns/demo-2027/events/concert.html").read_text(encoding="utf-8")
    assert "poster-a3.pdf" not in cancelled
    activities = (basic_site / "campaigns/demo-2027/activities.html").read_text(encoding="utf-8")
    assert 'href="../../downloads/campaigns/demo-2027/plan-of-activities.pdf" download' in activities


def test_unverified_contacts_are_never_printed(basic_site: Path) -> None:
    handbook = text(pdf(basic_site, "tk/downloads/handbook.pdf"))
    assert "Habarlaşmak üçin: Ynam telefony: anyklanylýar" in handbook  # printed, but not as fact
    assert "Leads social protection" not in handbook and "Çagalary durmuş taýdan goramaga jogap berýär." in handbook
    for path in basic_site.rglob("*.pdf"):
        assert "+993" not in text(PdfReader(path)), path  # the unverified number in agencies.yml


def test_downloads_page_gives_format_and_size_of_every_file_grouped(basic_site: Path, tmp_path: Path) -> None:
    import zipfile
    from html import unescape

    from gorag.printables import file_size

    for lang, prefix in (("en", ""), ("ru", "ru/"), ("tk", "tk/")):
        page = (basic_site / f"{prefix}downloads.html").read_text(encoding="utf-8")
        links = re.findall(r'<a href="([^"]+)" download>', page)
        assert len(links) > 10 and any(link.endswith(".zip") for link in links)
        for rel in links:
            path = basic_site / prefix / unescape(rel)
            kind = rel.rsplit(".", 1)[1].upper()
            # right after its link: the file's format and real size, as the reader's language writes it
            size = re.escape(f"{kind}, {file_size(path.stat().st_size, lang)}")
            assert re.search(rf'<a href="{re.escape(rel)}" download>[^<]+</a> <span class="gorag-size">{size}</span>', page), rel
        assert "(PDF)" not in page and "data-gorag-size" not in page  # nothing left unfilled
    ru = (basic_site / "ru/downloads.html").read_text(encoding="utf-8")
    assert re.search(r"PDF, \d+ КБ|PDF, \d+,\d МБ", ru)
    # posters and flyers of one event are one line, not three
    en = (basic_site / "downloads.html").read_text(encoding="utf-8")
    line = next(li for li in re.findall(r"<li>.*?</li>", en, re.S) if "poster-a3" in li)
    assert "poster-a4" in line and "flyer-a5" in line
    # inside an offline copy, its Downloads page does not offer the copies (it is one), but still
    # says which copy suits which device, and gives the PDFs' sizes
    with zipfile.ZipFile(basic_site / "ru/downloads/gorag-offline-ru.zip") as archive:
        inside = archive.read("gorag-ru/ru/downloads.html").decode("utf-8")
    assert not re.search(r'href="[^"]*\.(zip|zim)"', inside) and 'class="gorag-device-guide"' in inside
    assert re.search(r"PDF, \d", inside)


def test_file_sizes_read_as_each_language_writes_them() -> None:
    from gorag.printables import file_size

    assert file_size(850_400, "en") == "850 KB" and file_size(1_234_567, "en") == "1.2 MB"
    assert file_size(1_234_567, "ru") == "1,2 МБ" and file_size(12_345, "tk") == "12 KB"
    assert file_size(10, "en") == "1 KB"


def test_offline_zip_per_language(basic_site: Path, tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(basic_site / "tk/downloads/gorag-offline-tk.zip") as archive:
        names = archive.namelist()
        assert "gorag-tk/index.html" in names and "gorag-tk/tk/protocols/alpha.html" in names
        assert "gorag-tk/tk/downloads/protocols/alpha.pdf" in names and "gorag-tk/assets/stylesheets/gorag.css" in names
        assert not any(n.startswith(("gorag-tk/ru/", "gorag-tk/protocols/")) or n.endswith(".zip") for n in names)
        archive.extractall(tmp_path)
    page = (tmp_path / "gorag-tk" / "tk" / "protocols" / "alpha.html").read_text(encoding="utf-8")
    assert "Alfa habar bermek teswirnamasy" in page
    assert (tmp_path / "gorag-tk" / "tk" / "search" / "search_index.js").is_file()
    with zipfile.ZipFile(basic_site / "downloads/gorag-offline-en.zip") as archive:
        assert not any(n.startswith(("gorag-en/ru/", "gorag-en/tk/")) for n in archive.namelist())
    assert 'href="downloads/gorag-offline-ru.zip"' in (basic_site / "ru/downloads.html").read_text(encoding="utf-8")


def test_checklist_lines_are_rendered_not_printed_as_typed(tmp_path: Path) -> None:
    """A step's action is inline Markdown: the pages hand it to MkDocs, a PDF needs it rendered.
    Emphasis prints without its asterisks, a code span's ``<`` stays a character, and a decision's
    text escaped for Markdown loses its backslashes, in the protocol PDF and on the pocket card."""
    import io
    from dataclasses import replace
    from datetime import date

    from conftest import FIXTURES
    from gorag.library import load_library
    from gorag.pdf import render
    from gorag.printables import printable_jobs

    root = FIXTURES / "basic"
    library = load_library(root / "protocols", root / "docs", root)
    alpha = next(p for p in library.protocols if p.id == "alpha")
    # A step title is plain text: its asterisks are characters, in the decision's line as anywhere.
    steps = tuple(replace(s, action="Write down **what you saw**, and `a<b` as typed.") if s.id == "notice" else
                  replace(s, title="Take the child somewhere *safe*") if s.id == "protect" else s for s in alpha.steps)
    library = replace(library, protocols=tuple(replace(p, steps=steps) if p.id == "alpha" else p for p in library.protocols))
    fonts = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "fonts"
    jobs, _ = printable_jobs(library, URL, date(2026, 1, 1), fonts)
    protocol = next(job for job in jobs if job.path == "downloads/protocols/alpha.pdf")
    card = next(job for job in jobs if job.path == "downloads/cards/teacher.pdf")
    assert "<strong>what you saw</strong>" in protocol.html and "<code>a&lt;b</code>" in protocol.html
    assert "<strong>what you saw</strong>" in card.html
    for job in (protocol, card):
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render(job.html, fonts))).pages)
        text = re.sub(r"\s+", " ", text)
        assert "what you saw" in text and "**" not in text, job.path
        assert "a<b" in text, job.path
    protocol_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render(protocol.html, fonts))).pages)
    assert "\\*" not in protocol_text and "somewhere *safe*" in re.sub(r"\s+", " ", protocol_text)
