"""The JSON API. Thin: every endpoint calls the apps' services and queries."""

from __future__ import annotations

from ninja import NinjaAPI, Schema

from alongside.people.api import router as people_router

api = NinjaAPI(
    title="Alongside API",
    version="1",
    description="Read and update Alongside records. Organisation endpoints need an API token.",
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)


class Health(Schema):
    status: str


api.add_router("/people/", people_router)


@api.get("/health", response=Health, tags=["service"], auth=None)
def health(request):
    return {"status": "ok"}


from alongside.opportunities.api import router as opportunities_router  # noqa: E402

api.add_router("/", opportunities_router)

# Ideas of engagement processes
from alongside.engagement.api import router as ideas_router  # noqa: E402

api.add_router("/", ideas_router)
