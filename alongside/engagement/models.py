"""Engagement processes and their surveys.

A process (scoping, survey, events, prioritisation, action planning) is a list of ordered phases
with a public page. A survey belongs to an organisation and, usually, to a process; part 2 attaches
a survey to an event's registration through ``Survey`` alone (nothing here knows about events).

Anonymous means unlinkable. A response to an anonymous survey never holds a person, the staff
member who keyed it, or a time finer than the month it was sent in; response and answer rows have
random ids, so not even their order tells when they were made.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organisation
from alongside.people.models import Contributor, in_language


class Process(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="processes")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    summary = models.TextField(_("what this process is for"))
    take_part_online = models.TextField(_("how to take part online"), blank=True)
    take_part_phone = models.TextField(_("how to take part by phone"), blank=True)
    take_part_post = models.TextField(_("how to take part by post"), blank=True)
    published = models.BooleanField(_("show the public page"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "processes"

    def __str__(self) -> str:
        return self.title


class Phase(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("Coming up")
        CURRENT = "current", _("Happening now")
        DONE = "done", _("Finished")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("name of the phase"), max_length=120)
    description = models.TextField(_("what happens in this phase"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    decisions = models.TextField(_("what was decided"), blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PLANNED)

    class Meta:
        ordering = ["process", "position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "position"], name="one_phase_per_position"),
            models.UniqueConstraint(
                fields=["process"], condition=models.Q(state="current"), name="one_current_phase"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being written")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="surveys")
    process = models.ForeignKey(
        Process, null=True, blank=True, on_delete=models.SET_NULL, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    introduction = models.TextField(_("introduction"), help_text=_("Shown before the first question."))
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Answers cannot be linked to anyone, not even by staff. People need not sign in."),
    )
    ask_to_quote = models.BooleanField(
        _("ask permission to quote"),
        default=True,
        help_text=_("Each person is asked whether their words may be quoted, without their name."),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The public results page, with small numbers hidden (results.py).
    results_published = models.BooleanField(default=False)
    closes_on = models.DateField(_("closing date"), null=True, blank=True)
    freepost_address = models.TextField(
        _("freepost address"),
        help_text=_("Printed on the paper survey, so people can post it back for free."),
    )
    phone_number = models.CharField(_("phone number for answering by phone"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        if self.status != self.Status.OPEN:
            return False
        return self.closes_on is None or timezone.localdate() <= self.closes_on


class SurveyInvitation(models.Model):
    """An invitation or reminder sent through outreach (the message holds who got it, and how)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    message = models.ForeignKey(
        "outreach.Message", on_delete=models.PROTECT, related_name="survey_invitations"
    )
    reminder = models.BooleanField(default=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    queued = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{'Reminder' if self.reminder else 'Invitation'}: {self.survey}"


class Question(models.Model):
    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE = "single", _("Choose one")
        MULTIPLE = "multiple", _("Choose any")
        CHOOSE_UP_TO = "choose_up_to", _("Choose up to a number")
        RANK = "rank", _("Put in order")
        SCALE = "scale", _("Agree or disagree")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        EQUALITY = "equality", _("Equality monitoring questions")

    CHOICE_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.CHOOSE_UP_TO, Kind.RANK, Kind.SCALE}
    TEXT_KINDS = {Kind.SHORT_TEXT, Kind.LONG_TEXT}

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("type of question"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=400)
    hint = models.TextField(_("hint"), blank=True, help_text=_("Extra help shown under the question."))
    required = models.BooleanField(_("an answer is needed"), default=True)
    max_choices = models.PositiveSmallIntegerField(
        _("most choices, or how many to rank"),
        null=True,
        blank=True,
        help_text=_("For “choose up to” and “put in order” questions: for example 3."),
    )
    minimum = models.DecimalField(
        _("smallest number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    maximum = models.DecimalField(_("largest number"), max_digits=12, decimal_places=2, null=True, blank=True)
    # Shown only to people whose answer to an earlier question includes this option.
    shown_if = models.ForeignKey(
        "Option",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("only ask when an earlier answer was"),
    )

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="one_question_per_position")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in self.CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in self.TEXT_KINDS


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=300)

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="one_option_per_position")
        ]

    def __str__(self) -> str:
        return self.label


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")
    PHONE = "phone", _("Phone")
    IMPORT = "import", _("Gathered elsewhere and imported")


class Group(models.TextChoices):
    """Who answered, in the broad groups results are compared by."""

    PUBLIC = "public", _("Public contributors and carers")
    RESEARCHER = "researcher", _("Researchers")
    STAFF = "staff", _("Involvement and other staff")
    NOT_KNOWN = "not_known", _("Not known")


class SurveyImport(models.Model):
    """A file of answers gathered elsewhere: checked whole, then written only when staff confirm."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked, waiting to be confirmed")
        IMPORTED = "imported", _("Imported")
        CANCELLED = "cancelled", _("Cancelled")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list, help_text="Checked answers, kept until the import is confirmed.")
    errors = models.JSONField(default=list)
    total_rows = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename


class Response(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Started")
        SUBMITTED = "submitted", _("Sent")

    # Random, so the order of rows says nothing about when anyone answered.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Never set for an anonymous survey.
    respondent = models.ForeignKey(
        Contributor, null=True, blank=True, on_delete=models.CASCADE, related_name="survey_responses"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    group = models.CharField(max_length=12, choices=Group.choices, default=Group.NOT_KNOWN)
    state = models.CharField(max_length=12, choices=State.choices, default=State.IN_PROGRESS)
    # Answers so far, by question id, while the person is still answering; emptied when sent.
    draft = models.JSONField(default=dict, blank=True)
    # The private link to come back later: its hash, removed once the answers are sent.
    resume_hash = models.CharField(max_length=64, blank=True, db_index=True)
    may_quote = models.BooleanField(default=False)
    # A day for named surveys; the first of the month for anonymous ones.
    submitted_on = models.DateField(null=True, blank=True)
    # Named surveys only: who keyed in a paper or phone answer.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.ForeignKey(
        SurveyImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent"],
                condition=models.Q(respondent__isnull=False),
                name="one_response_per_person",
            )
        ]
        indexes = [models.Index(fields=["survey", "state"], name="response_survey_state")]

    def __str__(self) -> str:
        # Never a name: an anonymous response has none, and a named one is shown on its own page.
        return f"{self.get_channel_display()} response"


class Answer(models.Model):
    """One answer, or one chosen option: a multiple-choice answer is a row per option chosen,
    a ranking a row per option with its place."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        Option, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    # Staff chose these words as a quote; only possible when the person agreed to be quoted.
    is_quote = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["question", "option"], name="answer_question_option")]

    def __str__(self) -> str:
        return self.text[:60] or str(self.option or self.number or self.date or "")


class Theme(models.Model):
    """A theme staff code free-text answers with."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("theme"), max_length=120)
    description = models.TextField(_("what it covers"), blank=True)
    answers = models.ManyToManyField(Answer, blank=True, related_name="themes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "name"], name="one_theme_per_name")]

    def __str__(self) -> str:
        return self.name


class SuggestionRun(models.Model):
    """Themes suggested by grouping similar answers, worked out on this server."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to start")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Could not finish")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="suggestion_runs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    answers_read = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Suggestions for {self.question}"


class Suggestion(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Waiting for you")
        ACCEPTED = "accepted", _("Accepted")
        IGNORED = "ignored", _("Ignored")

    run = models.ForeignKey(SuggestionRun, on_delete=models.CASCADE, related_name="suggestions")
    name = models.CharField(max_length=120)
    keywords = models.JSONField(default=list)
    answers = models.ManyToManyField(Answer, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["run", "pk"]

    def __str__(self) -> str:
        return self.name


# --- Part 2: events, breakout groups, ideas, prioritisation, actions, the report ---
# Topic and Event are shared by every part-2 module (breakout groups, ideas, the report);
# each module adds its own models below them.


class Topic(models.Model):
    """A subject a process discusses: breakout groups form around topics, ideas belong to one."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("topic"), max_length=150)
    title_cy = models.CharField(_("topic in Welsh"), max_length=150, blank=True)
    description = models.TextField(_("what this topic covers"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering = ["process", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["process", "title"], name="one_topic_title_per_process"),
        ]

    def __str__(self) -> str:
        return self.title


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Being planned")
    OPEN = "open", _("Open for registration")
    CLOSED = "closed", _("Registration closed")
    CANCELLED = "cancelled", _("Cancelled")


class Event(models.Model):
    """A meeting of a process (online or in a room) that people register for and attend."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    created_at = models.DateTimeField(default=timezone.now)
    # --- Events and breakout groups (engagement/events.py) ---
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT, db_index=True
    )
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    description = models.TextField(_("what happens at the event"), blank=True)
    description_cy = models.TextField(_("what happens at the event, in Welsh"), blank=True)
    online_link = models.URLField(
        _("link to join online"),
        blank=True,
        help_text=_("Only sent to people with a place, with the joining details."),
    )
    venue = models.TextField(
        _("venue"), blank=True, help_text=_("The full address, if people meet in a room.")
    )
    access_information = models.TextField(
        _("access information"),
        blank=True,
        help_text=_("Step-free access, hearing loops, captions, breaks, quiet room, parking."),
    )
    access_information_cy = models.TextField(_("access information in Welsh"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), default=100, help_text=_("People beyond this go on the waiting list.")
    )
    registration_survey = models.ForeignKey(
        Survey,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registration_events",
        verbose_name=_("registration survey"),
        help_text=_("People are taken to this survey after they register."),
    )
    # The opportunities session that attendance is recorded against (engagement/events.py).
    activity = models.OneToOneField(
        "opportunities.Activity", null=True, blank=True, on_delete=models.PROTECT, related_name="event"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="event_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def local_title(self) -> str:
        return in_language(self.title, self.title_cy)

    @property
    def local_description(self) -> str:
        return in_language(self.description, self.description_cy)

    @property
    def local_access_information(self) -> str:
        return in_language(self.access_information, self.access_information_cy)

    @property
    def is_online(self) -> bool:
        return bool(self.online_link) and not self.venue

    @property
    def minutes(self) -> int:
        return max(1, int((self.ends_at - self.starts_at).total_seconds() // 60))

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def takes_registrations(self) -> bool:
        return self.status == EventStatus.OPEN and not self.has_started


# --- Events and breakout groups ---
from alongside.engagement.models_events import (  # noqa: E402, F401
    BreakoutGroup,
    BreakoutRound,
    EventFacilitator,
    EventNotice,
    GroupMember,
    ProcessOpportunity,
    Registration,
    TakingPartAs,
    TopicChoice,
)

# --- Ideas, prioritisation and actions (models_ideas.py) ---
from alongside.engagement.models_ideas import (  # noqa: E402, F401
    Action,
    Ballot,
    Idea,
    IdeaComment,
    IdeaRevision,
    IdeaSupport,
    ImprovementArea,
    Round,
    Vote,
)

# --- The engagement report (models_report.py) ---
from alongside.engagement.models_report import (  # noqa: E402, F401
    Report,
    ReportPart,
    ReportPdf,
    ReportText,
    ReportTextRevision,
)
