"""The admin's pages for a new edition: upload, review (with re-matching),
publish and discard. Wired into the admin by DraftAdmin.get_urls, which
wraps each in `admin_site.admin_view` (staff login, CSRF, never cached);
`publisher_only` adds the permission.

A failed upload redisplays the form with the reader's message; nothing is
stored. Every POST that succeeds redirects (so a reload never repeats it),
except the htmx re-match, which answers with the updated matching.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django_htmx.http import HttpResponseClientRedirect

from resolutions.alignment import AlignmentError
from resolutions.document import ParseError
from resolutions.forms import DetailsForm, MatchForm, PublishForm, UploadForm
from resolutions.importing import ImportRefused
from resolutions.models import Draft
from resolutions.review import Review, create_draft, publish, review

PERMISSION = "resolutions.publish_edition"
REVIEW_TEMPLATE = "admin/resolutions/draft/review.html"


def publisher_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def check(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied("Uploading and publishing editions needs the publish_edition permission.")
        return view(request, *args, **kwargs)

    return check


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


@publisher_only
def upload(request: HttpRequest) -> HttpResponse:
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


@publisher_only
def review_draft(request: HttpRequest, draft_id) -> HttpResponse:
    draft = get_draft(request, draft_id)
    if draft is None:
        return go(request, reverse("admin:resolutions_draft_upload"))
    match_error = ""
    if request.method == "POST" and request.POST.get("action") == "details":
        before = review(draft)
        details = DetailsForm(request.POST, instance=draft, base_is_new=base_is_new(before))
        if details.is_valid():
            draft = details.save(commit=False)
            after = review(draft, {})
            if (
                before.plan
                and after.plan
                and before.plan.review_key != after.plan.review_key
                and draft.forced
            ):
                draft.forced = {}
                messages.warning(
                    request, "The edition matched against changed, so your corrections were reset."
                )
            draft.touch()
            draft.save()
            messages.success(request, "The details were saved; the matching below uses them.")
            return redirect(draft)
        return render_review(request, review(draft), details=details)
    if request.method == "POST" and request.POST.get("action") == "match":
        current = review(draft)
        form = MatchForm(request.POST, new_count=current.new_count, old_count=len(current.old_clauses))
        if form.is_valid():
            forced = draft.forced_matches()
            new, old = form.cleaned_data["new"], form.cleaned_data["old"]
            if old == "":
                forced.pop(new, None)
            else:
                forced[new] = old
            try:
                updated = review(draft, forced)
            except AlignmentError as error:
                match_error = str(error)
            else:
                draft.forced = {str(key): value for key, value in forced.items()}
                draft.touch()
                draft.save(update_fields=["forced", "expires_at"])
                if request.htmx:
                    return render_review(request, updated, partial="matching", changed=new)
                return redirect(f"{draft.get_absolute_url()}#new-{new}")
        else:
            match_error = "; ".join(message for errors in form.errors.values() for message in errors)
    editing = request.GET.get("edit", "")
    result = review(draft)
    if request.htmx and editing.isdigit():
        return render_review(
            request, result, partial="row", row=row_of(result, int(editing)), editing=int(editing)
        )
    if request.htmx and match_error:
        return render_review(request, result, partial="matching", match_error=match_error)
    return render_review(
        request, result, editing=int(editing) if editing.isdigit() else None, match_error=match_error
    )


def base_is_new(result: Review) -> bool:
    """Whether the file's base text is to be published too (so its details
    are the admin's to correct); when the plan failed, it may be."""
    if result.draft.base_year is None:
        return False
    return result.plan is None or result.plan.base is not None


def go(request: HttpRequest, url: str) -> HttpResponse:
    """Redirect; an htmx request is sent to the whole page, not swapped in."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def row_of(result: Review, new: int):
    for row in result.rows:
        if row.new is not None and row.new.index == new:
            return row
    raise Http404(f"There is no new clause {new}.")


def render_review(
    request: HttpRequest, result: Review, *, partial: str = "", details: DetailsForm | None = None, **extra
) -> HttpResponse:
    draft = result.draft
    plan = result.plan
    template = f"{REVIEW_TEMPLATE}#{partial}" if partial else REVIEW_TEMPLATE
    return render(
        request,
        template,
        context(
            request,
            f"Review: {draft}",
            review=result,
            draft=draft,
            details=details or DetailsForm(instance=draft, base_is_new=base_is_new(result)),
            publish_form=PublishForm(initial={"reviewed": plan.review_key}) if plan else None,
            existing=plan.revised.existing if plan else None,
            **extra,
        ),
    )


@publisher_only
def publish_draft(request: HttpRequest, draft_id) -> HttpResponse:
    if request.method != "POST":
        return redirect("admin:resolutions_draft_review", draft_id)
    draft = get_draft(request, draft_id)
    if draft is None:
        return redirect("admin:resolutions_draft_upload")
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
def discard_draft(request: HttpRequest, draft_id) -> HttpResponse:
    if request.method != "POST":
        return redirect("admin:resolutions_draft_review", draft_id)
    draft = get_draft(request, draft_id)
    if draft is not None:
        draft.discard()
        messages.success(request, f"{draft} was discarded; nothing was published.")
    return redirect("admin:resolutions_draft_upload")
