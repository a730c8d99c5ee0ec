"""Sign-in throttling around django-axes, which counts the failures and
decides: whose address a request comes from, and what an admin sees when
locked out (why, for how long, how an administrator unlocks it).

The address is worked out here rather than by django-ipware: ipware's
proxy count expects the proxies' own addresses in X-Forwarded-For and finds
no client behind a single proxy, the commonest set-up, whereas here
DJANGO_PROXY_COUNT=1 means "the last address in the header is the client's",
as a proxy that appends the address it saw writes it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.PROXY_COUNT
    if not count:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    # Fewer hops than proxies: the request did not come through them all.
    return hops[-count] if len(hops) >= count else remote


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {
        "username": username,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "site_title": "ITU resolutions admin",
    }
    return render(
        request, "admin/locked_out.html", context, status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429)
    )
