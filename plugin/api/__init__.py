"""The constellr API client: pure Python on requests, no Qt and no QGIS.

Start with ``ConstellrClient(base_url, ApiKeyAuth(key))``; see docs/api-client.md.
"""

from .auth import ApiKeyAuth, Auth, BearerTokenAuth
from .client import ConstellrClient
from .download import Expected, download, filename_from_content_disposition, safe_filename
from .errors import (
    AuthenticationError,
    CancelledError,
    ConflictError,
    ConstellrError,
    DownloadCancelled,
    DownloadError,
    FieldError,
    NetworkError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TimeoutError,
    ValidationError,
    public_url,
)
from .guard import cancellable
from .models import (
    DELETABLE_ORDER_STATES,
    MAX_ORDERS_PER_BATCH,
    Aoi,
    GeometryInfo,
    LegacyAsset,
    Order,
    OrderRequest,
    OrderTag,
    Page,
    Product,
    StacAsset,
    StacCatalog,
    StacCollection,
    StacItem,
    StacLink,
    StacSearch,
)
from .paging import LegacyAssetPager, OffsetPager, Pager, StacPager
from .retry import RetryPolicy

__all__ = [
    "DELETABLE_ORDER_STATES",
    "MAX_ORDERS_PER_BATCH",
    "Aoi",
    "ApiKeyAuth",
    "Auth",
    "AuthenticationError",
    "BearerTokenAuth",
    "CancelledError",
    "ConflictError",
    "ConstellrClient",
    "ConstellrError",
    "DownloadCancelled",
    "DownloadError",
    "Expected",
    "FieldError",
    "GeometryInfo",
    "LegacyAsset",
    "LegacyAssetPager",
    "NetworkError",
    "NotFoundError",
    "OffsetPager",
    "Order",
    "OrderRequest",
    "OrderTag",
    "Page",
    "Pager",
    "PermissionDeniedError",
    "Product",
    "RateLimitedError",
    "RetryPolicy",
    "ServerError",
    "StacAsset",
    "StacCatalog",
    "StacCollection",
    "StacItem",
    "StacLink",
    "StacPager",
    "StacSearch",
    "TimeoutError",
    "ValidationError",
    "cancellable",
    "download",
    "filename_from_content_disposition",
    "public_url",
    "safe_filename",
]
