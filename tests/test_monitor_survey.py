"""The residents' survey: 5–8 statements, one answer per link, results from 5 answers on, open
answers for the communityteam only, anonymous by construction."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitor import survey
from monitor.constants import DEFAULT_OPEN_QUESTION, DEFAULT_STATEMENTS
from monitor.models import SurveyResponse, SurveyToken


def make(world, year=2025, statements=None):
    return survey.survey_create(
        community=world.community,
        year=year,
        statements=statements or list(DEFAULT_STATEMENTS),
        open_question=DEFAULT_OPEN_QUESTION,
        by=world.users["coach"],
    )


def answer(item, token, score=4, text=""):
    pks = item.statements.values_list("pk", flat=True)
    return survey.survey_answer(token=token, scores={pk: score for pk in pks}, open_answer=text)


def test_five_to_eight_statements_and_one_survey_a_year(world):
    with pytest.raises(ValidationError):
        make(world, statements=list(DEFAULT_STATEMENTS)[:4])
    with pytest.raises(ValidationError):
        make(world, statements=list(DEFAULT_STATEMENTS) * 2)
    make(world)
    with pytest.raises(ValidationError) as error:
        make(world)
    assert "year" in error.value.error_dict


def test_one_answer_per_token_and_no_link_between_token_and_answer(world):
    item = make(world)
    token = survey.tokens_issue(survey=item, count=1)[0]
    assert not SurveyToken.objects.filter(token_hash=token).exists()  # only the hash is kept
    answer(item, token, text="Meer groen")
    with pytest.raises(survey.TokenUsed):
        answer(item, token)
    assert SurveyResponse.objects.count() == 1
    assert not {f.name for f in SurveyResponse._meta.get_fields()} & {"token", "user", "created_at"}


def test_bad_answers_change_nothing(world):
    item = make(world)
    token = survey.tokens_issue(survey=item, count=1)[0]
    pks = list(item.statements.values_list("pk", flat=True))
    with pytest.raises(ValidationError):
        survey.survey_answer(token=token, scores={pk: 6 for pk in pks})
    with pytest.raises(ValidationError):
        survey.survey_answer(token=token, scores={pks[0]: 3})
    with pytest.raises(ValidationError):
        survey.survey_answer(token="onzin", scores={})
    assert SurveyResponse.objects.count() == 0
    assert SurveyToken.objects.get().used_on is None


def test_results_from_five_answers_with_averages_by_hand(world):
    item = make(world)
    tokens = survey.tokens_issue(survey=item, count=6)
    for token, score in zip(tokens[:4], [5, 4, 3, 2], strict=True):
        answer(item, token, score)
    results, trend = survey.survey_results(community=world.community)
    assert results.responses == 4 and not results.shown and results.statements == []
    answer(item, tokens[4], 1, text="Een bankje bij de ingang")
    results, trend = survey.survey_results(community=world.community, include_open_answers=True)
    assert results.shown
    assert results.statements[0].average == 3  # (5 + 4 + 3 + 2 + 1) / 5
    assert results.statements[0].counts == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}
    assert results.open_answers == ["Een bankje bij de ingang"]
    assert trend[-1].average == 3


def test_open_answers_only_for_the_communityteam(client, world):
    item = make(world)
    for token in survey.tokens_issue(survey=item, count=5):
        answer(item, token, 4, text="Geheim antwoord")
    url = reverse("monitor_community", args=["de-kade"])
    for who, sees in [
        ("coach", True),
        ("begeleider", True),
        ("bewoner", False),
        ("gemeente", False),
        ("welzijn", False),
    ]:
        client.force_login(world.users[who])
        body = client.get(url).content.decode()
        assert ("Geheim antwoord" in body) is sees, who
        assert "Ik voel me thuis tussen mijn buren." in body


def test_the_public_page_refuses_a_second_answer(client, world):
    item = make(world)
    token = survey.tokens_issue(survey=item, count=1)[0]
    url = reverse("survey_answer", args=[token])
    assert client.get(url).status_code == 200
    data = {f"s{pk}": "4" for pk in item.statements.values_list("pk", flat=True)}
    incomplete = client.post(url, {})
    assert incomplete.status_code == 200 and "Kies een antwoord." in incomplete.content.decode()
    done = client.post(url, data)
    assert done.status_code == 302 and done.url == reverse("survey_thanks")
    again = client.post(url, data)
    assert again.status_code == 410
    assert "Met deze link is al geantwoord" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert client.get(reverse("survey_answer", args=["bestaat-niet"])).status_code == 404


def test_closed_survey_takes_no_answers(client, world):
    item = make(world)
    token = survey.tokens_issue(survey=item, count=1)[0]
    survey.survey_set_open(survey=item, is_open=False)
    assert client.get(reverse("survey_answer", args=[token])).status_code == 410


def test_coach_makes_links_shown_once_with_qr_codes(client, world):
    item = make(world)
    client.force_login(world.users["coach"])
    url = reverse("monitor_survey_links", args=["de-kade", item.pk])
    response = client.post(url, {"count": "3"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("/enquete/") >= 3 and body.count("<svg") >= 3
    assert SurveyToken.objects.filter(survey=item).count() == 3
    refused = client.post(url, {"count": "0"})
    assert refused.status_code == 200 and refused.context["form"].errors


def test_coach_creates_a_survey_on_the_page(client, world):
    client.force_login(world.users["coach"])
    url = reverse("monitor_survey", args=["de-kade"])
    form = client.get(url).context["form"]
    data = {"action": "create", **{k: v.initial for k, v in form.fields.items()}}
    data["year"] = 2026
    data = {k: ("" if v is None else v) for k, v in data.items()}
    assert client.post(url, data).status_code == 302
    assert world.community.surveys.get().statements.count() == len(DEFAULT_STATEMENTS)
    again = client.post(url, data)  # a second survey for 2026
    assert again.status_code == 200 and "Er is al een enquête voor 2026." in again.content.decode()


def test_hostile_open_answers_are_stored_as_text_and_shown_escaped(client, world):
    item = make(world)
    tokens = survey.tokens_issue(survey=item, count=6)
    pks = list(item.statements.values_list("pk", flat=True))
    scores = {f"s{pk}": "3" for pk in pks}
    for token, bad in zip(tokens[:3], ["0", "6", "abc"], strict=True):
        response = client.post(
            reverse("survey_answer", args=[token]), {**scores, f"s{pks[0]}": bad}
        )
        assert response.status_code == 200  # the form again, with its Dutch error
        assert response.context["form"].errors
    too_long = client.post(
        reverse("survey_answer", args=[tokens[3]]), {**scores, "open_answer": "x" * 2001}
    )
    assert too_long.context["form"].errors["open_answer"]
    assert SurveyResponse.objects.count() == 0
    for token in tokens[:5]:
        answer(item, token, 4, text="<script>alert(1)</script>")
    client.force_login(world.users["coach"])
    body = client.get(reverse("monitor_community", args=["de-kade"])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
