"""Regenerate the two binary sample documents in examples/articles/.

    .venv/bin/python examples/make_binary_examples.py

Writes articles/child-p-review-excerpt.docx (python-docx) and
articles/baby-t-review-summary.pdf (fpdf2). All content is invented: pseudonymised
children, fictional places and organisations. Output is deterministic: fixed core
properties for the .docx (and fixed zip timestamps), fixed creation date for the PDF.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from fpdf import FPDF

OUT_DIR = Path(__file__).resolve().parent / "articles"
FIXED_DATE = datetime(2024, 1, 1, tzinfo=timezone.utc)

# ---------------------------------------------------------------------------
# Child P: excerpt of a review report (.docx)
# ---------------------------------------------------------------------------

DOCX_TITLE = "Child Safeguarding Practice Review: Child P"
DOCX_SUBTITLE = "Ashworth Vale Safeguarding Children Partnership - Excerpt from the overview report"

DOCX_SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "4. The child and family",
        [
            ("4.1", "Child P is a four-year-old boy who has a diagnosis of autism and global developmental "
                    "delay. He does not use words to communicate and relies on routine and familiar adults."),
            ("4.2", "Child P lived with his mother and her older son. His mother had used heroin for many "
                    "years and was prescribed methadone by the community drug service throughout the "
                    "period under review."),
            ("4.3", "In March 2023 Child P was taken to hospital by ambulance after swallowing methadone "
                    "that had been left in an unlocked kitchen cupboard. He needed intensive care for two "
                    "days and has since made a good physical recovery."),
        ],
    ),
    (
        "5. Chronology of key events",
        [
            ("5.1", "June 2022: the nursery reports that Child P has arrived hungry and in the same soiled "
                    "clothes on several days. The family support worker visits and is told this was a "
                    "difficult week."),
            ("5.2", "August 2022 to January 2023: Child P misses four appointments with the community "
                    "paediatrician and two with speech and language therapy. The mother cancels three "
                    "planned home visits by text message."),
            ("5.3", "November 2022: the pharmacy notes that the mother has collected her methadone late "
                    "on several occasions and appeared drowsy. This is not passed to the drug service "
                    "or to the family support worker."),
            ("5.4", "February 2023: the case is transferred to a newly qualified worker after the "
                    "previous worker leaves the authority. The handover is by email only."),
        ],
    ),
    (
        "6. Findings",
        [
            ("6.1", "Missed appointments were seen as a nuisance for services rather than as missed "
                    "health care for a child with complex needs. Repeated cancellations, combined with "
                    "warm and positive conversations when contact did happen, amounted to disguised "
                    "compliance that was not recognised."),
            ("6.2", "Professionals did not ask where the methadone was kept, whether Child P could reach "
                    "it, or whether the mother was using other drugs on top of her prescription. Her "
                    "accounts of progress were accepted at face value."),
            ("6.3", "The risks of substance misuse were assessed for the mother as a patient of the drug "
                    "service, but the impact on her parenting of a disabled child who needed constant "
                    "supervision was never analysed."),
            ("6.4", "Because Child P could not speak, practitioners relied on his mother to describe his "
                    "day. Nobody observed him at home at mealtimes or bedtime, or asked nursery staff how "
                    "he showed distress."),
            ("6.5", "Supervision records show the case was discussed twice in nine months, with no "
                    "actions set. The reviewer heard that the team had carried four vacancies for most "
                    "of the year and that the new worker held twenty-eight cases."),
        ],
    ),
    (
        "7. Recommendations",
        [
            ("7.1", "The drug service and children's social care should agree a joint protocol requiring "
                    "a home visit to check safe storage of prescribed opioids whenever a child lives in "
                    "the household."),
            ("7.2", "Pharmacies should be included in the partnership's information sharing agreement "
                    "and given a clear route to report concerns."),
            ("7.3", "Health providers should treat a child's missed appointments as a safeguarding "
                    "matter and follow up with the family and the lead professional."),
            ("7.4", "Practitioners working with non-verbal children should use observation and the "
                    "knowledge of those who know the child well to understand his lived experience."),
            ("7.5", "Children's social care should audit the frequency and quality of supervision for "
                    "cases held by newly qualified social workers."),
        ],
    ),
]

DOCX_CLOSING = ("This excerpt is reproduced for training purposes. The full report runs to 42 pages "
                "and is available from the partnership business unit.")


def _fix_zip_timestamps(raw: bytes) -> bytes:
    """Rewrite the .docx zip with fixed timestamps so repeated runs give identical bytes."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = info.external_attr
            dst.writestr(new, src.read(info.filename))
    return buf.getvalue()


def make_docx(path: Path) -> None:
    doc = Document()
    props = doc.core_properties
    props.title = DOCX_TITLE
    props.author = "Ashworth Vale Safeguarding Children Partnership"
    props.last_modified_by = "sgtag examples"
    props.created = FIXED_DATE.replace(tzinfo=None)
    props.modified = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1

    doc.add_heading(DOCX_TITLE, level=0)
    doc.add_paragraph().add_run(DOCX_SUBTITLE).italic = True
    for heading, paras in DOCX_SECTIONS:
        doc.add_heading(heading, level=1)
        for number, text in paras:
            doc.add_paragraph(f"{number} {text}")
    doc.add_paragraph(DOCX_CLOSING)

    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(_fix_zip_timestamps(buf.getvalue()))


# ---------------------------------------------------------------------------
# Baby T: 1-2 page review summary (.pdf), latin-1 text only
# ---------------------------------------------------------------------------

PDF_TITLE = "Baby T: Summary of a Child Safeguarding Practice Review"
PDF_ORG = "Kestrelton Safeguarding Children Partnership - Published June 2024"

PDF_SECTIONS: list[tuple[str, list[str]]] = [
    (
        "Introduction",
        [
            "This summary sets out the main learning from a local review into the care of Baby T, "
            "a baby girl who was admitted to hospital at eleven weeks old severely underweight and "
            "dehydrated. She has since recovered and is thriving with her family.",
        ],
    ),
    (
        "The circumstances",
        [
            "Baby T was one of twins born at 33 weeks. Both babies spent three weeks in the neonatal "
            "unit. Baby T had reflux and a weak suck, and her feeding plan on discharge required "
            "feeds every three hours and weekly weighing.",
            "Her mother had a history of severe depression and had been treated in a psychiatric "
            "unit after a suicide attempt in her late teens. She told her midwife she was \"terrified\" "
            "of becoming unwell again, and by the time the twins were six weeks old she was "
            "sleeping very little and struggling to get out of bed.",
            "Baby T's father worked away on offshore shifts of three weeks at a time. Professionals "
            "did not meet him, did not record his working pattern and did not ask what support he "
            "could offer while at home.",
        ],
    ),
    (
        "What went wrong",
        [
            "Weekly weighing stopped after the first fortnight because of a shortage of health "
            "visitors in the area, and the family were moved to a duty system with no named worker. "
            "Baby T's weight was not plotted for five weeks.",
            "The perinatal mental health team accepted a referral but placed the mother on a "
            "waiting list of nine weeks. The GP was not told of the delay, and the health visiting "
            "service did not know the referral had been made.",
            "When the mother said the twins were \"feeding fine\", this was not checked against "
            "weights, feeding charts or a direct observation of a feed. Her low mood and exhaustion "
            "were not considered alongside the babies' prematurity and Baby T's feeding "
            "difficulties, so the growing risk that her needs would not be met went unrecognised.",
            "No single professional was coordinating the family's care and there was no "
            "multi-agency meeting before the admission.",
        ],
    ),
    (
        "Learning for practitioners",
        [
            "- Premature twins with feeding problems need a named professional and a clear, "
            "shared plan for monitoring growth.",
            "- A parent's mental health history should prompt a careful look at how illness could "
            "affect the daily care of a baby, not only at the parent's own wellbeing.",
            "- Fathers who work away are still parents: include them in planning and find out "
            "when they are home.",
            "- Waiting lists should be shared with referrers so that interim support can be put in place.",
        ],
    ),
    (
        "Recommendations",
        [
            "1. The Integrated Care Board should review health visitor staffing and set a minimum "
            "contact schedule for premature and multiple births.",
            "2. The perinatal mental health service should notify the GP and health visitor of "
            "waiting times and agree interim support.",
            "3. The partnership should update its neglect guidance to include faltering growth in infants.",
            "4. Managers should check in supervision that each vulnerable infant has a named lead professional.",
        ],
    ),
]

PDF_CLOSING = ("The partnership thanks Baby T's parents for speaking with the reviewer. "
               "Further copies of this summary are available on request.")


class _SummaryPDF(FPDF):
    def footer(self) -> None:  # noqa: D401 - fpdf2 hook
        self.set_y(-15)
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 10, f"Kestrelton SCP - Baby T summary - page {self.page_no()}", align="C")


def make_pdf(path: Path) -> None:
    pdf = _SummaryPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(PDF_TITLE)
    pdf.set_author("Kestrelton Safeguarding Children Partnership")
    pdf.set_creator("sgtag examples/make_binary_examples.py")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()

    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, PDF_TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "I", 10)
    pdf.multi_cell(0, 6, PDF_ORG, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    for heading, paras in PDF_SECTIONS:
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10.5)
        for text in paras:
            text.encode("latin-1")  # core fonts only take latin-1
            pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        pdf.ln(2)

    pdf.set_font("Helvetica", "I", 10)
    pdf.multi_cell(0, 5.5, PDF_CLOSING, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    docx_path = OUT_DIR / "child-p-review-excerpt.docx"
    pdf_path = OUT_DIR / "baby-t-review-summary.pdf"
    make_docx(docx_path)
    make_pdf(pdf_path)
    print(f"wrote {docx_path}")
    print(f"wrote {pdf_path}")


if __name__ == "__main__":
    main()
