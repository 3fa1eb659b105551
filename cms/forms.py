"""The CMS admin's image form: a change of collection moves the file to match its privacy."""

from wagtail.images.forms import BaseImageForm

from .images import place_image_files


class GuidanceImageForm(BaseImageForm):
    def save(self, commit=True):
        image = super().save(commit=commit)
        if commit:
            place_image_files(image=image)
        return image
