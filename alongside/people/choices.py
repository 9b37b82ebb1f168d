"""Fixed lists used by contributor profiles. Labels are shown to the public."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    TEXT = "text", _("Text message")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone call")


class HowGiven(models.TextChoices):
    ONLINE = "online", _("Online, by the person")
    PAPER = "paper", _("On a paper form")
    PHONE = "phone", _("Over the phone")
    IN_PERSON = "in_person", _("In person")
    IMPORT = "import", _("Imported from an existing list")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    LEFT = "left", _("Left")


class AccessNeed(models.TextChoices):
    LARGE_PRINT = "large_print", _("Large print")
    EASY_READ = "easy_read", _("Easy Read")
    BSL = "bsl", _("British Sign Language interpreter")
    INTERPRETER = "interpreter", _("Another interpreter")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    STEP_FREE = "step_free", _("Step-free access")
    SUPPORTER = "supporter", _("A carer or supporter coming with me")
    BREAKS = "breaks", _("Regular breaks")


class Device(models.TextChoices):
    NONE = "none", _("No device")
    PHONE = "smartphone", _("Smartphone")
    TABLET = "tablet", _("Tablet")
    COMPUTER = "computer", _("Computer or laptop")


class Internet(models.TextChoices):
    NONE = "none", _("No internet at home")
    LIMITED = "limited", _("Limited or pay-as-you-go data")
    GOOD = "good", _("Reliable internet")


class Confidence(models.TextChoices):
    NOT = "not", _("Not confident")
    SOME = "some", _("Fairly confident")
    VERY = "very", _("Very confident")


class ConsentPurpose(models.TextChoices):
    CONTACT = "contact", _("Be contacted about opportunities")
    FINDABLE = "findable", _("Be findable by researchers in other organisations")
    EQUALITY = "equality", _("Equality monitoring")
    NEWSLETTER = "newsletter", _("Newsletters")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class GenderSameAsSex(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class Disability(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class EthnicGroupHigh(models.TextChoices):
    """The five high-level ONS 2021 groups, named as in the census figures."""

    ASIAN = "asian", _("Asian, Asian British or Asian Welsh")
    BLACK = "black", _("Black, Black British, Black Welsh, Caribbean or African")
    MIXED = "mixed", _("Mixed or Multiple ethnic groups")
    WHITE = "white", _("White")
    OTHER = "other", _("Other ethnic group")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class EthnicGroup(models.TextChoices):
    """The 19 ONS 2021 (England and Wales) ethnic group categories."""

    BANGLADESHI = "asian_bangladeshi", _("Asian: Bangladeshi")
    CHINESE = "asian_chinese", _("Asian: Chinese")
    INDIAN = "asian_indian", _("Asian: Indian")
    PAKISTANI = "asian_pakistani", _("Asian: Pakistani")
    ASIAN_OTHER = "asian_other", _("Asian: Any other Asian background")
    AFRICAN = "black_african", _("Black: African")
    CARIBBEAN = "black_caribbean", _("Black: Caribbean")
    BLACK_OTHER = "black_other", _("Black: Any other Black, Black British or Caribbean background")
    WHITE_ASIAN = "mixed_white_asian", _("Mixed: White and Asian")
    WHITE_BLACK_AFRICAN = "mixed_white_black_african", _("Mixed: White and Black African")
    WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean", _("Mixed: White and Black Caribbean")
    MIXED_OTHER = "mixed_other", _("Mixed: Any other Mixed or multiple ethnic background")
    WHITE_BRITISH = "white_british", _("White: English, Welsh, Scottish, Northern Irish or British")
    WHITE_IRISH = "white_irish", _("White: Irish")
    GYPSY_TRAVELLER = "white_gypsy_traveller", _("White: Gypsy or Irish Traveller")
    ROMA = "white_roma", _("White: Roma")
    WHITE_OTHER = "white_other", _("White: Any other White background")
    ARAB = "other_arab", _("Other: Arab")
    OTHER = "other_other", _("Other: Any other ethnic group")
    PREFER_NOT = "prefer_not", _("Prefer not to say")

    @classmethod
    def high_level(cls, value: str) -> str:
        if not value:
            return ""
        if value == cls.PREFER_NOT:
            return EthnicGroupHigh.PREFER_NOT
        return value.split("_", 1)[0]


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")
    SATURDAY = "sat", _("Saturday")
    SUNDAY = "sun", _("Sunday")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("Mornings")
    AFTERNOON = "afternoon", _("Afternoons")
    EVENING = "evening", _("Evenings")


class Partnership(models.TextChoices):
    """What a community partner offers research organisations."""

    RECRUITMENT = "recruitment", _("Help reaching people")
    CO_DESIGN = "co_design", _("Designing research together")
    VENUES = "venues", _("Venues and meeting spaces")
    TRANSLATION = "translation", _("Translation and interpreting")
    TRAINING = "training", _("Training and awareness")
    ADVISORY = "advisory", _("Advisory group")
