"""Request bodies. Pydantic rejects what does not fit with FastAPI's own 422 list; value rules live in
:mod:`sandbox.rules` and answer 400."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

MAX_ORDERS_PER_BATCH = 25


class OrderIn(BaseModel):
    """One order of a batch."""

    area_of_interest_id: uuid.UUID
    start_date: datetime
    end_date: datetime
    frequency: str
    product_name: str
    comment: str | None = None
    tags: list[str] = Field(default_factory=list)
    illumination_constraint: str | None = None
    maximum_number_of_images: int | None = None


class OrderBatch(BaseModel):
    """``POST /orders/batch``: at most 25 orders, accepted or refused together."""

    use_case: str | None = None
    comment: str | None = None
    orders: list[OrderIn] = Field(min_length=1, max_length=MAX_ORDERS_PER_BATCH)


class OrderUpdate(BaseModel):
    """``PATCH /orders/{order_id}``: the fields that may change after ordering."""

    tags: list[str] | None = None


class AoiCreate(BaseModel):
    """``POST /areas-of-interest``."""

    name: str = Field(min_length=1, max_length=255)
    description: str | None = None
    geojson: dict[str, Any]
