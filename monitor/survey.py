"""The residents' yearly survey on the decisive factors: services (create, hand out links,
answer) and selectors (results). Anonymous by construction: a response has no token, user,
unit or time; results per community only from 5 answers on; open answers for the
communityteam only (the view decides who asks for them).

One answer per token: the token is marked used with a conditional UPDATE (`used_on IS NULL`)
in the same transaction as the response, so two submissions at once give one response."""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community, User
from monitor.constants import (
    MAX_STATEMENTS,
    MAX_TOKENS_PER_BATCH,
    MIN_RESPONSES,
    MIN_STATEMENTS,
    SCALE,
    SurveyFactor,
)
from monitor.models import Survey, SurveyAnswer, SurveyResponse, SurveyStatement, SurveyToken

OPEN_ANSWER_MAX = 2000


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def survey_create(
    *,
    community: Community,
    year: int,
    statements: list[tuple[str, str]],
    open_question: str,
    by: User | None,
) -> Survey:
    """A survey for `year` with 5–8 statements (factor, text) and one open question."""
    statements = [(factor, " ".join(text.split())) for factor, text in statements if text.strip()]
    if not MIN_STATEMENTS <= len(statements) <= MAX_STATEMENTS:
        raise ValidationError(
            {
                "statements": _("Geef %(min)s tot %(max)s stellingen.")
                % {"min": MIN_STATEMENTS, "max": MAX_STATEMENTS}
            }
        )
    for factor, text in statements:
        if factor not in SurveyFactor.values:
            raise ValidationError({"statements": _("Kies bij elke stelling een factor.")})
        if len(text) > 300:
            raise ValidationError({"statements": _("Houd elke stelling korter dan 300 tekens.")})
    open_question = " ".join((open_question or "").split())
    if not open_question:
        raise ValidationError({"open_question": _("Vul de open vraag in.")})
    if len(open_question) > 300:
        raise ValidationError({"open_question": _("Houd de open vraag korter dan 300 tekens.")})
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("Vul een jaartal in, bijvoorbeeld 2026.")})
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                community=community, year=year, open_question=open_question, created_by=by
            )
    except IntegrityError as error:
        raise ValidationError(
            {"year": _("Er is al een enquête voor %(year)s.") % {"year": year}}
        ) from error
    SurveyStatement.objects.bulk_create(
        SurveyStatement(survey=survey, order=index, factor=factor, text=text)
        for index, (factor, text) in enumerate(statements, start=1)
    )
    return survey


def survey_set_open(*, survey: Survey, is_open: bool) -> Survey:
    survey.is_open = is_open
    survey.save(update_fields=["is_open"])
    return survey


def tokens_issue(*, survey: Survey, count: int) -> list[str]:
    """`count` new links for the coach to hand out. The tokens themselves are returned once and
    never stored: only their hashes are."""
    if not 1 <= count <= MAX_TOKENS_PER_BATCH:
        raise ValidationError(
            {"count": _("Maak 1 tot %(max)s links tegelijk.") % {"max": MAX_TOKENS_PER_BATCH}}
        )
    tokens = [secrets.token_urlsafe(12) for _i in range(count)]
    SurveyToken.objects.bulk_create(
        SurveyToken(survey=survey, token_hash=token_hash(t)) for t in tokens
    )
    return tokens


def token_find(*, token: str) -> SurveyToken | None:
    if not token or len(token) > 64:
        return None
    return (
        SurveyToken.objects.select_related("survey__community")
        .filter(token_hash=token_hash(token))
        .first()
    )


class TokenUsed(Exception):
    """The link was used already: one answer per link."""


@transaction.atomic
def survey_answer(*, token: str, scores: dict[int, int], open_answer: str = "") -> SurveyResponse:
    """Record one anonymous response. Every statement needs a score 1–5; the open answer is
    optional. A used link raises TokenUsed and records nothing."""
    found = token_find(token=token)
    if found is None:
        raise ValidationError(_("Deze link is niet geldig."))
    survey = found.survey
    if not survey.is_open:
        raise ValidationError(_("Deze enquête is gesloten."))
    statements = list(survey.statements.values_list("pk", flat=True))
    missing = [pk for pk in statements if scores.get(pk) not in SCALE]
    if missing:
        raise ValidationError(_("Kies bij elke stelling een antwoord van 1 tot en met 5."))
    open_answer = (open_answer or "").strip()
    if len(open_answer) > OPEN_ANSWER_MAX:
        raise ValidationError(_("Houd uw antwoord korter dan 2000 tekens."))
    used = SurveyToken.objects.filter(pk=found.pk, used_on__isnull=True).update(
        used_on=timezone.localdate()
    )
    if not used:
        raise TokenUsed
    response = SurveyResponse.objects.create(survey=survey, open_answer=open_answer)
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, statement_id=pk, score=scores[pk]) for pk in statements
    )
    return response


# --- Results ----------------------------------------------------------------------


@dataclass(frozen=True)
class StatementResult:
    text: str
    factor: str
    average: Fraction
    counts: dict[int, int]  # score -> answers


@dataclass(frozen=True)
class FactorResult:
    factor: str
    label: str
    average: Fraction
    statements: int
    previous: Fraction | None = None


@dataclass
class SurveyResults:
    survey: Survey
    year: int
    responses: int
    tokens: int
    statements: list[StatementResult] = field(default_factory=list)
    factors: list[FactorResult] = field(default_factory=list)
    open_answers: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        """Results per community only from 5 answers on."""
        return self.responses >= MIN_RESPONSES


@dataclass(frozen=True)
class YearPoint:
    year: int
    responses: int
    average: Fraction | None  # None: fewer than 5 answers


def _factor_averages(statements: list[StatementResult]) -> list[FactorResult]:
    by_factor: dict[str, list[Fraction]] = defaultdict(list)
    for statement in statements:
        by_factor[statement.factor].append(statement.average)
    return [
        FactorResult(
            factor=factor,
            label=str(SurveyFactor(factor).label),
            average=sum(values, Fraction(0)) / len(values),
            statements=len(values),
        )
        for factor, values in sorted(
            by_factor.items(), key=lambda item: SurveyFactor.values.index(item[0])
        )
    ]


def survey_results_many(
    *,
    communities: list[Community],
    include_open_answers: bool = False,
    until_year: int | None = None,
) -> dict[int, tuple[SurveyResults | None, list[YearPoint]]]:
    """`survey_results` per community, in at most five queries whatever their number."""
    ids = [c.pk for c in communities]
    surveys = Survey.objects.filter(community_id__in=ids).annotate(
        response_count=Count("responses", distinct=True)
    )
    if until_year is not None:
        surveys = surveys.filter(year__lte=until_year)
    by_community: dict[int, list[Survey]] = defaultdict(list)
    for item in surveys.order_by("community_id", "year"):
        by_community[item.community_id].append(item)
    survey_ids = [item.pk for found in by_community.values() for item in found]
    per_statement: dict[int, dict[int, int]] = defaultdict(dict)
    statements_by_survey: dict[int, list[SurveyStatement]] = defaultdict(list)
    tokens: dict[int, int] = {}
    open_answers: dict[int, list[str]] = defaultdict(list)
    if survey_ids:
        for statement_id, score, count in (
            SurveyAnswer.objects.filter(statement__survey_id__in=survey_ids)
            .values_list("statement_id", "score")
            .annotate(n=Count("pk"))
        ):
            per_statement[statement_id][score] = count
        for statement in SurveyStatement.objects.filter(survey_id__in=survey_ids).order_by(
            "survey_id", "order"
        ):
            statements_by_survey[statement.survey_id].append(statement)
        latest = [found[-1] for found in by_community.values()]
        tokens = dict(
            SurveyToken.objects.filter(survey__in=latest)
            .order_by()
            .values("survey_id")
            .annotate(n=Count("pk"))
            .values_list("survey_id", "n")
        )
        shown = [item for item in latest if item.response_count >= MIN_RESPONSES]
        if include_open_answers and shown:
            for survey_id, text in (
                SurveyResponse.objects.filter(survey__in=shown)
                .exclude(open_answer="")
                .order_by("?")
                .values_list("survey_id", "open_answer")
            ):
                open_answers[survey_id].append(text)

    def results_of(survey: Survey) -> list[StatementResult]:
        rows = []
        for statement in statements_by_survey[survey.pk]:
            counts = per_statement.get(statement.pk, {})
            total = sum(counts.values())
            if not total:
                continue
            average = Fraction(sum(s * c for s, c in counts.items()), total)
            rows.append(
                StatementResult(
                    text=statement.text,
                    factor=statement.factor,
                    average=average,
                    counts={s: counts.get(s, 0) for s in SCALE},
                )
            )
        return rows

    result: dict[int, tuple[SurveyResults | None, list[YearPoint]]] = {}
    for pk in ids:
        found = by_community.get(pk)
        if not found:
            result[pk] = (None, [])
            continue
        trend = []
        for item in found:
            shown = item.response_count >= MIN_RESPONSES
            rows = results_of(item) if shown else []
            average = (
                sum((r.average for r in rows), Fraction(0)) / len(rows) if shown and rows else None
            )
            trend.append(YearPoint(item.year, item.response_count, average))
        latest = found[-1]
        results = SurveyResults(
            survey=latest,
            year=latest.year,
            responses=latest.response_count,
            tokens=tokens.get(latest.pk, 0),
        )
        if results.shown:
            results.statements = results_of(latest)
            factors = _factor_averages(results.statements)
            previous_survey = found[-2] if len(found) > 1 else None
            previous = {}
            if previous_survey is not None and previous_survey.response_count >= MIN_RESPONSES:
                previous = {
                    f.factor: f.average for f in _factor_averages(results_of(previous_survey))
                }
            results.factors = [
                FactorResult(f.factor, f.label, f.average, f.statements, previous.get(f.factor))
                for f in factors
            ]
            if include_open_answers:
                results.open_answers = open_answers[latest.pk]
        result[pk] = (results, trend)
    return result


def survey_results(
    *, community: Community, include_open_answers: bool = False, until_year: int | None = None
) -> tuple[SurveyResults | None, list[YearPoint]]:
    """The latest survey's results (statements and factors only from 5 answers on, with the year
    before for comparison) and the trend over the years; with `until_year` (a past month's
    snapshot) only the surveys up to that year. A fixed number of queries."""
    return survey_results_many(
        communities=[community], include_open_answers=include_open_answers, until_year=until_year
    )[community.pk]


def survey_average(*, survey: Survey) -> float | None:
    """The mean of all scores of a survey, or None under 5 answers (for snapshots)."""
    if survey.responses.count() < MIN_RESPONSES:
        return None
    value = SurveyAnswer.objects.filter(response__survey=survey).aggregate(a=Avg("score"))["a"]
    return None if value is None else float(value)
