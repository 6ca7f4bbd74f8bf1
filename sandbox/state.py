"""The sandbox's in-memory world: clock, workspaces, AOIs, orders, tags and legacy tokens."""

from __future__ import annotations

import random
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from shapely.geometry import Polygon

from . import data
from .geometry import AoiGeometry, Metrics, metrics, parse_aoi

VALIDATION_DELAY = timedelta(minutes=10)
CLOSING_PERIOD = timedelta(days=3)
PENDING = "pending_validation"
IN_PROGRESS = "in_progress"
CLOSING = "closing"
CLOSED = "closed"
REJECTED = "rejected"
DELETABLE_ORDER_STATES = (PENDING, REJECTED)
FINISHED_ORDER_STATES = (CLOSED, REJECTED)
DELIVERING_ORDER_STATES = (IN_PROGRESS, CLOSING, CLOSED)
_ID_SEED = 20240114


class ApiError(Exception):
    """An error the API answers with ``{"detail": message}``."""

    status_code = 400

    def __init__(self, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers


class NotFoundError(ApiError):
    """404: the resource does not exist in the caller's workspace."""

    status_code = 404


class ConflictError(ApiError):
    """409: the resource exists but the operation is not allowed in its current state."""

    status_code = 409


class AuthenticationError(ApiError):
    """401: missing, unknown, revoked or expired credentials."""

    status_code = 401


def iso_z(moment: datetime, timespec: str = "microseconds") -> str:
    """``2025-09-27T10:30:08.004000Z`` (UTC)."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec=timespec) + "Z"


def iso_naive(moment: datetime) -> str:
    """``2025-07-31T11:05:29.157539``: UTC without a zone, as the AOI endpoints answer."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="microseconds")


def start_of_day(moment: datetime) -> datetime:
    """Midnight UTC of the moment's day."""
    return moment.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)


class Clock:
    """The sandbox's time: real UTC time plus an offset that tests move forward."""

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The current sandbox time (aware, UTC)."""
        with self._lock:
            return datetime.now(timezone.utc) + self._offset

    def advance(self, delta: timedelta) -> None:
        """Move the sandbox time forward (or back, with a negative delta)."""
        with self._lock:
            self._offset += delta

    def reset(self) -> None:
        """Back to real time."""
        with self._lock:
            self._offset = timedelta(0)


@dataclass
class Tag:
    """A workspace's tag entity, shared by every order that uses the name."""

    id: uuid.UUID
    name: str
    created: datetime

    def as_json(self) -> dict[str, Any]:
        """The API representation."""
        return {"name": self.name, "id": str(self.id), "created": iso_z(self.created, "milliseconds")}


@dataclass
class Aoi:
    """An Area of Interest of one workspace."""

    id: uuid.UUID
    name: str
    description: str | None
    geometry: AoiGeometry
    metrics: Metrics
    created: datetime

    def as_json(self) -> dict[str, Any]:
        """The API representation."""
        return {
            "name": self.name,
            "geojson": self.geometry.feature,
            "description": self.description,
            "bbox_width": self.metrics.bbox_width,
            "bbox_height": self.metrics.bbox_height,
            "id": str(self.id),
            "created": iso_naive(self.created),
        }


@dataclass
class Order:
    """A data order. Its state is derived from the sandbox clock each time it is read."""

    id: uuid.UUID
    aoi_id: uuid.UUID
    polygon: Polygon  # the AOI's polygon when the order was placed: the AOI may be deleted later
    product: str
    start: datetime
    end: datetime
    frequency: str
    illumination: str | None
    max_images: int | None
    comment: str | None
    tags: list[Tag]
    created: datetime

    def status(self, now: datetime) -> tuple[str, str | None]:
        """``(state, rejection_reason)`` at ``now``."""
        if now < self.created + VALIDATION_DELAY:
            return PENDING, None
        min_lat, max_lat = data.COVERAGE_LATITUDES
        _, south, _, north = self.polygon.bounds
        if south < min_lat or north > max_lat:
            return REJECTED, data.OUTSIDE_COVERAGE_REASON
        if now <= self.end:
            return IN_PROGRESS, None
        return (CLOSING if now <= self.end + CLOSING_PERIOD else CLOSED), None

    def as_json(self, now: datetime) -> dict[str, Any]:
        """The API representation at ``now``."""
        state, reason = self.status(now)
        return {
            "area_of_interest_id": str(self.aoi_id),
            "start_date": iso_z(self.start),
            "end_date": iso_z(self.end),
            "frequency": self.frequency,
            "product_name": self.product,
            "comment": self.comment,
            "id": str(self.id),
            "created": iso_z(self.created),
            "state": state,
            "rejection_reason": reason,
            "tags": [tag.as_json() for tag in self.tags],
            "illumination_constraint": self.illumination,
            "maximum_number_of_images": self.max_images,
        }


@dataclass
class Workspace:
    """One customer workspace; nothing in it is visible from another."""

    name: str
    products: tuple[str, ...]
    aois: dict[uuid.UUID, Aoi] = field(default_factory=dict)
    orders: dict[uuid.UUID, Order] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)

    def aoi(self, aoi_id: uuid.UUID) -> Aoi:
        """The AOI, or 404."""
        if aoi_id not in self.aois:
            raise NotFoundError("Area of interest not found")
        return self.aois[aoi_id]

    def order(self, order_id: uuid.UUID) -> Order:
        """The order, or 404."""
        if order_id not in self.orders:
            raise NotFoundError("Order not found")
        return self.orders[order_id]

    def check_aoi_name_free(self, name: str) -> None:
        """409 when the workspace already has an AOI of that name."""
        if any(aoi.name == name for aoi in self.aois.values()):
            raise ConflictError("An Area of Interest with this name already exists")

    def delete_aoi(self, aoi_id: uuid.UUID, now: datetime) -> None:
        """Delete an AOI unless orders that are not closed or rejected still use it (409)."""
        self.aoi(aoi_id)
        active = [
            order
            for order in self.orders.values()
            if order.aoi_id == aoi_id and order.status(now)[0] not in FINISHED_ORDER_STATES
        ]
        if active:
            raise ConflictError(
                f"Area of interest has {len(active)} active order(s) and cannot be deleted; "
                "only AOIs whose orders are all closed or rejected can be deleted"
            )
        del self.aois[aoi_id]

    def delete_order(self, order_id: uuid.UUID, now: datetime) -> None:
        """Delete an order in ``pending_validation`` or ``rejected`` (else 409)."""
        state, _ = self.order(order_id).status(now)
        if state not in DELETABLE_ORDER_STATES:
            raise ConflictError(
                f"Order cannot be deleted in its current state ({state}). "
                "Only pending_validation or rejected orders can be deleted."
            )
        del self.orders[order_id]


@dataclass(frozen=True)
class IssuedToken:
    """A legacy bearer token."""

    workspace: str
    expires: datetime


class SandboxState:
    """Everything the API and storage servers share; guard access with :attr:`lock`."""

    def __init__(self, token_lifetime: float = data.DEFAULT_TOKEN_LIFETIME) -> None:
        self.clock = Clock()
        self.lock = threading.RLock()
        self.initial_token_lifetime = token_lifetime
        self.token_lifetime = token_lifetime
        self.workspaces: dict[str, Workspace] = {}
        self.tokens: dict[str, IssuedToken] = {}
        self._ids = random.Random(_ID_SEED)
        self.reset()

    def reset(self) -> None:
        """Back to real time and the deterministic demo data."""
        with self.lock:
            self.clock.reset()
            self.token_lifetime = self.initial_token_lifetime
            self.tokens.clear()
            self._ids.seed(_ID_SEED)
            now = self.clock.now()
            self.workspaces = {
                name: _demo_workspace(name, aois, orders, now)
                for name, (aois, orders) in data.DEMO_DATA.items()
            }

    def tags(self, workspace: Workspace, names: list[str], now: datetime) -> list[Tag]:
        """The workspace's tag entities for ``names``, creating those that do not exist yet."""
        for name in names:
            if name not in workspace.tags:
                workspace.tags[name] = Tag(self.new_id(), name, now)
        return [workspace.tags[name] for name in names]

    def new_id(self) -> uuid.UUID:
        """A fresh version-4 UUID from the sandbox's seeded generator."""
        return uuid.UUID(int=self._ids.getrandbits(128), version=4)

    def workspace_for_key(self, api_key: str) -> Workspace:
        """The workspace of an API key, or 401 with a reason."""
        if api_key in data.REVOKED_API_KEYS:
            raise AuthenticationError("API key has been revoked", {"WWW-Authenticate": "APIKey"})
        if api_key in data.EXPIRED_API_KEYS:
            raise AuthenticationError("API key has expired", {"WWW-Authenticate": "APIKey"})
        if api_key not in data.API_KEYS:
            raise AuthenticationError("Invalid API key", {"WWW-Authenticate": "APIKey"})
        return self.workspaces[data.API_KEYS[api_key]]

    def issue_token(self, username: str, password: str) -> str:
        """A legacy bearer token for a single-workspace user, or 401."""
        known_password, workspaces = data.USERS.get(username, (None, ()))
        if known_password is None or password != known_password:
            raise AuthenticationError("Incorrect username or password", {"WWW-Authenticate": "Bearer"})
        if len(workspaces) != 1:
            raise AuthenticationError(
                "Bearer tokens only work for users in a single workspace; this user belongs to "
                f"{len(workspaces)} workspaces. Use a workspace-scoped API key (X-Api-Key) instead.",
                {"WWW-Authenticate": "Bearer"},
            )
        token = f"{self._ids.getrandbits(256):064x}"
        expires = self.clock.now() + timedelta(seconds=self.token_lifetime)
        self.tokens[token] = IssuedToken(workspaces[0], expires)
        return token

    def workspace_for_token(self, token: str) -> Workspace:
        """The workspace of a legacy bearer token, or 401."""
        issued = self.tokens.get(token)
        if issued is None:
            raise AuthenticationError("Could not validate credentials", {"WWW-Authenticate": "Bearer"})
        if self.clock.now() >= issued.expires:
            raise AuthenticationError("Token expired", {"WWW-Authenticate": "Bearer"})
        return self.workspaces[issued.workspace]


def _demo_workspace(
    name: str, aois: tuple[data.DemoAoi, ...], orders: tuple[data.DemoOrder, ...], now: datetime
) -> Workspace:
    workspace = Workspace(name, data.WORKSPACE_PRODUCTS[name])
    by_name: dict[str, Aoi] = {}
    for index, demo in enumerate(aois):
        geometry = parse_aoi(data.demo_polygon(demo, index))
        aoi = Aoi(
            id=data.demo_uuid(name, "aoi", demo.name),
            name=demo.name,
            description=demo.description,
            geometry=geometry,
            metrics=metrics(geometry.polygon),
            created=now - timedelta(days=150 - 2 * index, minutes=37 * index),
        )
        workspace.aois[aoi.id] = by_name[demo.name] = aoi
    today = start_of_day(now)
    for index, demo in enumerate(orders):
        aoi = by_name[demo.aoi]
        created = now - timedelta(minutes=demo.created_minutes_ago)
        tags = [
            workspace.tags.setdefault(
                tag, Tag(data.demo_uuid(name, "tag", tag), tag, created - timedelta(days=200))
            )
            for tag in demo.tags
        ]
        start = today + timedelta(days=demo.start_day)
        order = Order(
            id=data.demo_uuid(name, "order", str(index)),
            aoi_id=aoi.id,
            polygon=aoi.geometry.polygon,
            product=demo.product,
            start=start,
            end=start + timedelta(days=demo.duration_days),
            frequency=demo.frequency,
            illumination=demo.illumination,
            max_images=demo.max_images,
            comment=demo.comment,
            tags=tags,
            created=created,
        )
        workspace.orders[order.id] = order
    return workspace
