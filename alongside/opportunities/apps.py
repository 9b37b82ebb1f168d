from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "alongside.opportunities"
    label = "opportunities"
    verbose_name = "Opportunities"

    def ready(self) -> None:
        from alongside.opportunities import invitations, signals
        from alongside.people import invite_targets

        signals.connect()
        invite_targets.register(invitations.targets)
