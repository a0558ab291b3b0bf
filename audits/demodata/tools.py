"""Demo audit tool: the West Midlands default tool, published, and one auditor's proposal."""

from audits.models import QuestionProposal
from audits.toolfile import install_default_tool
from authorities.models import Region, User

PROPOSAL = {
    "question_key": "carers-assessment-offered",
    "proposed_text": (
        "Was the carer offered their own assessment, and was the offer and their answer recorded?"
    ),
    "reason": (
        "On the last two visits we could not tell whether an offer had been made when the carer "
        "declined: the files only said 'carer not assessed'. Asking for the answer as well makes "
        "the rating fairer."
    ),
}


def seed(*, password: str, out) -> list:
    region = Region.objects.get(slug="west-midlands")
    owner = User.objects.filter(email="toolowner@wm.example").first()
    tool = install_default_tool(region, by=owner)
    out.write(f"Audit tool: {tool} ({tool.get_status_display().lower()}).")
    auditor = User.objects.filter(email="psw@dudley.example").first()
    question = tool.questions.filter(key=PROPOSAL["question_key"]).first()
    if auditor and question and tool.status == tool.Status.PUBLISHED:
        QuestionProposal.objects.get_or_create(
            tool=tool,
            question_key=question.key,
            proposed_by=auditor,
            defaults={
                "current_text": question.text,
                "proposed_text": PROPOSAL["proposed_text"],
                "reason": PROPOSAL["reason"],
            },
        )
    return []
