"""/v1/users through the local gateway: invite, first sign-in, roles, the last owner, tenants, removal."""

import pytest

from local_platform.provision import LOCAL_INVITE_PASSWORD
from tests.support import bearer


def invite(http, headers, email, role="viewer", name="Ada"):
    return http.post("/v1/users", json={"email": email, "name": name, "role": role}, headers=headers)


def first_sign_in(http, email, new_password="ada-own-password"):
    """An invited user's first sign-in: the temporary password, answered with one of their own."""
    answer = http.post(
        "/auth/signin", json={"email": email, "password": LOCAL_INVITE_PASSWORD, "new_password": new_password}
    )
    assert answer.status_code == 200, answer.text
    return {"authorization": f"Bearer {answer.json()['id_token']}"}


def listed_emails(http, headers):
    return {u["email"] for u in http.get("/v1/users?limit=100", headers=headers).json()["items"]}


def test_an_invited_user_signs_in_with_the_temporary_password_then_their_own(http, owner_a, tenant_a):
    created = invite(http, owner_a, "ada@alpha.com", role="admin")

    bare = http.post("/auth/signin", json={"email": "ada@alpha.com", "password": LOCAL_INVITE_PASSWORD})
    ada = first_sign_in(http, "ada@alpha.com")

    assert created.status_code == 201
    assert created.json() | {"id": "-", "created_at": "-", "updated_at": "-"} == {
        "id": "-",
        "account_id": tenant_a.account_id,
        "email": "ada@alpha.com",
        "name": "Ada",
        "role": "admin",
        "version": 1,
        "created_at": "-",
        "updated_at": "-",
    }
    assert bare.status_code == 400 and bare.json()["error"] == "new_password_required"
    assert bare.json()["field"] == "new_password"
    me = http.get("/v1/me", headers=ada).json()
    assert me["user"]["id"] == created.json()["id"] and me["user"]["role"] == "admin"
    assert me["account"]["id"] == tenant_a.account_id
    assert http.get(f"/v1/users/{created.json()['id']}", headers=owner_a).json() == created.json()
    assert bearer(http, "ada@alpha.com", "ada-own-password")


def test_a_weak_new_password_is_400_naming_it(http, owner_a):
    invite(http, owner_a, "ada@alpha.com")

    weak = http.post(
        "/auth/signin", json={"email": "ada@alpha.com", "password": LOCAL_INVITE_PASSWORD, "new_password": "short"}
    )

    assert weak.status_code == 400 and weak.json()["field"] == "new_password"


def test_viewers_read_the_users_but_change_nothing(http, viewer_a, tenant_a):
    user_url = f"/v1/users/{tenant_a.owner.id}"

    listed = http.get("/v1/users", headers=viewer_a)
    read = http.get(user_url, headers=viewer_a)
    writes = [
        invite(http, viewer_a, "ada@alpha.com"),
        http.patch(f"/v1/users/{tenant_a.viewer.id}", json={"role": "admin"}, headers=viewer_a),
        http.delete(f"/v1/users/{tenant_a.viewer.id}", headers=viewer_a),
    ]

    assert listed.status_code == read.status_code == 200
    assert {u["id"] for u in listed.json()["items"]} == {tenant_a.owner.id, tenant_a.viewer.id}
    assert [w.status_code for w in writes] == [403, 403, 403]
    assert all(w.json()["error"] == "forbidden" for w in writes)
    assert listed_emails(http, viewer_a) == {tenant_a.owner.email, tenant_a.viewer.email}


def test_an_admin_manages_viewers_but_not_owners(http, owner_a, tenant_a):
    admin_id = invite(http, owner_a, "admin@alpha.com", role="admin").json()["id"]
    admin = first_sign_in(http, "admin@alpha.com")
    owner_url = f"/v1/users/{tenant_a.owner.id}"

    refused = [
        invite(http, admin, "boss@alpha.com", role="owner"),
        http.patch(f"/v1/users/{tenant_a.viewer.id}", json={"role": "owner"}, headers=admin),
        http.patch(f"/v1/users/{admin_id}", json={"role": "owner"}, headers=admin),
        http.patch(owner_url, json={"name": "Demoted"}, headers=admin),
        http.delete(owner_url, headers=admin),
    ]
    promoted = http.patch(f"/v1/users/{tenant_a.viewer.id}", json={"role": "admin"}, headers=admin)

    assert [r.status_code for r in refused] == [403] * 5
    assert promoted.status_code == 200 and promoted.json()["role"] == "admin" and promoted.json()["version"] == 2
    assert http.get(owner_url, headers=owner_a).json()["name"] == tenant_a.owner.name
    assert "boss@alpha.com" not in listed_emails(http, owner_a)


def test_the_last_owner_can_be_neither_demoted_nor_removed(http, owner_a, tenant_a):
    url = f"/v1/users/{tenant_a.owner.id}"

    demoted = http.patch(url, json={"role": "admin"}, headers=owner_a)
    removed = http.delete(url, headers=owner_a)

    assert demoted.status_code == removed.status_code == 409
    assert demoted.json()["field"] == removed.json()["field"] == "role"
    assert http.get(url, headers=owner_a).json()["role"] == "owner"


def test_an_owner_hands_over_to_a_new_owner_and_steps_down(http, owner_a, tenant_a):
    new_owner = invite(http, owner_a, "heir@alpha.com", role="owner").json()
    heir = first_sign_in(http, "heir@alpha.com")

    stepped_down = http.patch(f"/v1/users/{tenant_a.owner.id}", json={"role": "viewer"}, headers=owner_a)
    heir_alone = http.patch(f"/v1/users/{new_owner['id']}", json={"role": "admin"}, headers=heir)

    assert stepped_down.status_code == 200 and stepped_down.json()["role"] == "viewer"
    assert heir_alone.status_code == 409
    assert http.post("/v1/clients", json={"name": "Nope"}, headers=owner_a).status_code == 403


def test_an_email_already_used_anywhere_is_409_naming_email_and_nothing_is_written(http, owner_a, owner_b, tenant_a):
    before = listed_emails(http, owner_b)

    response = invite(http, owner_b, tenant_a.viewer.email.upper())

    assert response.status_code == 409 and response.json()["field"] == "email"
    assert listed_emails(http, owner_b) == before
    assert bearer(http, tenant_a.viewer.email, "pw-viewer")  # the existing user still signs in


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email", "name": "Ada"}, "body.email"),
        ({"email": "ada@alpha.com", "name": "  "}, "body.name"),
        ({"email": "ada@alpha.com", "name": "Ada", "role": "superuser"}, "body.role"),
        ({"email": "ada@alpha.com", "name": "Ada", "password": "x"}, "body.password"),
        ({"name": "Ada"}, "body.email"),
    ],
)
def test_bad_invitations_name_the_field_and_write_nothing(http, owner_a, body, field):
    before = listed_emails(http, owner_a)

    response = http.post("/v1/users", json=body, headers=owner_a)

    assert response.status_code == 422 and response.json()["field"] == field
    assert listed_emails(http, owner_a) == before


def test_another_accounts_users_are_404_never_403(http, owner_b, tenant_a):
    url = f"/v1/users/{tenant_a.viewer.id}"

    answers = [
        http.get(url, headers=owner_b),
        http.patch(url, json={"role": "admin"}, headers=owner_b),
        http.delete(url, headers=owner_b),
    ]

    assert [a.status_code for a in answers] == [404, 404, 404]
    assert all(tenant_a.viewer.email not in a.text for a in answers)
    assert bearer(http, tenant_a.viewer.email, "pw-viewer")


def test_a_removed_user_is_refused_on_their_next_request_and_cannot_sign_in(http, owner_a, tenant_a, viewer_a):
    assert http.get("/v1/me", headers=viewer_a).status_code == 200

    removed = http.delete(f"/v1/users/{tenant_a.viewer.id}", headers=owner_a)

    assert removed.status_code == 204 and removed.content == b""
    assert http.get("/v1/me", headers=viewer_a).status_code == 401
    signin = http.post("/auth/signin", json={"email": tenant_a.viewer.email, "password": "pw-viewer"})
    assert signin.status_code == 401
    assert http.get(f"/v1/users/{tenant_a.viewer.id}", headers=owner_a).status_code == 404


def test_the_list_pages_with_a_cursor(http, owner_a):
    for n in range(3):
        invite(http, owner_a, f"u{n}@alpha.com")

    first = http.get("/v1/users?limit=3", headers=owner_a).json()
    rest = http.get(f"/v1/users?limit=3&cursor={first['next_cursor']}", headers=owner_a).json()
    bad = http.get("/v1/users?cursor=garbage", headers=owner_a)

    assert len(first["items"]) == 3 and len(rest["items"]) == 2 and rest.get("next_cursor") is None
    assert bad.status_code == 400 and bad.json()["field"] == "cursor"
