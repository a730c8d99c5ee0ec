"""The admin's forms for uploading, reviewing and publishing an edition."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator

from resolutions.models import Body, Draft
from resolutions.parsing import RevisionMarks, size_text
from resolutions.parsing.conventions import MARKED_SUFFIXES


class UploadForm(forms.Form):
    # For the page's script, which asks about marks only for these files.
    marked_suffixes = " ".join(MARKED_SUFFIXES)

    # An empty file reaches the reader, whose message names the file.
    file = forms.FileField(
        allow_empty_file=True,
        label="File of the new edition",
        help_text="Word (.docx), a web page (.htm, .html) or plain text (.txt), as published by ITU.",
    )
    marks = forms.TypedChoiceField(
        label="How are the changes marked?",
        choices=RevisionMarks.choices(),
        coerce=RevisionMarks,
        initial=RevisionMarks.TRACKED.value,
        widget=forms.RadioSelect,
        help_text="Only for Word and HTML files (a plain-text file is read as it stands, and this "
        "answer is ignored). It matters for a revision-marked file, which holds two editions: the base "
        "text (every change rejected) and the revised one (every change accepted).",
    )
    body = forms.ChoiceField(
        label="Conference",
        choices=[("", "As the preamble says")] + list(Body.choices),
        required=False,
    )

    def clean_file(self):
        return refuse_oversized(self.cleaned_data["file"])


def refuse_oversized(upload):
    """Refuse an oversized upload before it is read into memory; the reader
    checks the size again, with the same limit."""
    limit = settings.RESOLUTIONS_UPLOAD_MAX_BYTES
    if upload is not None and upload.size > limit:
        raise forms.ValidationError(
            f"{upload.name}: the file is {size_text(upload.size)} ({upload.size:,} bytes), "
            f"more than the {size_text(limit)} allowed."
        )
    return upload


class DetailsForm(forms.ModelForm):
    """The edition's details as detected, for the admin to correct."""

    class Meta:
        model = Draft
        fields = ["body", "number", "city", "year", "base_city", "base_year", "provenance"]
        labels = {
            "body": "Conference",
            "number": "Resolution number",
            "base_city": "City of the base text",
            "base_year": "Year of the base text",
        }
        help_texts = {"provenance": "Where the text comes from; recorded with the edition."}
        widgets = {"provenance": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, base_is_new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("year", "base_year"):
            self.fields[name].validators += [MinValueValidator(1865), MaxValueValidator(2200)]
        if not base_is_new:
            # No base text, or one already published: nothing to describe.
            del self.fields["base_city"]
            del self.fields["base_year"]
        else:
            self.fields["base_city"].required = True
            self.fields["base_year"].required = True


class MatchForm(forms.Form):
    """One correction to the matching: new clause `new` is old clause `old`,
    a new clause ("new"), or whatever the alignment decides ("")."""

    new = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    old = forms.CharField(required=False)

    def __init__(self, *args, new_count: int, old_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_count, self.old_count = new_count, old_count

    def clean_new(self) -> int:
        new = self.cleaned_data["new"]
        if new >= self.new_count:
            raise forms.ValidationError(f"There is no new clause {new}.")
        return new

    def clean_old(self) -> int | str | None:
        """An old clause index, None for "a new clause", "" for automatic."""
        old = self.cleaned_data["old"]
        if old in ("", "auto"):
            return ""
        if old == "new":
            return None
        if not old.isdigit() or int(old) >= self.old_count:
            raise forms.ValidationError(f"There is no old clause {old}.")
        return int(old)


class PublishForm(forms.Form):
    """Publish, as the review and its confirmation page post it: what was
    reviewed (FilePlan.review_key), whether to replace the published edition
    of that year, and that the consistency warnings were seen."""

    reviewed = forms.CharField(widget=forms.HiddenInput)
    replace = forms.BooleanField(required=False)
    acknowledged = forms.BooleanField(required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why it is withdrawn",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to readers on the withdrawn edition's pages, and kept in its file's history.",
    )


class LinkForm(forms.Form):
    """/link/: a meeting document's text, pasted, or its .docx."""

    text = forms.CharField(
        required=False,
        strip=False,
        label="Paste the text",
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
    )
    file = forms.FileField(
        required=False,
        allow_empty_file=True,
        label="or upload a Word document (.docx)",
    )
    conference = forms.ChoiceField(
        required=False,
        label="Citations that name no conference are of",
        choices=[("", "any conference")] + list(Body.choices),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "file"
        ].help_text = f"Up to {size_text(settings.RESOLUTIONS_UPLOAD_MAX_BYTES)}; nothing is kept."
        self.fields[
            "text"
        ].help_text = f"Up to {settings.RESOLUTIONS_LINK_TEXT_MAX_CHARS:,} characters; nothing is kept."

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        limit = settings.RESOLUTIONS_LINK_TEXT_MAX_CHARS
        if len(text) > limit:
            raise forms.ValidationError(
                f"The text is {len(text):,} characters long, more than the {limit:,} allowed: "
                "paste a part of it, or upload the .docx."
            )
        return text

    def clean_file(self):
        return refuse_oversized(self.cleaned_data["file"])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("text", "").strip() and data.get("file"):
            raise forms.ValidationError("Paste a text or choose a file, not both.")
        if not data.get("text", "").strip() and not data.get("file"):
            raise forms.ValidationError("Paste the text of a document, or choose a .docx file.")
        return data
