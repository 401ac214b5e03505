from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from vocadesk.ids import new_id
from vocadesk.models.accounts import NewUser, Role
from vocadesk.models.calls import Call, CallAnalysis, CallStatus, TransferInfo, TransferResult
from vocadesk.models.clients import NewClient
from vocadesk.models.embeds import ButtonStyle, NewEmbed
from vocadesk.models.phone_numbers import NewPhoneNumber

NOW = datetime(2026, 11, 25, 17, tzinfo=UTC)


def a_call(**facts):
    return Call(
        id=new_id("call"),
        account_id=new_id("acc"),
        client_id=new_id("cli"),
        agent_id=new_id("agt"),
        channel="phone",
        **facts,
    )


def test_client_names_are_required_and_trimmed():
    assert NewClient(name="  Acme  ").name == "Acme"
    with pytest.raises(ValidationError, match="name"):
        NewClient(name="   ")


def test_user_email_and_role_are_validated():
    assert NewUser(email="ops@acme.com", name="Ops").role is Role.VIEWER
    with pytest.raises(ValidationError, match="email"):
        NewUser(email="not-an-email", name="Ops")
    with pytest.raises(ValidationError, match="role"):
        NewUser(email="ops@acme.com", name="Ops", role="superuser")


def test_only_viewers_cannot_write():
    assert [r for r in Role if r.can_write] == [Role.OWNER, Role.ADMIN]


def test_embeds_need_at_least_one_valid_origin_and_hex_colours():
    with pytest.raises(ValidationError, match="allowed_origins"):
        NewEmbed(agent_id=new_id("agt"), allowed_origins=[])
    with pytest.raises(ValidationError, match="background"):
        ButtonStyle(background="blue")


def test_phone_numbers_must_be_e164():
    with pytest.raises(ValidationError, match="number"):
        NewPhoneNumber(number="555-0123")


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ({}, CallStatus.RINGING),
        ({"started_at": NOW}, CallStatus.IN_PROGRESS),
        (
            {"started_at": NOW, "transfer": TransferInfo(mode="cold", result=TransferResult.INITIATED, at=NOW)},
            CallStatus.TRANSFERRED,
        ),
        (
            {"started_at": NOW, "transfer": TransferInfo(mode="cold", result=TransferResult.NO_ANSWER, at=NOW)},
            CallStatus.IN_PROGRESS,
        ),
        ({"ended_at": NOW}, CallStatus.ENDED),
    ],
)
def test_call_status_is_derived_from_the_facts_stored(facts, status):
    assert a_call(**facts).status is status


def test_call_status_is_part_of_the_serialized_call():
    assert a_call(started_at=NOW).model_dump(mode="json")["status"] == "in_progress"


def test_captured_data_keys_must_be_snake_case():
    with pytest.raises(ValidationError, match="captured_data"):
        CallAnalysis(captured_data={"Full Name": "Ada"})
