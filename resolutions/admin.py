"""The admin: published data is read-only here (it changes only through an
upload, its review and its publication), drafts and uploaded files are
listed, and the upload pages hang off DraftAdmin's URLs."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from resolutions import admin_views
from resolutions.importing import withdrawable
from resolutions.models import Draft, Edition, Resolution, SourceFile, Withdrawal


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the upload and the importer alone: viewable, never
    added or changed by hand, and not deleted either unless a subclass says
    so (the public URLs and clause identities rest on them)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyAdmin):
    list_display = ["number", "body", "title"]
    list_filter = ["body"]
    search_fields = ["title", "=number"]


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "year", "city", "imported_at", "imported_by", "public_page"]
    list_filter = ["resolution__body", "year"]
    list_select_related = ["resolution"]
    search_fields = ["city", "title", "=resolution__number"]
    fields = [
        "resolution",
        "city",
        "year",
        "designation",
        "title",
        "source_name",
        "source_sha256",
        "source_file_records",
        "imported_at",
        "imported_by",
        "provenance",
        "public_page",
    ]
    readonly_fields = fields

    def get_urls(self):
        return [
            path(
                "<int:edition_id>/withdraw/",
                self.admin_site.admin_view(admin_views.route_withdrawal),
                name="resolutions_edition_withdraw",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        edition = self.get_object(request, object_id)
        can_withdraw = (
            edition is not None
            and request.user.has_perm(admin_views.PERMISSION)
            and not withdrawable(edition)
        )
        extra_context = {**(extra_context or {}), "can_withdraw": can_withdraw}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="On the site")
    def public_page(self, edition: Edition) -> str:
        return format_html('<a href="{}">{}</a>', edition.get_absolute_url(), edition.get_absolute_url())

    @admin.display(description="Uploaded files")
    def source_file_records(self, edition: Edition) -> str:
        files = edition.source_files.all()
        if not files:
            return "—"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:resolutions_sourcefile_change", args=[f.pk]), f) for f in files),
        )


@admin.register(SourceFile)
class SourceFileAdmin(ReadOnlyAdmin):
    list_display = [
        "original_name",
        "format",
        "size",
        "short_sha256",
        "uploaded_by",
        "uploaded_at",
        "published_at",
    ]
    list_filter = ["format", "published_at"]
    search_fields = ["original_name", "sha256", "uploaded_by"]
    # The file itself is never linked: no URL serves uploads.
    fields = [
        "original_name",
        "stored_as",
        "format",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "published_at",
        "produced",
        "editions",
    ]
    readonly_fields = fields

    @admin.display(description="sha256")
    def short_sha256(self, source: SourceFile) -> str:
        return f"{source.sha256[:12]}…"

    @admin.display(description="Stored privately as")
    def stored_as(self, source: SourceFile) -> str:
        return source.file.name

    def has_delete_permission(self, request, obj=None) -> bool:
        # A published file is the record of its editions; an unpublished
        # one may go (with its draft), one at a time.
        return (
            obj is not None
            and obj.published_at is None
            and admin.ModelAdmin.has_delete_permission(self, request, obj)
        )

    def delete_model(self, request, obj: SourceFile) -> None:
        obj.discard()


@admin.register(Withdrawal)
class WithdrawalAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "withdrawn_by", "withdrawn_at", "imported_by", "imported_at"]
    list_select_related = ["resolution"]
    fields = [
        "resolution",
        "year",
        "city",
        "citation_designation",
        "title",
        "clause_count",
        "source_name",
        "source_sha256",
        "source_file",
        "imported_at",
        "imported_by",
        "withdrawn_at",
        "withdrawn_by",
        "reason",
    ]
    readonly_fields = fields


@admin.register(Draft)
class DraftAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "file_name", "created_by", "created_at", "expires_at", "review_link"]
    fields = ["source", "marks", "body", "number", "city", "year", "base_city", "base_year", "forced"]
    readonly_fields = fields

    @admin.display(description="File")
    def file_name(self, draft: Draft) -> str:
        return draft.source.original_name

    @admin.display(description="Review")
    def review_link(self, draft: Draft) -> str:
        if draft.expired:
            return "expired"
        return format_html('<a href="{}">Review and publish</a>', draft.get_absolute_url())

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting a draft is discarding it, file and all.
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def delete_model(self, request, obj: Draft) -> None:
        obj.discard()

    def delete_queryset(self, request, queryset) -> None:
        for draft in queryset.select_related("source"):
            draft.discard()

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        return [
            path("upload/", wrap(admin_views.upload_draft), name="resolutions_draft_upload"),
            path("<uuid:draft_id>/review/", wrap(admin_views.route_review), name="resolutions_draft_review"),
            path(
                "<uuid:draft_id>/details/", wrap(admin_views.save_details), name="resolutions_draft_details"
            ),
            path("<uuid:draft_id>/match/", wrap(admin_views.rematch_clause), name="resolutions_draft_match"),
            path(
                "<uuid:draft_id>/publish/", wrap(admin_views.route_publish), name="resolutions_draft_publish"
            ),
            path(
                "<uuid:draft_id>/discard/", wrap(admin_views.route_discard), name="resolutions_draft_discard"
            ),
            *super().get_urls(),
        ]
