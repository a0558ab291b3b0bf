"""CQC's nine quality statements for local authority assessment, used to tag each question,
with each statement's "we statement" in CQC's own words.

The nine statements and their four themes are CQC's "Assessment framework for local authority
assurance" (https://www.cqc.org.uk/guidance-regulation/local-authorities/assessment-framework).
CQC names the sixth "Safe systems, pathways and transitions" (not "safe pathways, systems and
transitions") and the third "Equity in experiences and outcomes".

Each we statement below is copied word for word from the page named with it: CQC's own page
where it could be read; otherwise a council's published procedure that quotes CQC's we
statement, named as such in ``source``. The we statements of "Partnerships and communities"
and "Governance, management and sustainability" could not be read in CQC's wording, so none
is given for them (``we_statement`` returns an empty string) rather than one made up: add
them here, with their source, from CQC's framework page above.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

FRAMEWORK_URL = "https://www.cqc.org.uk/guidance-regulation/local-authorities/assessment-framework"
SAF = "https://www.cqc.org.uk/guidance-regulation/providers/assessment/single-assessment-framework"


class QualityStatement(models.TextChoices):
    ASSESSING_NEEDS = "assessing-needs", "Working with people: assessing needs"
    HEALTHIER_LIVES = (
        "healthier-lives",
        "Working with people: supporting people to live healthier lives",
    )
    EQUITY = "equity", "Working with people: equity in experiences and outcomes"
    CARE_PROVISION = (
        "care-provision",
        "Providing support: care provision, integration and continuity",
    )
    PARTNERSHIPS = "partnerships", "Providing support: partnerships and communities"
    SAFE_SYSTEMS = "safe-systems", "Ensuring safety: safe systems, pathways and transitions"
    SAFEGUARDING = "safeguarding", "Ensuring safety: safeguarding"
    GOVERNANCE = "governance", "Leadership: governance, management and sustainability"
    LEARNING = "learning", "Leadership: learning, improvement and innovation"


@dataclass(frozen=True)
class WeStatement:
    text: str
    source: str  # where the words were read


S = QualityStatement
WE_STATEMENTS: dict[str, WeStatement] = {
    S.ASSESSING_NEEDS: WeStatement(
        "We maximise the effectiveness of people’s care and treatment by assessing and "
        "reviewing their health, care, wellbeing and communication needs with them.",
        # CQC's we statement as quoted, in the same words, by several councils' procedures.
        "https://www.knowsleyappp.co.uk/assessment/ (quoting CQC)",
    ),
    S.HEALTHIER_LIVES: WeStatement(
        "We support people to manage their health and wellbeing so they can maximise their "
        "independence, choice and control. We support them to live healthier lives and where "
        "possible, reduce future needs for care and support.",
        "https://www.bradfordappp.co.uk/promoting-wellbeing (quoting CQC)",
    ),
    S.EQUITY: WeStatement(
        "We actively seek out and listen to information about people who are most likely to "
        "experience inequality in experience or outcomes. We tailor the care, support and "
        "treatment in response to this.",
        f"{SAF}/responsive/equity-experiences-outcomes",
    ),
    S.CARE_PROVISION: WeStatement(
        "We understand the diverse health and care needs of people and our local communities, "
        "so care is joined-up, flexible and supports choice and continuity.",
        f"{SAF}/responsive/care-provision-integration-continuity",
    ),
    S.SAFE_SYSTEMS: WeStatement(
        "We work with people and our partners to establish and maintain safe systems of care, "
        "in which safety is managed, monitored and assured. We ensure continuity of care, "
        "including when people move between different services.",
        "https://safeguardingadults.co.uk/news/cqc-assurance-framework-for-local-authorities-"
        "ensuring-safety (quoting CQC's framework, theme 3)",
    ),
    S.SAFEGUARDING: WeStatement(
        "We work with people to understand what being safe means to them as well as with our "
        "partners on the best way to achieve this. We concentrate on improving people’s lives "
        "while protecting their right to live in safety, free from bullying, harassment, abuse, "
        "discrimination, avoidable harm and neglect. We make sure we share concerns quickly and "
        "appropriately.",
        "https://www.cqc.org.uk/local-systems/local-authorities/assessment-framework/"
        "3-ensures-safety/safeguarding",
    ),
    S.LEARNING: WeStatement(
        "We focus on continuous learning, innovation and improvement across our organisation "
        "and the local system. We encourage creative ways of delivering equality of experience, "
        "outcome and quality of life for people. We actively contribute to safe, effective "
        "practice and research.",
        f"{SAF}/well-led/learning-improvement-innovation",
    ),
}


def we_statement(key: str) -> str:
    """The statement's we statement in CQC's words, or an empty string where not recorded."""
    found = WE_STATEMENTS.get(key)
    return found.text if found else ""
