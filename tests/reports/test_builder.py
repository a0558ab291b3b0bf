"""The builder turns Sandwell's known ratings into exactly the right numbers (see support.GRID)."""

from audits.models import CaseFile
from reports import builder
from tests.factories import make_visit

from .support import KnownVisitTestCase, fill_known_visit


def counts(dist) -> dict[str, tuple[int, int | None]]:
    return {level.key: (level.count, level.percent) for level in dist.levels}


class BuilderNumbersTests(KnownVisitTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.data = builder.build(cls.visit)

    def test_it_counts_theme_one_leaving_not_applicable_out_of_the_denominator(self):
        theme = self.data.themes[0]
        self.assertEqual(theme.title, "Theme 1")
        self.assertEqual(
            counts(theme.answers),
            {
                "met": (6, 60),
                "partly-met": (2, 20),
                "not-met": (1, 10),
                "not-evidenced": (1, 10),
                "not-applicable": (2, None),
            },
        )
        self.assertEqual(theme.answers.counted, 10)
        self.assertEqual(theme.answers.total, 12)
        self.assertEqual(theme.answers.not_applicable, 2)

    def test_it_counts_not_evidenced_as_a_shortfall(self):
        answers = self.data.themes[0].answers
        # partly met 2 + not met 1 + not evidenced 1
        self.assertEqual(answers.shortfall, 4)
        self.assertEqual(answers.shortfall_percent, 40)
        self.assertEqual(answers.not_evidenced, 1)
        self.assertEqual(answers.best_percent, 60)

    def test_it_counts_a_theme_rated_on_few_cases_and_rounds_half_up(self):
        answers = self.data.themes[1].answers
        self.assertEqual(counts(answers)["met"], (2, 67))
        self.assertEqual(counts(answers)["not-met"], (1, 33))
        self.assertEqual(answers.not_applicable, 3)
        self.assertEqual(answers.counted, 3)

    def test_it_gives_each_question_its_own_results(self):
        by_key = {q.key: q for q in self.data.questions}
        self.assertEqual(by_key["t1-q1"].number, "1.1")
        self.assertEqual((by_key["t1-q1"].answers.counted, by_key["t1-q1"].answers.best), (4, 3))
        self.assertEqual(by_key["t1-q1"].answers.best_percent, 75)
        q2 = by_key["t1-q2"].answers
        self.assertEqual((q2.counted, q2.best_percent, q2.shortfall), (3, 33, 2))
        self.assertEqual((q2.not_evidenced, q2.not_applicable), (1, 1))
        self.assertEqual(by_key["t2-q3"].number, "2.3")
        self.assertEqual(counts(by_key["t2-q3"].answers)["not-met"], (1, 100))

    def test_it_adds_up_every_rating_of_the_visit(self):
        self.assertEqual(
            counts(self.data.answers),
            {
                "met": (8, 62),  # 8 of 13 = 61.5%
                "partly-met": (2, 15),
                "not-met": (2, 15),
                "not-evidenced": (1, 8),
                "not-applicable": (5, None),
            },
        )

    def test_it_counts_agreed_judgements_with_the_moderated_one_winning(self):
        self.assertEqual(
            counts(self.data.judgements),
            {
                "outstanding": (0, 0),
                "good": (2, 67),
                "requires-improvement": (0, 0),
                "inadequate": (1, 33),
            },
        )
        self.assertEqual(self.data.not_yet_judged, 1)

    def test_it_lists_each_case_by_reference_with_its_judgement(self):
        rows = {c.reference: c for c in self.data.cases}
        self.assertEqual(list(rows), ["SAN-01", "SAN-02", "SAN-03", "SAN-04"])
        self.assertEqual((rows["SAN-01"].met, rows["SAN-01"].counted), (5, 6))
        self.assertEqual((rows["SAN-02"].met, rows["SAN-02"].counted), (1, 2))
        self.assertEqual(rows["SAN-02"].judgement, "Good")
        self.assertEqual(rows["SAN-03"].judgement, "Inadequate")
        self.assertIsNone(rows["SAN-04"].judgement)
        self.assertEqual(rows["SAN-01"].case_type, "New assessment")

    def test_it_describes_the_make_up_of_the_sample(self):
        scope = self.data.scope
        self.assertEqual(scope.case_count, 4)
        self.assertEqual(
            [(m.label, m.count, m.percent) for m in scope.by_age_band],
            [("65 to 84", 3, 75), ("85 and over", 1, 25)],
        )
        self.assertEqual(
            [(m.label, m.count) for m in scope.by_support_reason],
            [("Physical support", 3), ("Support with memory and cognition", 1)],
        )
        self.assertEqual(len(scope.by_case_type), 4)
        self.assertEqual((scope.tool_name, scope.tool_version), ("Test audit tool", 1))
        self.assertEqual(scope.tool_changelog, "First.")
        self.assertEqual(scope.data_sharing_reference, "DSA-TEST-1")

    def test_it_maps_questions_to_cqc_quality_statements(self):
        rows = {row.key: row for row in self.data.crosswalk}
        self.assertEqual(list(rows), ["assessing-needs", "safeguarding"])
        self.assertEqual(rows["safeguarding"].themes, ("Theme 2",))
        self.assertEqual(rows["safeguarding"].questions, ("2.1 Question 1 of theme 2?",))
        self.assertEqual(rows["safeguarding"].best_percent, 100)  # met once, not applicable once
        self.assertEqual(len(rows["assessing-needs"].questions), 6)
        self.assertEqual(rows["assessing-needs"].best_percent, 62)

    def test_it_puts_the_team_and_the_marking_on_the_cover(self):
        cover = self.data.cover
        self.assertEqual(cover.council, "Sandwell")
        self.assertEqual(cover.lead, self.auditor.full_name)
        self.assertEqual([m.is_lead for m in cover.team], [True, False])
        self.assertEqual(cover.protective_marking, "OFFICIAL-SENSITIVE")
        self.assertEqual(cover.version, 1)
        self.assertTrue(cover.is_draft)
        self.assertEqual(self.data.title, "Sandwell case file audit, March 2027")

    def test_it_carries_the_teams_text_and_lines_of_enquiry(self):
        section = self.report.sections.get(theme__key="t1")
        section.narrative = "Assessments were timely."
        section.lines_of_enquiry = "How is drift spotted?\n\n- Who signs off plans?"
        section.save()
        theme = builder.build(self.visit).themes[0]
        self.assertEqual(theme.narrative, "Assessments were timely.")
        self.assertEqual(theme.lines_of_enquiry, ("How is drift spotted?", "Who signs off plans?"))

    def test_it_leaves_the_sections_of_later_models_empty(self):
        self.assertEqual(self.data.recommendations, ())
        self.assertIsNone(self.data.immediate_concerns)
        self.assertIsNone(self.data.themes[0].triangulation)

    def test_it_names_downloads_from_the_council_and_month(self):
        self.assertEqual(builder.file_stem(self.visit, 1), "sandwell-case-file-audit-2027-03-v1")
        self.assertEqual(
            builder.file_stem(self.visit, None), "sandwell-case-file-audit-2027-03-draft"
        )


class BuilderQueryTests(KnownVisitTestCase):
    def test_it_builds_in_a_fixed_number_of_queries_however_big_the_visit(self):
        with self.assertNumQueries(builder.QUERY_COUNT):
            builder.build(self.visit.pk)
        bigger = make_visit(
            host=self.sandwell,
            tool=self.tool,
            coordinator=self.coordinator,
            lead=self.auditor,
            auditors=[self.co_auditor],
            cases=12,
            status="drafting",
        )
        fill_known_visit(bigger, by=self.auditor)
        self.assertEqual(CaseFile.objects.filter(visit=bigger).count(), 12)
        with self.assertNumQueries(builder.QUERY_COUNT):
            data = builder.build(bigger.pk)
        self.assertEqual(data.scope.case_count, 12)


class BuilderConcernTests(KnownVisitTestCase):
    def test_a_visit_without_concerns_has_no_concerns_section(self):
        self.assertIsNone(builder.build(self.visit).immediate_concerns)

    def test_it_gives_the_count_and_handling_of_concerns_but_never_their_content(self):
        from audits.models import ImmediateConcern

        case = self.visit.case_files.order_by("reference").first()
        for _ in range(2):
            ImmediateConcern.objects.create(
                visit=self.visit,
                case_file=case,
                risk="A private risk.",
                action_taken="Told the duty team.",
                raised_by=self.auditor,
            )
        ImmediateConcern.objects.first().acknowledge(by=self.host_psw, response="On it.")
        concerns = builder.build(self.visit).immediate_concerns
        self.assertEqual(concerns.count, 2)
        self.assertIn("1 acknowledged by the council and still open", concerns.handling)
        self.assertIn("1 waiting for the council to acknowledge", concerns.handling)
        self.assertNotIn("private risk", " ".join(concerns.handling))


class BuilderRecommendationTests(KnownVisitTestCase):
    def test_it_carries_the_teams_recommendations_with_their_themes(self):
        from audits.models import Recommendation, Theme

        theme = Theme.objects.get(tool=self.visit.tool, key="t1")
        Recommendation.objects.create(
            visit=self.visit, theme=theme, text="Offer advocacy earlier.", created_by=self.auditor
        )
        Recommendation.objects.create(
            visit=self.visit, text="Record manager decisions.", created_by=self.auditor
        )
        found = builder.build(self.visit).recommendations
        self.assertEqual(
            {(item.text, item.theme) for item in found},
            {("Offer advocacy earlier.", theme.title), ("Record manager decisions.", None)},
        )
