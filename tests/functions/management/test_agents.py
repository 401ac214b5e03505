"""/v1/agents through the local gateway: CRUD, If-Match, duplicate, instructions, roles and tenants."""

import pytest

from vocadesk.models.agents import Agent, AgentPatch
from vocadesk.models.phone_numbers import PhoneNumber


def new_agent(tenant, **fields):
    return {"client_id": tenant.client.id, "name": "Night desk", "persona": "You are Robin.", **fields}


def test_create_read_and_list_by_client(http, owner_a, tenant_a):
    created = http.post("/v1/agents", json=new_agent(tenant_a), headers=owner_a)

    assert created.status_code == 201 and created.headers["etag"] == '"1"'
    agent = created.json()
    assert http.get(f"/v1/agents/{agent['id']}", headers=owner_a).json() == agent
    listed = http.get(f"/v1/agents?client_id={tenant_a.client.id}", headers=owner_a).json()["items"]
    assert {a["id"] for a in listed} == {agent["id"], tenant_a.agent.id}


def test_an_agent_for_another_accounts_client_is_404_and_not_created(http, owner_b, tenant_a, tenant_b):
    response = http.post("/v1/agents", json=new_agent(tenant_a), headers=owner_b)

    assert response.status_code == 404 and response.json()["field"] == "client_id"
    assert [a["id"] for a in http.get("/v1/agents", headers=owner_b).json()["items"]] == [tenant_b.agent.id]


def test_update_with_the_current_etag_then_a_stale_one(http, owner_a, tenant_a):
    url = f"/v1/agents/{tenant_a.agent.id}"
    etag = http.get(url, headers=owner_a).headers["etag"]

    first = http.patch(url, json={"name": "Day desk"}, headers=owner_a | {"if-match": etag})
    stale = http.patch(url, json={"name": "Lost update"}, headers=owner_a | {"if-match": etag})

    assert first.status_code == 200 and first.json()["name"] == "Day desk" and first.headers["etag"] == '"2"'
    assert stale.status_code == 412 and stale.json()["field"] == "If-Match"
    assert http.get(url, headers=owner_a).json()["name"] == "Day desk"


def test_a_patch_changes_only_what_it_names_and_validates_it(http, owner_a, tenant_a):
    url = f"/v1/agents/{tenant_a.agent.id}"
    before = http.get(url, headers=owner_a).json()

    bad = http.patch(url, json={"voice": "robot"}, headers=owner_a)
    good = http.patch(url, json={"voice": "marin"}, headers=owner_a)

    assert bad.status_code == 422 and bad.json()["field"] == "body.voice"
    assert good.json() | {"voice": before["voice"], "version": 1, "updated_at": before["updated_at"]} == before


def test_duplicate_makes_an_independent_copy(http, owner_a, tenant_a):
    copy = http.post(f"/v1/agents/{tenant_a.agent.id}/duplicate", headers=owner_a)

    assert copy.status_code == 201
    assert copy.json()["name"] == "Copy of Front desk" and copy.json()["id"] != tenant_a.agent.id


def test_instructions_are_the_builders_text(http, owner_a, tenant_a):
    from vocadesk import instructions

    response = http.get(f"/v1/agents/{tenant_a.agent.id}/instructions", headers=owner_a).json()

    assert response["instructions"] == instructions.build(tenant_a.agent)
    assert response["characters"] == len(response["instructions"]) and response["version"] == 1


def test_a_draft_previews_its_instructions_without_saving(http, owner_a, tenant_a):
    from vocadesk import instructions

    url = f"/v1/agents/{tenant_a.agent.id}"
    draft = {
        "conversation": {"greeting": "Good evening, night desk here."},
        "questions": [{"key": "full_name", "prompt": "What is your name?"}],
    }

    preview = http.post(f"{url}/instructions", json=draft, headers=owner_a)

    drafted = tenant_a.agent.model_dump() | AgentPatch(**draft).model_dump(exclude_unset=True)
    expected = instructions.build(Agent.model_validate(drafted))
    assert preview.status_code == 200
    assert preview.json() == {
        "agent_id": tenant_a.agent.id,
        "version": 1,
        "characters": len(expected),
        "max_characters": instructions.MAX_CHARS,
        "instructions": expected,
    }
    assert 'Open the call with: "Good evening, night desk here."' in expected
    assert http.get(url, headers=owner_a).json()["version"] == 1  # nothing saved


def test_an_empty_draft_previews_the_saved_instructions(http, viewer_a, tenant_a):
    url = f"/v1/agents/{tenant_a.agent.id}/instructions"

    preview = http.post(url, json={}, headers=viewer_a)

    assert preview.status_code == 200 and preview.json() == http.get(url, headers=viewer_a).json()


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        ({"questions": [{"key": "Full Name", "prompt": "Name?"}]}, "body.questions.0.key"),
        ({"questions": [{"key": "name", "prompt": "Name?"}] * 2}, "body.questions"),
        ({"conversation": {"greeting": "x" * 501}}, "body.conversation.greeting"),
        (
            {"transfer_rules": [{"id": "desk", "condition": "asked", "destination": "the desk"}]},
            "body.transfer_rules.0.destination",
        ),
        ({"greting": "hi"}, "body.greting"),
    ],
)
def test_a_draft_that_would_not_save_is_422_naming_the_field(http, owner_a, tenant_a, draft, field):
    response = http.post(f"/v1/agents/{tenant_a.agent.id}/instructions", json=draft, headers=owner_a)

    assert response.status_code == 422 and response.json()["field"] == field


def test_a_draft_that_empties_a_required_field_is_refused_naming_it(http, owner_a, tenant_a):
    response = http.post(f"/v1/agents/{tenant_a.agent.id}/instructions", json={"persona": None}, headers=owner_a)

    assert response.status_code == 400 and response.json()["field"] == "persona"


def test_a_draft_too_long_to_send_names_the_largest_part(http, owner_a, tenant_a):
    blocks = [{"title": f"Part {n}", "text": "x" * 20_000} for n in range(3)]

    response = http.post(
        f"/v1/agents/{tenant_a.agent.id}/instructions", json={"knowledge": {"blocks": blocks}}, headers=owner_a
    )

    assert response.status_code == 400 and response.json()["field"] == "knowledge"


def test_duplicate_question_keys_in_a_patch_are_422_naming_the_list(http, owner_a, tenant_a):
    question = {"key": "name", "prompt": "Your name?"}

    response = http.patch(f"/v1/agents/{tenant_a.agent.id}", json={"questions": [question, question]}, headers=owner_a)

    assert response.status_code == 422 and response.json()["field"] == "body.questions"
    assert response.json()["message"] == "body.questions: duplicate key(s) name"


def test_delete_refuses_while_a_number_routes_to_the_agent(http, owner_a, tenant_a, repos):
    repos.phone_numbers.create(
        PhoneNumber(
            account_id=tenant_a.account_id,
            number="+14155550123",
            agent_id=tenant_a.agent.id,
            client_id=tenant_a.client.id,
        )
    )
    url = f"/v1/agents/{tenant_a.agent.id}"

    refused = http.delete(url, headers=owner_a)
    repos.phone_numbers.delete(tenant_a.account_id, "+14155550123")
    deleted = http.delete(url, headers=owner_a)

    assert refused.status_code == 409
    assert deleted.status_code == 204 and http.get(url, headers=owner_a).status_code == 404


def test_viewers_read_but_cannot_change_agents(http, viewer_a, tenant_a):
    url = f"/v1/agents/{tenant_a.agent.id}"

    assert http.get(url, headers=viewer_a).status_code == 200
    assert http.patch(url, json={"name": "x"}, headers=viewer_a).status_code == 403
    assert http.post(f"{url}/duplicate", headers=viewer_a).status_code == 403
    assert http.delete(url, headers=viewer_a).status_code == 403
    assert http.post("/v1/agents", json=new_agent(tenant_a), headers=viewer_a).status_code == 403


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_another_tenants_agent_is_404_for_every_route(http, owner_b, tenant_a, method):
    url = f"/v1/agents/{tenant_a.agent.id}"
    kwargs = {"json": {"name": "x"}} if method == "patch" else {}

    response = getattr(http, method)(url, headers=owner_b, **kwargs)

    assert response.status_code == 404 and tenant_a.agent.name not in response.text
    assert http.get(f"{url}/instructions", headers=owner_b).status_code == 404
    assert http.post(f"{url}/instructions", json={}, headers=owner_b).status_code == 404
    assert http.post(f"{url}/duplicate", headers=owner_b).status_code == 404
