"""The storage host: serves delivery files behind pre-signed URLs, like an S3 bucket would.

Checks the signature and expiry before anything else (403 with an S3-style XML error), then streams
the file with ``Content-Disposition``, ``ETag``, ``Accept-Ranges`` and Range support (206/416), HEAD
included. It never looks at credentials: the request log shows whether a client leaked any.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from . import catalog
from .cog import ASSET_FILES_BY_NAME, AssetCache
from .signing import EXPIRES_PARAM, SIGNATURE_PARAM, SignatureError, check
from .state import NotFoundError, SandboxState


def create_storage_app(state: SandboxState, cache: AssetCache) -> Starlette:
    """The storage host's ASGI app."""

    def serve(request: Request) -> Response:
        path = request.url.path
        now = state.clock.now()
        try:
            check(
                path, request.query_params.get(EXPIRES_PARAM), request.query_params.get(SIGNATURE_PARAM), now
            )
        except SignatureError as problem:
            return _s3_error(403, problem.code, problem.message, path)
        workspace_name = request.path_params["workspace"]
        asset = ASSET_FILES_BY_NAME.get(request.path_params["file_name"])
        with state.lock:
            workspace = state.workspaces.get(workspace_name)
            try:
                delivery = catalog.find(workspace, request.path_params["item_id"], now) if workspace else None
            except NotFoundError:
                delivery = None
        if delivery is None or asset is None:
            return _s3_error(404, "NoSuchKey", "The specified key does not exist.", path)
        file_path = cache.path(delivery.scene, delivery.metadata(), asset.file_name)
        return FileResponse(
            file_path,
            media_type=asset.content_type,
            filename=delivery.download_name(asset),
            headers={"Cache-Control": "private, max-age=3600"},
        )

    return Starlette(routes=[Route("/{workspace}/{item_id}/{file_name}", serve, methods=["GET", "HEAD"])])


def _s3_error(status: int, code: str, message: str, resource: str) -> Response:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{escape(code)}</Code><Message>{escape(message)}</Message>"
        f"<Resource>{escape(resource)}</Resource></Error>"
    )
    return Response(body, status_code=status, media_type="application/xml")
