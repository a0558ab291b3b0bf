"""CQC's quality statements for local authority assurance, used to tag each question."""

from django.db import models


class QualityStatement(models.TextChoices):
    ASSESSING_NEEDS = "assessing-needs", "Working with people: assessing needs"
    HEALTHIER_LIVES = (
        "healthier-lives",
        "Working with people: supporting people to live healthier lives",
    )
    EQUITY = "equity", "Working with people: equity in experience and outcomes"
    CARE_PROVISION = (
        "care-provision",
        "Providing support: care provision, integration and continuity",
    )
    PARTNERSHIPS = "partnerships", "Providing support: partnerships and communities"
    SAFE_SYSTEMS = "safe-systems", "Ensuring safety: safe pathways, systems and transitions"
    SAFEGUARDING = "safeguarding", "Ensuring safety: safeguarding"
    GOVERNANCE = "governance", "Leadership: governance, management and sustainability"
    LEARNING = "learning", "Leadership: learning, improvement and innovation"
