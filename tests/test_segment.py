import string

from hypothesis import given, settings
from hypothesis import strategies as st

from inference.segment import split_sentences

PIECES = [
    "Mr. Brown told the inquest he had not seen the baby for a week.",
    "Det Supt Alvarez said: \"This was a tragedy that should not have happened.\"",
    "The family lived near St. Anne's Road in Harrowmere.",
    "She was 17.",
    "Did anyone ask who else lived there?",
    "'Lessons will be learned,' the chair said.",
    "Review finds missed chances to protect Baby Q",
    "- Published 12 May 2022",
    "• No single agency held the full picture",
    "Key issues: neglect; missed appointments; father not assessed.",
    "4.12 Practitioners did not ask about the mother's partner.",
    "Image caption, The review was published on Tuesday",
    "Dr. Okafor, a consultant at the U.K. hospital, e.g. the ward, noted it.",
    "Related topics",
]


def _check(text):
    sentences = split_sentences(text)
    covered = [False] * len(text)
    last_end = -1
    for start, end, sentence in sentences:
        assert text[start:end] == sentence
        assert sentence and sentence == sentence.strip()
        assert start >= last_end, "sentences are in order and do not overlap"
        last_end = end
        for i in range(start, end):
            covered[i] = True
    missed = [c for c, cov in zip(text, covered) if not cov and not c.isspace()]
    assert not missed, f"dropped characters: {''.join(missed)!r}"
    return sentences


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(PIECES), st.sampled_from([" ", "\n", "\n\n", "  \n", "\r\n", "\t"])),
        min_size=1,
        max_size=12,
    )
)
def test_offsets_round_trip_and_cover_the_text(parts):
    _check("".join(piece + sep for piece, sep in parts))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=string.ascii_letters + string.digits + " .,;:!?'\"-\n\t()", max_size=300))
def test_arbitrary_text_is_covered(text):
    _check(text)


def test_abbreviations_do_not_split():
    text = 'Mr. Brown met Det Supt Alvarez at St. Anne\'s. "It was awful," he said.'
    assert [s.text for s in split_sentences(text)] == [
        "Mr. Brown met Det Supt Alvarez at St. Anne's.",
        '"It was awful," he said.',
    ]


def test_line_breaks_are_boundaries():
    text = "Review finds missed chances\nPublished 4 March 2021\n\nKey issues: neglect; drugs\n- bullet line"
    assert [s.text for s in split_sentences(text)] == [
        "Review finds missed chances",
        "Published 4 March 2021",
        "Key issues: neglect; drugs",
        "- bullet line",
    ]


def test_empty_and_blank_text():
    assert split_sentences("") == []
    assert split_sentences("  \n\n\t ") == []


def test_list_markers_stay_with_their_sentence():
    text = "10. The health visitor did not ask.\n(iv) The GP failed. Then he left.\n4.12 Practitioners did not ask."
    assert [s.text for s in split_sentences(text)] == [
        "10. The health visitor did not ask.",
        "(iv) The GP failed.",
        "Then he left.",
        "4.12 Practitioners did not ask.",
    ]
