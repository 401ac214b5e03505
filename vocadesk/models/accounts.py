"""Accounts (an agency, the tenant) and the users who sign in to it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import EmailStr, Field

from vocadesk.ids import new_id
from vocadesk.models.fields import AccountId, Body, Model, Name, Stored, UserId, Versioned


class Role(StrEnum):
    """Owner and admin write; viewer only reads. Only an owner manages owners."""

    OWNER = "owner"
    ADMIN = "admin"
    VIEWER = "viewer"

    @property
    def can_write(self) -> bool:
        return self is not Role.VIEWER


class Plan(StrEnum):
    TRIAL = "trial"
    STARTER = "starter"
    GROWTH = "growth"
    AGENCY = "agency"


class Account(Versioned):
    id: AccountId = Field(default_factory=lambda: new_id("acc"))
    name: Name
    plan: Plan = Plan.TRIAL
    can_take_calls: bool = Field(True, description="False when suspended (e.g. unpaid): calls are refused.")

    @property
    def account_id(self) -> str:
        """An account is its own tenant."""
        return self.id


class User(Stored):
    id: UserId = Field(default_factory=lambda: new_id("usr"))
    email: EmailStr
    name: Name
    role: Role = Role.VIEWER


class NewUser(Body):
    email: EmailStr
    name: Name
    role: Role = Role.VIEWER


class UserPatch(Body):
    name: Name | None = None
    role: Role | None = None


class AccountSummary(Model):
    """What a signed-in user sees of their account."""

    id: str
    name: str
    plan: Plan
    can_take_calls: bool
