"""The storage host: pre-signed URLs, Range requests, the generated files, and the legacy /assets."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import requests
from osgeo import gdal

from sandbox import data

gdal.UseExceptions()


def _item(kit, collection="lstprecision", **params):
    items = kit.all_items(collections=collection, **params)
    return max(
        items, key=lambda item: item["properties"]["proj:shape"][0] * item["properties"]["proj:shape"][1]
    )


def test_presigned_url_valid_expired_and_tampered(sb, kit):
    href = _item(kit)["assets"]["metadata"]["href"]
    ok = requests.get(href, timeout=30)
    assert ok.status_code == 200
    assert ok.headers["Content-Type"].startswith("application/json")
    assert json.loads(ok.content)["item_id"] in href
    tampered = href[:-4] + ("0000" if not href.endswith("0000") else "1111")
    refused = requests.get(tampered, timeout=30)
    assert refused.status_code == 403
    assert "<Code>SignatureDoesNotMatch</Code>" in refused.text
    other_file = href.replace("metadata.json", "lst.tiff")
    assert requests.get(other_file, timeout=30).status_code == 403
    assert requests.get(href.split("?")[0], timeout=30).status_code == 403
    sb.clock.advance(timedelta(minutes=61))
    expired = requests.get(href, timeout=30)
    assert expired.status_code == 403
    assert "<Code>AccessDenied</Code>" in expired.text
    assert "expired" in expired.text


def test_unknown_file_with_a_valid_signature_is_404(sb):
    from sandbox.signing import presign

    url = presign(sb.storage_url, "/demo/NO_SUCH_ITEM/lst.tiff", sb.clock.now())
    response = requests.get(url, timeout=30)
    assert response.status_code == 404
    assert "<Code>NoSuchKey</Code>" in response.text


def test_download_headers_head_and_ranges(kit):
    item = _item(kit)
    href = item["assets"]["lst"]["href"]
    full = requests.get(href, timeout=30)
    size = len(full.content)
    assert full.headers["Content-Length"] == str(size)
    assert full.headers["Accept-Ranges"] == "bytes"
    assert full.headers["Content-Disposition"] == f'attachment; filename="{item["id"]}_LST.tiff"'
    etag = full.headers["ETag"]
    head = requests.head(href, timeout=30)
    assert head.status_code == 200
    assert head.headers["Content-Length"] == str(size)
    assert head.content == b""
    first = requests.get(href, headers={"Range": "bytes=0-99"}, timeout=30)
    assert first.status_code == 206
    assert first.headers["Content-Range"] == f"bytes 0-99/{size}"
    assert first.content == full.content[:100]
    rest = requests.get(href, headers={"Range": "bytes=100-"}, timeout=30)
    assert rest.content == full.content[100:]
    tail = requests.get(href, headers={"Range": "bytes=-50"}, timeout=30)
    assert tail.content == full.content[-50:]
    stale = requests.get(href, headers={"Range": "bytes=100-", "If-Range": '"stale"'}, timeout=30)
    assert stale.status_code == 200
    fresh = requests.get(href, headers={"Range": "bytes=100-", "If-Range": etag}, timeout=30)
    assert fresh.status_code == 206
    beyond = requests.get(href, headers={"Range": f"bytes={size}-"}, timeout=30)
    assert beyond.status_code == 416
    assert beyond.headers["Content-Range"] == f"bytes */{size}"


def test_lst_is_a_cloud_optimized_geotiff(kit, tmp_path):
    item = _item(kit, "lstfusion")
    path = tmp_path / "lst.tiff"
    path.write_bytes(requests.get(item["assets"]["lst"]["href"], timeout=60).content)
    assert path.stat().st_size > 1_000_000
    dataset = gdal.Open(str(path))
    assert dataset.GetMetadata("IMAGE_STRUCTURE")["LAYOUT"] == "COG"
    assert dataset.GetMetadata("IMAGE_STRUCTURE")["COMPRESSION"] == "DEFLATE"
    band = dataset.GetRasterBand(1)
    assert band.DataType == gdal.GDT_UInt16
    assert band.GetNoDataValue() == 65535
    assert band.GetScale() == 0.01
    assert band.GetOffset() == 0
    assert band.GetUnitType() == "kelvin"
    assert band.GetOverviewCount() >= 1
    assert band.GetBlockSize() == [256, 256]
    properties = item["properties"]
    assert dataset.GetSpatialRef().GetAuthorityCode(None) == str(properties["proj:epsg"])
    assert [dataset.RasterYSize, dataset.RasterXSize] == properties["proj:shape"]
    transform = properties["proj:transform"]
    assert dataset.GetGeoTransform() == (transform[2], transform[0], 0.0, transform[5], 0.0, transform[4])
    values = band.ReadAsArray()
    valid = values[values != 65535] * 0.01 - 273.15
    assert (values == 65535).any()
    assert -40 < valid.min() < valid.max() < 70


def test_day_scenes_are_warmer_than_night_scenes_and_water_flips(kit, tmp_path):
    means = {}
    for illumination in ("day", "night"):
        cql2 = {"op": "=", "args": [{"property": "constellr:illumination"}, illumination]}
        body = {"filter": cql2, "collections": ["lstprecision"], "limit": 1}
        assets = kit.api.post("/stac/search", json=body).json()["features"][0]["assets"]
        lst_dataset = _open(tmp_path / f"{illumination}.tiff", assets["lst"]["href"])
        lst = lst_dataset.GetRasterBand(1).ReadAsArray()
        mask = _open(tmp_path / f"{illumination}-mask.tiff", assets["scl_mask_30m"]["href"])
        clouds, water = (mask.GetRasterBand(number).ReadAsArray() for number in (1, 2))
        assert clouds.shape == lst.shape
        clear = clouds == 0
        means[illumination] = (lst[clear & (water == 0)].mean(), lst[clear & (water == 1)].mean())
    (day_land, day_water), (night_land, night_water) = means["day"], means["night"]
    assert day_land > night_land
    assert day_water < day_land
    assert night_water > night_land


def _open(path, href):
    path.write_bytes(requests.get(href, timeout=60).content)
    return gdal.Open(str(path))


def test_gdal_streams_the_cog_with_range_requests(sb, kit):
    href = _item(kit, "lstfusion")["assets"]["lst"]["href"]
    gdal.SetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR")
    try:
        dataset = gdal.Open(f"/vsicurl/{href}")
        overview = dataset.GetRasterBand(1).GetOverview(0).ReadAsArray()
    finally:
        gdal.SetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", None)
    assert overview.size > 0
    ranged = [
        request for request in sb.requests if request.server == "storage" and "range" in request.headers
    ]
    assert ranged


def test_other_files_of_the_bundle(kit, tmp_path):
    assets = _item(kit, "lstzoom")["assets"]
    quicklook = _open(tmp_path / "quicklook.tiff", assets["quicklook"]["href"])
    assert quicklook.RasterCount == 3
    assert quicklook.GetRasterBand(1).DataType == gdal.GDT_Byte
    mask = _open(tmp_path / "mask.tiff", assets["scl_mask_30m"]["href"])
    assert mask.GetGeoTransform()[1] == 30.0
    assert mask.GetRasterBand(1).GetNoDataValue() == 255
    thumbnail = requests.get(assets["thumbnail"]["href"], timeout=30)
    assert thumbnail.headers["Content-Type"] == "image/jpeg"
    assert thumbnail.content[:3] == b"\xff\xd8\xff"


def test_storage_never_sees_credentials(sb, api, kit):
    for asset in _item(kit)["assets"].values():
        requests.get(asset["href"], timeout=30)
    storage = [request for request in sb.requests if request.server == "storage"]
    assert len(storage) == 5
    assert all(
        "x-api-key" not in request.headers and "authorization" not in request.headers for request in storage
    )
    api_requests = [request for request in sb.requests if request.server == "api"]
    assert api_requests[-1].headers["x-api-key"] == data.DEMO_API_KEY
    assert api_requests[-1].path == "/stac/search"
    assert "limit=1000" in api_requests[-1].query


def test_legacy_assets_list_and_page(api):
    first = api.get("/assets").json()
    assert set(first) == {"Contents", "IsTruncated", "KeyCount", "NextContinuationToken"}
    assert first["KeyCount"] == len(first["Contents"]) == 10
    assert first["IsTruncated"] is True
    entry = first["Contents"][0]
    assert set(entry) == {"Key", "LastModified", "Size"}
    assert entry["LastModified"].endswith("Z")
    assert entry["Size"] > 0
    keys, page, pages = [], first, 0
    while True:
        pages += 1
        keys += [entry["Key"] for entry in page["Contents"]]
        if not page["IsTruncated"]:
            assert "NextContinuationToken" not in page
            break
        page = api.get("/assets", params={"continuation_token": page["NextContinuationToken"]}).json()
        if pages == 3:
            break
    assert len(keys) == len(set(keys)) == 30
    assert keys == sorted(keys)
    assert api.get("/assets", params={"continuation_token": "%%%"}).status_code == 400


def test_legacy_assets_filter_by_date(api, kit):
    deliveries = sorted({item["properties"]["created"] for item in kit.all_items()})
    cut = deliveries[len(deliveries) // 2]
    before = api.get("/assets", params={"limit": 3, "lastModifiedBefore": cut}).json()["Contents"]
    after = api.get("/assets", params={"limit": 3, "lastModifiedAfter": cut}).json()["Contents"]
    assert before
    assert after
    assert all(entry["LastModified"] < cut for entry in before)
    assert all(entry["LastModified"] > cut for entry in after)
    nothing = api.get("/assets", params={"lastModifiedAfter": "2999-01-01T00:00:00"}).json()
    assert nothing == {"Contents": [], "IsTruncated": False, "KeyCount": 0}
    assert api.get("/assets", params={"lastModifiedBefore": "soon"}).status_code == 422


@pytest.mark.parametrize("credentials", ["api_key", "bearer"])
def test_legacy_download_redirects_to_the_storage_host(sb, api, credentials):
    key = api.get("/assets", params={"limit": 3}).json()["Contents"][2]["Key"]
    headers = {"X-Api-Key": data.DEMO_API_KEY}
    if credentials == "bearer":
        login = {"username": data.LEGACY_USERNAME, "password": data.LEGACY_PASSWORD}
        token = requests.post(f"{sb.api_url}/token", data=login, timeout=10).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
    redirect = requests.get(f"{sb.api_url}/assets/{key}", headers=headers, allow_redirects=False, timeout=30)
    assert redirect.status_code == 307
    location = redirect.headers["Location"]
    assert location.startswith(f"{sb.storage_url}/demo/")
    download = requests.get(location, timeout=30)
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].endswith(f'"{key.split("/")[1]}"')
    missing = requests.get(f"{sb.api_url}/assets/nothing/here.tiff", headers=headers, timeout=30)
    assert missing.status_code == 404
