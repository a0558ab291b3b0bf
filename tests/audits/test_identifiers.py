"""Personal identifiers in free text and case references (no database needed)."""

import itertools

import pytest

from audits.identifiers import (
    DATE_OF_BIRTH,
    EMAIL,
    NHS_NUMBER,
    NI_NUMBER,
    PERSONAL_NAME,
    PHONE,
    POSTCODE,
    SuspectIdentifier,
    describe,
    find_identifiers,
    reference_problem,
)

OPEN, CLOSE = "\u201c", "\u201d"


def found(text):
    return [(s.kind, s.text) for s in find_identifiers(text)]


def kinds(text):
    return [s.kind for s in find_identifiers(text)]


# --- Ordinary practice notes ------------------------------------------------------------


def test_it_finds_nothing_in_an_ordinary_case_note():
    note = (
        "s.42 enquiry opened 12/03/2025; Care Act 2014 s.9 assessment; team 3; "
        "score 3/4; 85% of outcomes met; WS2 locality team, B1 office; MCA 2005 and "
        "DoLS considered; reviewed 2024-11-05 on Ms Teams; ext 4412; Band 6 worker."
    )
    assert find_identifiers(note) == []


def test_it_finds_nothing_in_an_empty_note():
    assert find_identifiers("") == []


# --- NHS number -------------------------------------------------------------------------


def test_it_finds_an_nhs_number_grouped_with_spaces():
    text = "NHS no 943 476 5919 on the referral."
    assert find_identifiers(text) == [SuspectIdentifier(NHS_NUMBER, "943 476 5919", 7, 19)]


@pytest.mark.parametrize("number", ["9434765919", "943-476-5919"])
def test_it_finds_an_nhs_number_run_together_or_hyphenated(number):
    assert found(f"NHS {number}") == [(NHS_NUMBER, number)]


def test_it_ignores_ten_digits_that_fail_the_nhs_check_digit():
    assert found("NHS no 943 476 5918") == []


def test_it_ignores_an_nhs_number_whose_check_digit_would_be_ten():
    # Weighted sum 1 (mod 11) means a check digit of 10: never issued.
    assert found("number 000 000 0060") == []


# --- National Insurance number ----------------------------------------------------------


@pytest.mark.parametrize("number", ["AB 12 34 56 C", "AB123456C", "ab123456c"])
def test_it_finds_a_national_insurance_number(number):
    assert found(f"NI number {number} held by DWP") == [(NI_NUMBER, number)]


@pytest.mark.parametrize(
    "number",
    [
        "QQ 12 34 56 C",  # the example in guidance: Q is never issued
        "GB123456A",  # excluded prefix
        "NK123456A",  # excluded prefix
        "DA123456A",  # D never first
        "AO123456A",  # O never second
        "AB123456E",  # suffix only A to D
        "AB12345C",  # too few digits
    ],
)
def test_it_ignores_what_cannot_be_a_national_insurance_number(number):
    assert NI_NUMBER not in kinds(f"NI {number}")


# --- Postcode ---------------------------------------------------------------------------


@pytest.mark.parametrize("postcode", ["B1 1BB", "WV1 1SH", "DY1 4HL", "SW1A 2AA"])
def test_it_finds_a_full_postcode(postcode):
    assert found(f"Lives alone at {postcode} since 2019.") == [(POSTCODE, postcode)]


@pytest.mark.parametrize("postcode", ["dy14hl", "b1 1bb"])
def test_it_finds_a_postcode_without_a_space_or_in_lower_case(postcode):
    assert found(f"moved to {postcode}") == [(POSTCODE, postcode)]


def test_it_ignores_a_lone_outward_code():
    assert found("Covered by the B1 and WS2 teams, DY1 area.") == []


def test_it_ignores_a_postcode_shape_inside_a_longer_word():
    assert found("code XB1 1BBX and B1 1BBS") == []


# --- Date of birth ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("DOB 12/03/2025", "12/03/2025"),
        ("D.O.B: 03-03-1948", "03-03-1948"),
        ("dob 3.3.48", "3.3.48"),
        ("date of birth recorded as 3 March 1948", "3 March 1948"),
        ("born on the 3rd March 1948", "3rd March 1948"),
        ("Born March 3, 1948", "March 3, 1948"),
    ],
)
def test_it_finds_a_date_after_a_birth_cue(text, date):
    assert found(text) == [(DATE_OF_BIRTH, date)]


@pytest.mark.parametrize("date", ["01/04/1985", "1 April 1952", "1948-03-03"])
def test_it_treats_a_full_date_before_1990_as_a_date_of_birth(date):
    assert found(f"Mother of the person, {date}, lives nearby.") == [(DATE_OF_BIRTH, date)]


@pytest.mark.parametrize(
    "text",
    [
        "Visit on 12/03/2025, review 3 March 2025, panel 2025-03-12.",
        "Born in 1948 and lived in Dudley all her life.",
        "DOB on file; the enquiry closed some weeks later on 12/03/2025.",
        "Paragraph 4.3.12 of the policy; score 3/4; 1/2 of cases.",
        "Seen 3/3/48 by the old team.",  # two-digit year with no cue is ambiguous
    ],
)
def test_it_ignores_recent_dates_partial_dates_and_distant_cues(text):
    assert DATE_OF_BIRTH not in kinds(text)


def test_it_ignores_an_impossible_date_near_a_cue():
    assert found("DOB 45/13/1948") == []


# --- E-mail address ---------------------------------------------------------------------


def test_it_finds_an_email_address_without_the_full_stop_after_it():
    assert found("Daughter's e-mail is jo.bloggs+care@example.co.uk.") == [
        (EMAIL, "jo.bloggs+care@example.co.uk")
    ]


def test_it_ignores_handles_and_at_signs_that_are_not_addresses():
    assert found("Raised @ panel; ask @DudleyASC; meet at 10@ the hub") == []


# --- Phone number -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "0121 303 1234",
        "01213031234",
        "(0121) 303-1234",
        "07700 900123",
        "020 7946 0000",
        "+44 7700 900123",
        "+44 (0)121 303 1234",
    ],
)
def test_it_finds_a_uk_phone_number(number):
    assert found(f"Call {number} before visiting.") == [(PHONE, number)]


@pytest.mark.parametrize(
    "text",
    [
        "Duty desk ext 4412 since 2014.",
        "Case 0121 on the list.",
        "Ten digits 0121303123 only.",
        "Twelve digits 012130312345 here.",
    ],
)
def test_it_ignores_extensions_years_and_wrong_lengths(text):
    assert PHONE not in kinds(text)


def test_it_does_not_call_a_failed_nhs_number_a_phone_number():
    assert found("943 476 5918") == []


# --- Personal name ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Mrs Patel", "Mr. O'Neill", "Ms Smith-Jones", "Dr A Khan", "Mx Taylor"]
)
def test_it_finds_a_name_after_a_title(name):
    assert found(f"Spoke to {name} about the plan.") == [(PERSONAL_NAME, name)]


@pytest.mark.parametrize(
    "text",
    [
        "Mrs A declined the review.",  # an initial is already anonymised
        "Meeting held on Ms Teams.",
        "Did not Miss a dose.",
        "The Missing Persons team; mrs patel in lower case.",
        "Patel and Smith were consulted.",  # bare names are not guessed at
    ],
)
def test_it_ignores_initials_and_titles_without_a_name(text):
    assert PERSONAL_NAME not in kinds(text)


# --- Several at once --------------------------------------------------------------------


def test_it_lists_several_identifiers_in_order_of_position():
    text = (
        "Mrs Patel (NHS 943 476 5919, DOB 03/03/1948) of B1 1BB, tel 07700 900123, jo@example.org"
    )
    assert kinds(text) == [
        PERSONAL_NAME,
        NHS_NUMBER,
        DATE_OF_BIRTH,
        POSTCODE,
        PHONE,
        EMAIL,
    ]
    for suspect in find_identifiers(text):
        assert text[suspect.start : suspect.end] == suspect.text


def test_it_never_reports_the_same_span_twice():
    suspects = find_identifiers("ID 9434765919 / 9434765919")
    spans = [(s.start, s.end) for s in suspects]
    assert len(spans) == len(set(spans)) == 2
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


# --- describe ---------------------------------------------------------------------------


def test_it_describes_one_identifier_in_one_sentence():
    assert describe(find_identifiers("NHS no 943 476 5919")) == (
        f"This looks like an NHS number: {OPEN}943 476 5919{CLOSE}. "
        "Remove it, or confirm it is not a personal identifier."
    )


def test_it_describes_several_identifiers_grouped_by_kind():
    text = "Mrs Patel moved from B1 1BB to WV1 1SH"
    assert describe(find_identifiers(text)) == (
        f"This looks like a personal name: {OPEN}Mrs Patel{CLOSE} and "
        f"postcodes: {OPEN}B1 1BB{CLOSE}, {OPEN}WV1 1SH{CLOSE}. "
        "Remove them, or confirm they are not personal identifiers."
    )


def test_it_describes_nothing_as_an_empty_string():
    assert describe([]) == ""


# --- reference_problem ------------------------------------------------------------------


@pytest.mark.parametrize(
    "reference", ["DUD-07", "SAN-12", "WAL/2026/03", "B-001", "case_14", "  DUD-07 "]
)
def test_it_accepts_a_pseudonymous_reference(reference):
    assert reference_problem(reference) is None


@pytest.mark.parametrize("reference", ["", "   "])
def test_it_asks_for_a_missing_reference(reference):
    assert reference_problem(reference) == "Enter a case reference, such as DUD-07."


def test_it_refuses_a_reference_longer_than_30_characters():
    problem = reference_problem("DUD-" + "7" * 27)
    assert "30 characters or fewer" in problem
    assert "31" in problem
    assert reference_problem("DUD-" + "7" * 26) is None


@pytest.mark.parametrize("reference", ["DUD#07", "DUD-07!", "DÜD-07"])
def test_it_refuses_characters_outside_the_allowed_set(reference):
    problem = reference_problem(reference)
    assert "letters A to Z, digits, hyphens" in problem
    assert problem.endswith(CLOSE + ".")


def test_it_refuses_a_reference_with_a_space_and_mentions_names():
    problem = reference_problem("John Smith 7")
    assert "spaces" in problem
    assert "name" in problem


def test_it_refuses_a_titled_name_as_a_reference():
    assert reference_problem("Mrs Patel") == (
        "A case reference must be pseudonymous, such as DUD-07. "
        f"{OPEN}Mrs Patel{CLOSE} looks like a person's name."
    )


@pytest.mark.parametrize(
    ("reference", "looks_like"),
    [
        ("9434765919", "an NHS number"),
        ("AB123456C", "a National Insurance number"),
        ("DY14HL", "a postcode"),
        ("01/02/1950", "a date of birth"),
        ("jo@example.org", "an e-mail address"),
        ("07700900123", "a phone number"),
    ],
)
def test_it_refuses_a_reference_that_is_an_identifier(reference, looks_like):
    problem = reference_problem(reference)
    assert problem.startswith("A case reference must be pseudonymous")
    assert problem.endswith(f"{OPEN}{reference}{CLOSE} looks like {looks_like}.")


@pytest.mark.parametrize(
    "reference", ["01/02/2020", "1950-02-01", "DUD-2025-03-12", "SAN-19500201"]
)
def test_it_refuses_a_reference_that_looks_like_any_date(reference):
    problem = reference_problem(reference)
    assert problem is not None
    assert "date" in problem


@pytest.mark.parametrize("reference", ["Smith", "JohnSmith", "Smith-Jones"])
def test_it_refuses_a_reference_without_a_digit(reference):
    problem = reference_problem(reference)
    assert "at least one digit" in problem
    assert "name" in problem


def test_it_accepts_ten_digits_that_fail_the_nhs_check():
    assert reference_problem("9434765918") is None
