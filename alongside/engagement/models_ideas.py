"""Ideas, prioritisation rounds and actions (engagement part 2), imported by ``models.py``.

An idea belongs to a process and a topic, and maybe to the event where it was raised. Every change
to an idea is an append-only ``IdeaRevision`` (who, when, at which event, what changed), so the set
can be refined from event to event and merged or split without losing anything. Support is one row
per person and idea, unique in the database; ``Idea.support_count`` is kept by the services (an F()
update in the same transaction) so the idea board sorts by support through an index.

A round asks people to prioritise a chosen set of ideas with one method; one ballot per person per
round is a database constraint. The top ideas become actions, grouped by improvement area.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.engagement.models import Channel, Event, Group, Process, Topic
from alongside.people.models import Contributor

# --- Ideas, prioritisation and actions ---


class Idea(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        MERGED = "merged", _("Merged into another idea")
        SPLIT = "split", _("Split into several ideas")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="ideas")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="ideas")
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas", verbose_name=_("event")
    )
    title = models.CharField(_("idea, in a sentence"), max_length=200)
    description = models.TextField(_("more about the idea"), blank=True)
    # Whose idea it is: a participant, or nobody named (a breakout group's idea).
    author = models.ForeignKey(
        Contributor, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    # Set when staff or a facilitator typed it in on someone's or a group's behalf.
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    captured_from = models.CharField(_("breakout group"), max_length=120, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_ideas"
    )
    split_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="split_parts"
    )
    # Kept by the services in the same transaction as the rows they count.
    support_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The idea board's two sorts, each served by one index scan in page order.
            models.Index(
                "topic",
                "state",
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="idea_board_newest",
            ),
            models.Index(
                "topic",
                "state",
                models.F("support_count").desc(),
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="idea_board_supported",
            ),
            models.Index(
                "process",
                "state",
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="idea_process_newest",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class IdeaRevision(models.Model):
    """One change to an idea, never edited or removed: the idea's full history."""

    class Kind(models.TextChoices):
        ADDED = "added", _("Added")
        EDITED = "edited", _("Edited")
        MERGED_IN = "merged_in", _("Other ideas merged into it")
        MERGED_INTO = "merged_into", _("Merged into another idea")
        SPLIT_INTO = "split_into", _("Split into several ideas")
        SPLIT_FROM = "split_from", _("Made by splitting another idea")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # {"field": [before, after]} for edits; the other ideas' ids for merges and splits.
    changes = models.JSONField(default=dict, blank=True)
    related = models.ManyToManyField(Idea, blank=True, related_name="+")

    class Meta:
        ordering = ["idea", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class IdeaComment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"))
    from_team = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["idea", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class IdeaSupport(models.Model):
    """A person's "I support this": one per person and idea, enforced by the database."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="idea_supports")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "person"], name="one_support_per_person")]
        indexes = [models.Index(fields=["person", "idea"], name="support_person_idea")]

    def __str__(self) -> str:
        return f"Support for {self.idea_id}"


class Round(models.Model):
    """A prioritisation round: people choose, rank or put dots on a chosen set of ideas."""

    class Method(models.TextChoices):
        TOP_N = "top_n", _("Choose the top few")
        RANKING = "ranking", _("Put in order (ranking)")
        DOTS = "dots", _("Dot voting")
        JLA = "jla", _("Group-balanced ranking (James Lind Alliance)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being set up")
        OPEN = "open", _("Open for votes")
        CLOSED = "closed", _("Closed")

    RANKED = {Method.RANKING, Method.JLA}

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("what people are asked to do"), blank=True)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    # Top N: how many to choose. Ranking and JLA: how many to put in order (blank: all of them).
    choose = models.PositiveSmallIntegerField(
        _("how many each person chooses or ranks"),
        null=True,
        blank=True,
        help_text=_("For choosing the top few and for ranking. Leave blank to rank every idea."),
    )
    dots = models.PositiveSmallIntegerField(_("dots each person has"), null=True, blank=True)
    most_dots_per_idea = models.PositiveSmallIntegerField(
        _("most dots on one idea"),
        null=True,
        blank=True,
        help_text=_("Leave blank to allow all on one idea."),
    )
    ideas = models.ManyToManyField(Idea, related_name="rounds")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Ballot(models.Model):
    """One person's votes in a round, however they were given."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(Contributor, on_delete=models.PROTECT, related_name="ballots")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    group = models.CharField(
        _("taking part as"), max_length=12, choices=Group.choices, default=Group.NOT_KNOWN
    )
    # Staff who keyed in a paper or phone ballot.
    keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "cast_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "voter"], name="one_ballot_per_person")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} ballot"


class Vote(models.Model):
    """One idea on a ballot: chosen (top N), its place (ranking) or its dots."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    idea = models.ForeignKey(Idea, on_delete=models.PROTECT, related_name="votes")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    dots = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "idea"], name="one_vote_per_idea"),
            models.UniqueConstraint(
                fields=["ballot", "rank"], condition=models.Q(rank__isnull=False), name="one_idea_per_place"
            ),
        ]

    def __str__(self) -> str:
        return f"Vote for {self.idea_id}"


class ImprovementArea(models.Model):
    """An area an improvement plan groups its actions by, per process."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="improvement_areas")
    name = models.CharField(_("improvement area"), max_length=150)
    description = models.TextField(_("what it covers"), blank=True)
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["process", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["process", "name"], name="one_area_name_per_process")]

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    """An action agreed from the top ideas of a round, ready for an improvement plan."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        AGREED = "agreed", _("Agreed")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="actions")
    area = models.ForeignKey(
        ImprovementArea, on_delete=models.PROTECT, related_name="actions", verbose_name=_("improvement area")
    )
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("what will be done"), blank=True)
    owner_name = models.CharField(_("owner"), max_length=150, blank=True, help_text=_("A team or a person."))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner with an account"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    # Where it came from: the round whose votes put these ideas at the top, and their place then.
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    ideas = models.ManyToManyField(Idea, blank=True, related_name="actions")
    place = models.PositiveSmallIntegerField(_("place in the round"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["process", "area__position", "position", "pk"]

    def __str__(self) -> str:
        return self.title
