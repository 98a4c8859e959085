"""The NinjaAPI object: public JSON API v1 (../shared/design/api.md)."""

from __future__ import annotations

from ninja import NinjaAPI

from relais.api import errors
from relais.api.dossier import router as dossier
from relais.api.evidence import router as evidence
from relais.api.parser import StrictJsonParser
from relais.api.reporter import router as reporter
from relais.api.timeline import router as timeline
from relais.proofs.api import router as proofs

api = NinjaAPI(
    title="Relais",
    version="1",
    description=(
        "Public JSON API of Relais. Errors are "
        '`{"detail": "...", "errors": {"field": ["...", ...]}}` in the language of '
        "`Accept-Language` (fr, nl or en; French by default)."
    ),
    urls_namespace="api",
    # The docs page would load Swagger UI from a CDN; no page may load from another host.
    docs_url=None,
    parser=StrictJsonParser(),
)
errors.install(api)
api.add_router("/", reporter)
api.add_router("/", evidence)
api.add_router("/", timeline)
api.add_router("/", dossier)
api.add_router("/proofs", proofs)
