"""A tiny annotated corpus for training tests: a handful of documents, three labels, real text."""

from pathlib import Path

from tests.conftest import make_document, write_corpus

SLEEP = [
    "The baby was found unresponsive after sharing a sofa with his father.",
    "Safer sleep advice was given at the first visit but not repeated.",
    "She had fallen asleep in the adult bed with the infant beside her.",
    "The Moses basket was full of laundry, so the baby slept on the settee.",
]
FATHER = [
    "The mother's partner was never asked about his own history.",
    "No professional met the father, although he cared for the twins each day.",
    "Her boyfriend was not included in any assessment of the household.",
    "Practitioners did not know that a man had moved into the flat.",
]
SHARING = [
    "The GP practice did not pass the police report to the health visitor.",
    "Records held by the hospital were never shared with the school nurse.",
    "The referral was not copied to children's social care.",
    "Information about the earlier injury sat in a separate system.",
]
NONE = [
    "The review was published on Tuesday.",
    "The partnership thanked the family for their help.",
    "Follow the Vale Courier on Facebook.",
    "The child lived with her grandmother in a small town.",
]


def _doc(i: int) -> dict:
    k = i % 4
    sentences = [
        (SLEEP[k], ["unsafe_sleep"]),
        (FATHER[(k + 1) % 4], ["fathers_male_carers"]),
        (NONE[k], []),
        (SHARING[(k + 2) % 4], ["information_sharing"]),
        (f"{SLEEP[(k + 3) % 4][:-1]}, and {FATHER[k][0].lower()}{FATHER[k][1:]}", ["unsafe_sleep", "fathers_male_carers"]),
        (NONE[(k + 1) % 4], []),
    ]
    return make_document(f"fx-{i:02d}", sentences, register=("news", "report", "summary")[i % 3])


def tiny_corpus(folder: Path) -> Path:
    docs = [_doc(i) for i in range(12)]
    return write_corpus(folder, {"train": docs[:8], "dev": docs[8:10], "test": docs[10:]})
