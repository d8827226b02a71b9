import itertools

import pytest

from reviewkit.errors import ConfigError, ParseError
from reviewkit.extraction.forms import Derivation
from reviewkit.extraction.rob2 import DOMAINS, Judgement, Rob2Policy, derive, judgement, overall

L, S, H = Judgement.LOW, Judgement.SOME_CONCERNS, Judgement.HIGH


def five(*judgements: Judgement) -> dict[str, Judgement]:
    return dict(zip(DOMAINS, judgements, strict=True))


@pytest.mark.parametrize(
    ("domains", "expected"),
    [
        ((L, L, L, L, L), L),
        ((L, S, L, L, L), S),
        ((S, S, L, L, L), S),  # several concerns stay "some concerns" unless judged otherwise
        ((L, L, L, L, H), H),
        ((S, H, S, L, L), H),
        ((H, H, H, H, H), H),
    ],
)
def test_overall_follows_the_documented_rule(domains, expected):
    assert overall(five(*domains)).judgement is expected


def test_the_reasons_name_the_domains():
    assert overall(five(L, L, L, L, L)).reason == "low risk of bias in every domain"
    assert overall(five(L, H, L, H, L)).reason == "high risk of bias in D2, D4"
    assert overall(five(S, L, L, L, L)).reason == ("some concerns in D1 and no domain at high risk")


def test_the_reviewer_flag_escalates_multiple_concerns_to_high():
    result = overall(five(S, S, L, L, L), escalate=True)
    assert result.judgement is H
    assert result.escalated
    assert result.reason == (
        "some concerns in 2 domains (D1, D2) substantially lower confidence in the result"
    )


def test_the_flag_does_not_apply_to_a_single_concern():
    result = overall(five(S, L, L, L, L), escalate=True)
    assert result.judgement is S
    assert not result.escalated
    assert "needs some concerns in at least 2 domains, not 1" in result.reason


def test_the_escalation_policy_is_configurable():
    three = five(S, S, S, L, L)
    never = Rob2Policy(multiple_concerns="never")
    always = Rob2Policy(multiple_concerns="always", threshold=3)
    assert overall(three, escalate=True, policy=never).judgement is S
    assert overall(three, policy=always).judgement is H
    assert overall(five(S, S, L, L, L), policy=always).judgement is S
    assert overall(three, escalate=True, policy=Rob2Policy(threshold=4)).judgement is S
    with pytest.raises(ConfigError, match="at least 2"):
        Rob2Policy(threshold=1)


@pytest.mark.parametrize("escalate", [False, True])
@pytest.mark.parametrize("mode", ["reviewer", "never", "always"])
def test_overall_is_never_less_severe_than_the_worst_domain(escalate, mode):
    policy = Rob2Policy(multiple_concerns=mode)
    for combo in itertools.product((L, S, H), repeat=5):
        result = overall(five(*combo), escalate=escalate, policy=policy)
        assert result.judgement.severity >= max(j.severity for j in combo)
        # and it only ever goes beyond the worst domain by the explicit escalation
        if result.judgement.severity > max(j.severity for j in combo):
            assert result.escalated
            assert combo.count(S) >= 2


def test_judgements_are_read_leniently_but_not_guessed():
    assert judgement(" Some  Concerns ") is S
    assert judgement("some_concerns") is S
    assert judgement("L") is L
    assert judgement("HIGH") is H
    with pytest.raises(ParseError, match="got 'unclear'"):
        judgement("unclear")
    with pytest.raises(ParseError, match="at least one domain"):
        overall({})


def test_derive_reads_an_entrys_values():
    rule = Derivation(rule="rob2_overall", domains=("d1", "d2", "d3"), escalate="flag")
    values = {"d1": "low", "d2": "some concerns", "d3": "some concerns", "flag": "no"}
    result = derive(rule, values)
    assert result is not None
    assert result.judgement is S
    result = derive(rule, {**values, "flag": "yes"})
    assert result is not None
    assert result.judgement is H
    assert derive(rule, {**values, "flag": "unclear"}).judgement is S  # type: ignore[union-attr]
    assert derive(rule, {**values, "d3": None}) is None
    assert derive(rule, {"d1": "low", "d2": "low"}) is None
