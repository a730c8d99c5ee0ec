from django.core.management.base import BaseCommand

from resolutions.drafts import purge_expired


class Command(BaseCommand):
    help = (
        "Discard expired drafts (uploads left under review longer than "
        "RESOLUTIONS_DRAFT_LIFETIME_HOURS) and their stored files. Run it daily, from cron."
    )

    def handle(self, *args, **options):
        count = purge_expired()
        self.stdout.write(f"Discarded {count} expired draft{'s' if count != 1 else ''}.")
