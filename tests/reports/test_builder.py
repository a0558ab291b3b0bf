"""The builder turns Sandwell's known ratings into exactly the right numbers (see support.GRID)."""

from django.utils import timezone

from audits.models import Calibration, CalibrationRating, CaseFile, Question, ThemeFinding
from reports import builder
from tests.factories import level_of, make_conversation, make_visit, record_answers

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
        self.assertEqual(self.data.learning_for_region, ())
        self.assertIsNone(self.data.calibration_agreement)
        self.assertIsNone(self.data.themes[0].team_judgement)
        self.assertEqual(self.data.themes[0].strengths, ())

    def test_without_conversations_every_theme_lacks_the_evidence_to_triangulate(self):
        verdict = self.data.themes[0].triangulation
        self.assertEqual(verdict.verdict, "Not enough evidence")
        self.assertIn(
            "nothing from leaders or practitioners and team managers", verdict.explanation
        )
        # Theme 1: 6 of 10 counted ratings met, 60%, which CQC's bands read as requires improvement.
        self.assertEqual(
            verdict.sources[0],
            ("the case files", "Requires improvement", "60% of 10 ratings at the best level"),
        )

    def test_it_names_downloads_from_the_council_and_month(self):
        self.assertEqual(builder.file_stem(self.visit, 1), "sandwell-case-file-audit-2027-03-v1")
        self.assertEqual(
            builder.file_stem(self.visit, None), "sandwell-case-file-audit-2027-03-draft"
        )


def double_rate(visit, case, first: list[str], second: list[str], *, raters, revealed=True):
    """A blind double rating of ``case``'s theme 1 questions: each rater's level keys in order."""
    calibration = Calibration.objects.create(
        case_file=case,
        first_rater=raters[0],
        second_rater=raters[1],
        marked_by=raters[0],
        revealed_at=timezone.now() if revealed else None,
    )
    questions = Question.objects.filter(tool=visit.tool, theme__key="t1").order_by("position")
    for rater, keys in zip(raters, (first, second), strict=True):
        for question, key in zip(questions, keys, strict=False):
            CalibrationRating.objects.create(
                calibration=calibration,
                question=question,
                rater=rater,
                level=level_of(visit.tool, key),
            )
    return calibration


def converse(visit, *, by, times: int) -> None:
    """``times`` rounds of one conversation with each group, each with a view on every theme."""
    for n in range(times):
        for group, level in (("leaders", "good"), ("practitioners", "requires-improvement")):
            views = {t.key: (level, f"View {n}.") for t in visit.tool.themes.all()}
            make_conversation(visit, group=group, by=by, views=views)
        make_conversation(visit, group="managers", by=by, views={"t1": ("good", "Fine.")})


class BuilderQueryTests(KnownVisitTestCase):
    def test_it_builds_in_a_fixed_number_of_queries_however_big_the_visit(self):
        with self.assertNumQueries(builder.QUERY_COUNT):
            builder.build(self.visit)
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
            data = builder.build(bigger)
        self.assertEqual(data.scope.case_count, 12)

    def test_it_stays_flat_from_16_to_40_cases_with_more_conversations_and_double_ratings(self):
        built = {}
        for cases, rounds in ((16, 1), (40, 4)):
            visit = make_visit(
                host=self.sandwell,
                tool=self.tool,
                coordinator=self.coordinator,
                lead=self.auditor,
                auditors=[self.co_auditor],
                cases=cases,
                status="drafting",
            )
            record_answers(visit, {}, default="met")
            converse(visit, by=self.auditor, times=rounds)
            raters = (self.auditor, self.co_auditor)
            for case in visit.case_files.order_by("reference")[:rounds]:
                double_rate(visit, case, ["met"] * 3, ["met"] * 3, raters=raters)
            ThemeFinding.objects.create(visit=visit, theme=self.tool.themes.get(key="t1"))
            # visit, team, themes, questions, levels, 4 answer counts, cases, judgements, 3 mixes,
            # covering report, sections, issued versions, findings, views, conversations,
            # double ratings, concerns, recommendations, the questions of every kind, their
            # options and answers (builder.kinds), the last audit: the same 27 at either size.
            with self.assertNumQueries(27):
                built[cases] = builder.build(visit)
        self.assertEqual(builder.QUERY_COUNT, 27)
        self.assertEqual(built[40].scope.case_count, 40)
        self.assertEqual(built[40].themes[0].leaders.count, 4)
        self.assertEqual(built[40].calibration_ratings, 12)


class BuilderFindingsTests(KnownVisitTestCase):
    """The team's findings, the auditors' agreement and the learning for the region."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        themes = {theme.key: theme for theme in cls.tool.themes.all()}
        ThemeFinding.objects.create(
            visit=cls.visit,
            theme=themes["t1"],
            strengths="Assessments were done with the person.\n- Carers were offered help.",
            areas_for_development="Plans were not always shared.",
            level=level_of(cls.tool, "good", "judgement"),
            shareable_good_practice=True,
        )
        ThemeFinding.objects.create(
            visit=cls.visit,
            theme=themes["t2"],
            strengths="Reviews were on time.",
            level=level_of(cls.tool, "requires-improvement", "judgement"),
        )
        raters = (cls.auditor, cls.co_auditor)
        cases = cls.visit.case_files.order_by("reference")
        # Agree on 2 of 3, then on 3 of 3: 5 of 6 pooled, 83%.
        double_rate(
            cls.visit, cases[0], ["met", "met", "not-met"], ["met", "met", "met"], raters=raters
        )
        double_rate(
            cls.visit,
            cases[1],
            ["met", "partly-met", "met"],
            ["met", "partly-met", "met"],
            raters=raters,
        )
        # Not yet revealed (one rater still rating blind): left out.
        double_rate(cls.visit, cases[2], ["met"], ["not-met"], raters=raters, revealed=False)
        cls.data = builder.build(cls.visit)

    def test_each_theme_carries_the_teams_judgement_strengths_and_areas_line_by_line(self):
        first, second = self.data.themes
        self.assertEqual(first.team_judgement, "Good")
        self.assertEqual(
            first.strengths,
            ("Assessments were done with the person.", "Carers were offered help."),
        )
        self.assertEqual(first.areas_for_development, ("Plans were not always shared.",))
        self.assertEqual(second.team_judgement, "Requires improvement")
        self.assertEqual(second.areas_for_development, ())

    def test_it_gives_the_auditors_agreement_on_revealed_double_ratings_only(self):
        self.assertEqual(self.data.calibration_agreement, 83)
        self.assertEqual((self.data.calibration_ratings, self.data.calibration_cases), (6, 2))

    def test_learning_for_the_region_is_the_good_practice_the_team_chose_to_share(self):
        self.assertEqual(
            self.data.learning_for_region,
            (
                "Theme 1: Assessments were done with the person.",
                "Theme 1: Carers were offered help.",
            ),
        )
        self.assertNotIn("Reviews were on time", " ".join(self.data.learning_for_region))


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
