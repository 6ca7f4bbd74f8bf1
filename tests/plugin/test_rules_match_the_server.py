"""The plugin's product rules and the server agree: what one refuses, the other refuses."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from constellr.plugin.api import OrderRequest, ValidationError
from constellr.plugin.rules import OrderDraft, order_problems

CASES = list(
    itertools.product(
        ["LSTprecision", "LSTfusion"],
        [-2, 0, 3],  # start, days from the sandbox's today
        [5, 7, 365, 367],  # duration in days
        ["single_image", "weekly", "daily"],
        [None, 1, 3],  # maximum number of images
    )
)


@pytest.fixture
def small_aoi(demo_client):
    return next(aoi for aoi in demo_client.iter_aois() if aoi.bbox_width and 100 < aoi.bbox_width < 10_000)


@pytest.mark.parametrize("case", CASES, ids=["-".join(map(str, case)) for case in CASES])
def test_local_verdict_equals_the_server_verdict(demo_client, sandbox, small_aoi, case) -> None:
    product, start_in, days, frequency, images = case
    now = sandbox.clock.now()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start = today + timedelta(days=start_in, hours=12)
    end = start + timedelta(days=days)
    draft = OrderDraft(product, start, end, frequency, small_aoi.bbox_width, small_aoi.bbox_height, images)
    local_fields = {problem.field for problem in order_problems(draft, now)}
    request = OrderRequest(small_aoi.id, product, start, end, frequency, maximum_number_of_images=images)
    try:
        demo_client.create_orders([request], use_case="Unknown")
        server_fields: set[str] = set()
    except ValidationError as error:
        server_fields = {field_error.location.split(".")[-1] for field_error in error.field_errors}
    assert local_fields == server_fields
