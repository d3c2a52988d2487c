"""Builders for input files of every kind the tagger reads, good and bad."""

from pathlib import Path

NEWS = (
    "Review finds father was never assessed\n"
    "Published 3 May 2023\n\n"
    "Mr. Hale met Det Supt Rowe at St. Anne's. The baby slept on the sofa with his father after he had been drinking.\n"
    "Records held by the hospital were never shared with the school nurse.\n"
)


def make_pdf(path: Path, text: str) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def make_image_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(40, 40, 40)
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))
    return path


def make_encrypted_pdf(path: Path, text: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(path.with_name("plain-for-encryption.pdf"), text)
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    with path.open("wb") as handle:
        writer.write(handle)
    plain.unlink()
    return path


def make_docx(path: Path, paragraphs: list[str]) -> Path:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


HTML = """<!DOCTYPE html><html><head><title>Vale Courier</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="cookie">We use cookies to improve your experience. Accept all cookies?</div>
<article><h1>Review finds baby slept on sofa</h1>
<p>The baby slept on the sofa with his father, who had been drinking, a safeguarding review has found.</p>
<p>The review said records held by the hospital were never shared with the health visitor.</p>
<p>The partnership said it accepted all of the recommendations in full.</p>
</article>
<footer>Copyright Vale Courier 2024. Terms and privacy.</footer></body></html>"""


def good_inputs(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "news.txt").write_text(NEWS, encoding="utf-8")
    (folder / "brief.md").write_text("# Learning brief\n\n- The father was never asked about his drinking.\n- Nobody spoke to the child.\n", encoding="utf-8")
    (folder / "page.html").write_text(HTML, encoding="utf-8")
    make_pdf(folder / "summary.pdf", "Baby T slept on the sofa with his father. The father was never assessed by the health visitor, "
             "although he cared for the baby every day and had been drinking heavily that night.")
    make_docx(folder / "excerpt.docx", ["4.3 The health visitor did not ask who else lived at the flat.", "4.4 Records were not shared."])
    return {p.suffix: p for p in folder.iterdir()}
