"""Route for /v1/me: the signed-in user, their role and their account's plan."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from vocadesk import accounts
from vocadesk.accounts import Me
from vocadesk.lambda_support.http import SignedIn
from vocadesk.storage.repositories import default_repositories

router = APIGatewayHttpRouter()


@router.get("/")
def get_me(caller: SignedIn) -> Me:
    return accounts.me(default_repositories(), caller)
