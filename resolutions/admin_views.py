"""The admin's pages for a new edition: upload, review, publish, discard;
and withdrawing a published one. Wired into the admin by DraftAdmin.get_urls
and EditionAdmin.get_urls, which wrap each in
`admin_site.admin_view` (staff login, CSRF, never cached); `publisher_only`
adds the permission.

One view per interaction, each reading the draft's file once and reviewing
it (aligning and redlining the whole file) at most once:

- `upload_draft`: the upload form; a file that reads becomes a draft.
- `review_page`: the review, in full.
- `edit_match`: one row's re-match editor (`?edit=N`): the row alone for
  htmx, else the whole page with that row open.
- `save_details`: the edition's details, corrected.
- `rematch_clause`: one match, corrected: the updated matching for htmx,
  else a redirect to the review.
- `confirm_publish`, `confirm_discard`: what publishing or discarding
  will do (GET), with the form that does it;
- `publish_draft`, `discard_draft`: the end of the draft (POST only; each
  shares its confirmation's address, `confirmed`).
- `confirm_withdrawal`, `withdraw`: a published edition (the newest of
  its resolution) taken off the site, confirmed the same way.

The review's URL serves the first three (`route_review`, routing by the
query) and takes the forms of pages rendered before the details and match
forms had URLs of their own. A failed upload redisplays the form with the
reader's message; nothing is stored. Every POST that succeeds redirects (so
a reload never repeats it), except the htmx re-match.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from resolutions.alignment import AlignmentError
from resolutions.document import ParseError
from resolutions.drafts import (
    ROW_FILTERS,
    DraftReview,
    create_draft,
    keep_details,
    open_draft,
    publish,
    review_draft,
)
from resolutions.forms import DetailsForm, MatchForm, PublishForm, UploadForm, WithdrawForm
from resolutions.importing import ImportRefused, withdraw_edition, withdrawable
from resolutions.models import Draft, Edition

PERMISSION = "resolutions.publish_edition"
REVIEW_TEMPLATE = "admin/resolutions/draft/review_page.html"

View = Callable[..., HttpResponse]


def publisher_only(view: View) -> View:
    @wraps(view)
    def check(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied("Uploading and publishing editions needs the publish_edition permission.")
        return view(request, *args, **kwargs)

    return check


def get_draft(request: HttpRequest, draft_id) -> Draft | None:
    """The draft, or None (with a message saying why) when it is gone: it
    expired (and is discarded here), or it was published or discarded,
    perhaps by another admin a moment ago."""
    draft = Draft.objects.select_related("source").filter(pk=draft_id).first()
    if draft is None:
        messages.warning(request, "This draft is gone: it was published or discarded meanwhile.")
        return None
    if draft.expired:
        draft.discard()
        messages.warning(
            request,
            f"{draft} expired on {draft.expires_at:%Y-%m-%d %H:%M} UTC and was discarded; "
            "upload the file again to review it.",
        )
        return None
    return draft


def with_draft(view: View) -> View:
    """A view of one draft, given the draft; when it is gone, the admin is
    sent to the upload page (an htmx request too, not swapped in)."""

    @wraps(view)
    def looked_up(request: HttpRequest, draft_id, *args) -> HttpResponse:
        draft = get_draft(request, draft_id)
        if draft is None:
            upload_url = reverse("admin:resolutions_draft_upload")
            return HttpResponseClientRedirect(upload_url) if request.htmx else redirect(upload_url)
        return view(request, draft, *args)

    return looked_up


def context(request: HttpRequest, title: str, **extra) -> dict:
    return {
        **admin.site.each_context(request),
        "title": title,
        "opts": Draft._meta,
        # The review's table needs the width of the page.
        "is_nav_sidebar_enabled": False,
        "upload_url": reverse("admin:resolutions_draft_upload"),
        **extra,
    }


@publisher_only
@require_http_methods(["GET", "HEAD", "POST"])
def upload_draft(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            draft = create_draft(
                upload_file.read(),
                filename=upload_file.name,
                user=request.user.get_username(),
                marks=form.cleaned_data["marks"],
                body=form.cleaned_data["body"],
            )
        except (ParseError, ImportRefused) as error:
            form.add_error("file", error.message if isinstance(error, ParseError) else str(error))
        else:
            messages.info(
                request, f"{upload_file.name} was read: review it below, then publish or discard it."
            )
            return redirect(draft)
    return render(
        request,
        "admin/resolutions/draft/upload.html",
        context(request, "Upload a new edition", form=form, media=form.media),
    )


def shown_filter(request: HttpRequest) -> str:
    """Which rows the review shows (`show`: its links' query, or the
    re-match form's field), all of them unless told."""
    show = (request.POST if request.method == "POST" else request.GET).get("show", "")
    return show if show in ROW_FILTERS else "all"


def review_url(draft: Draft, show: str, anchor: str = "") -> str:
    query = f"?show={show}" if show != "all" else ""
    return f"{draft.get_absolute_url()}{query}{anchor}"


def render_review_page(
    request: HttpRequest,
    review: DraftReview,
    *,
    partial: str = "",
    details: DetailsForm | None = None,
    **extra,
) -> HttpResponse:
    """The review page, or one of its partials ("row", "matching")."""
    draft, plan = review.draft, review.plan
    template = f"{REVIEW_TEMPLATE}#{partial}" if partial else REVIEW_TEMPLATE
    if extra.get("editing") is not None:
        extra["choices"] = review.old_choices(extra["editing"])
    show = shown_filter(request)
    filters = review.filters(show)
    return render(
        request,
        template,
        context(
            request,
            f"Review: {draft}",
            review=review,
            draft=draft,
            show=show,
            filters=filters,
            rows=next(row_filter.rows for row_filter in filters if row_filter.current),
            review_url=draft.get_absolute_url(),
            filtered_url=review_url(draft, show),
            details=details or DetailsForm(instance=draft, base_is_new=review.file.base_is_new),
            publish_form=PublishForm(initial={"reviewed": plan.review_key}) if plan else None,
            existing=plan.revised.existing if plan else None,
            warnings=review.warnings,
            **extra,
        ),
    )


@publisher_only
@require_safe
@with_draft
def review_page(request: HttpRequest, draft: Draft) -> HttpResponse:
    return render_review_page(request, review_draft(draft))


@publisher_only
@require_safe
@vary_on_headers("HX-Request")
@with_draft
def edit_match(request: HttpRequest, draft: Draft, new: int) -> HttpResponse:
    review = review_draft(draft)
    if not request.htmx:
        return render_review_page(request, review, editing=new)
    row = review.row_of(new)
    if row is None:
        raise Http404(f"There is no new clause {new}.")
    return render_review_page(request, review, partial="row", row=row, editing=new)


@publisher_only
@require_POST
@with_draft
def save_details(request: HttpRequest, draft: Draft) -> HttpResponse:
    opened = open_draft(draft)
    details = DetailsForm(request.POST, instance=draft, base_is_new=opened.base_is_new)
    if not details.is_valid():
        return render_review_page(request, opened.review(), details=details)
    if keep_details(opened):
        messages.warning(request, "The edition matched against changed, so your corrections were reset.")
    messages.success(request, "The details were saved; the matching below uses them.")
    return redirect(draft)


@publisher_only
@require_POST
@vary_on_headers("HX-Request")
@with_draft
def rematch_clause(request: HttpRequest, draft: Draft) -> HttpResponse:
    opened = open_draft(draft)
    form = MatchForm(request.POST, new_count=opened.new_count, old_count=opened.old_count)
    if not form.is_valid():
        error = "; ".join(message for errors in form.errors.values() for message in errors)
        return render_match_error(request, opened.review(), error)
    new = form.cleaned_data["new"]
    forced = draft.forced_with(new, form.cleaned_data["old"])
    try:
        # The forced matches are checked before anything is aligned, so a
        # refused one costs no second review.
        updated = opened.review(forced)
    except AlignmentError as error:
        return render_match_error(request, opened.review(), str(error))
    draft.keep_matches(forced)
    if request.htmx:
        return render_review_page(request, updated, partial="matching", changed=new)
    return redirect(review_url(draft, shown_filter(request), f"#new-{new}"))


def render_match_error(request: HttpRequest, review: DraftReview, error: str) -> HttpResponse:
    partial = "matching" if request.htmx else ""
    return render_review_page(request, review, partial=partial, match_error=error)


# The forms of the review page, by the `action` they post to the review's URL.
REVIEW_FORMS: dict[str, View] = {"details": save_details, "match": rematch_clause}


@publisher_only
@require_http_methods(["GET", "HEAD", "POST"])
def route_review(request: HttpRequest, draft_id) -> HttpResponse:
    """The review's URL: the page, one row's editor (`?edit=N`), and the
    forms of pages rendered when they posted here."""
    if request.method == "POST":
        view = REVIEW_FORMS.get(request.POST.get("action", ""))
        return view(request, draft_id) if view else HttpResponseBadRequest("Unknown action.")
    editing = request.GET.get("edit", "")
    if editing.isdigit():
        return edit_match(request, draft_id, int(editing))
    return review_page(request, draft_id)


@publisher_only
@require_safe
@with_draft
def confirm_publish(request: HttpRequest, draft: Draft) -> HttpResponse:
    """What publishing will do, and the form that does it: the review's
    Publish button lands here (a GET form carrying what was reviewed)."""
    review = review_draft(draft)
    plan = review.plan
    # What the admin reviewed; the page warns when it no longer holds.
    reviewed = request.GET.get("reviewed") or (plan.review_key if plan else "")
    stale = plan is not None and reviewed != plan.review_key
    initial = {
        "reviewed": reviewed,
        "replace": request.GET.get("replace") == "on",
        "acknowledged": request.GET.get("acknowledged") == "on",
    }
    return render(
        request,
        "admin/resolutions/draft/confirm_publish.html",
        context(
            request,
            f"Publish: {draft}",
            review=review,
            draft=draft,
            plan=plan,
            stale=stale,
            choice=initial,
            existing=plan.revised.existing if plan else None,
            review_url=draft.get_absolute_url(),
        ),
    )


@publisher_only
@require_POST
@with_draft
def publish_draft(request: HttpRequest, draft: Draft) -> HttpResponse:
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The publish form was incomplete; review the draft again.")
        return redirect(draft)
    try:
        results = publish(
            draft,
            user=request.user.get_username(),
            replace=form.cleaned_data["replace"],
            reviewed=form.cleaned_data["reviewed"],
            accept_warnings=form.cleaned_data["acknowledged"],
        )
    except (ImportRefused, AlignmentError, ParseError) as error:
        messages.error(request, f"Nothing was published: {getattr(error, 'message', error)}")
        return redirect(draft)
    for result in results:
        if result.changed:
            link = format_html('<a href="{}">See it on the site</a>.', result.edition.get_absolute_url())
            messages.success(request, format_html("{} {}", result.message, link))
        else:
            messages.info(request, result.message)
    edition = results[-1].edition
    if request.user.has_perm("resolutions.view_edition"):
        return redirect("admin:resolutions_edition_change", edition.pk)
    return redirect(edition)


@publisher_only
@require_safe
@with_draft
def confirm_discard(request: HttpRequest, draft: Draft) -> HttpResponse:
    """What discarding will throw away, and the form that does it."""
    opened = open_draft(draft)
    return render(
        request,
        "admin/resolutions/draft/confirm_discard.html",
        context(
            request, f"Discard: {draft}", draft=draft, opened=opened, review_url=draft.get_absolute_url()
        ),
    )


@publisher_only
@require_POST
@with_draft
def discard_draft(request: HttpRequest, draft: Draft) -> HttpResponse:
    draft.discard()
    messages.success(request, f"{draft} was discarded; nothing was published.")
    return redirect("admin:resolutions_draft_upload")


def confirmed(confirm: View, action: View) -> View:
    """One address for an action that changes something: GET (and HEAD)
    shows what it will do, POST does it."""

    @require_http_methods(["GET", "HEAD", "POST"])
    def route(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return (action if request.method == "POST" else confirm)(request, *args, **kwargs)

    return route


# ---------------------------------------------------------------- withdrawing


def get_edition(edition_id: int) -> Edition:
    edition = Edition.objects.select_related("resolution").filter(pk=edition_id).first()
    if edition is None:
        raise Http404("This edition is not published (it may have been withdrawn or replaced).")
    return edition


def render_withdrawal(request: HttpRequest, edition: Edition, form: WithdrawForm) -> HttpResponse:
    editions = list(edition.resolution.editions.chronological())
    previous = editions[-2] if len(editions) > 1 else None
    return render(
        request,
        "admin/resolutions/edition/confirm_withdrawal.html",
        context(
            request,
            f"Withdraw {edition}",
            opts=Edition._meta,
            edition=edition,
            previous=previous,
            clause_count=edition.clause_versions.count(),
            refusal=withdrawable(edition),
            sources=list(edition.source_files.all()),
            form=form,
        ),
    )


@publisher_only
@require_safe
def confirm_withdrawal(request: HttpRequest, edition_id: int) -> HttpResponse:
    """What withdrawing the edition will do, and the form that does it."""
    return render_withdrawal(request, get_edition(edition_id), WithdrawForm())


@publisher_only
@require_POST
def withdraw(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = get_edition(edition_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return render_withdrawal(request, edition, form)
    try:
        withdrawal = withdraw_edition(
            edition, withdrawn_by=request.user.get_username(), reason=form.cleaned_data["reason"]
        )
    except ImportRefused as error:
        messages.error(request, f"Nothing was withdrawn: {error}")
        return redirect("admin:resolutions_edition_change", edition.pk)
    messages.success(
        request,
        f"{withdrawal.edition_name} was withdrawn: its addresses now answer 410 Gone, "
        "and the newest edition is the one before it.",
    )
    return redirect("admin:resolutions_edition_changelist")


route_publish = confirmed(confirm_publish, publish_draft)
route_discard = confirmed(confirm_discard, discard_draft)
route_withdrawal = confirmed(confirm_withdrawal, withdraw)
