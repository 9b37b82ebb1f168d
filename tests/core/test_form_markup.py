"""Every form of ours, shown with its errors, wires hints and errors to ids that exist, each id once.

The navigation test reads every page each role reaches (the forms as first shown); this test
sends every form class empty, so each required field shows its error too (review D13, D14).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms

import alongside
from alongside.accounts.forms import ROLE_CHOICES
from alongside.accounts.models import Organisation
from alongside.core.forms import AlongsideFormRenderer
from alongside.engagement.models import Process
from tests.builders import create_user
from tests.engagement.helpers import create_survey
from tests.markup import markup_problems

# Forms that need more than their data to be built, and what they need.
NEEDS = {
    "AcceptInvitationForm": lambda: {"user": create_user()},
    "InvitationForm": lambda: {"organisations": Organisation.objects.all(), "roles": list(ROLE_CHOICES)},
    "RolesForm": lambda: {"roles": list(ROLE_CHOICES)},
    "SecondStepForm": lambda: {"user": create_user()},
    "ProcessForm": lambda: {"organisations": Organisation.objects.all()},
    "SurveyForm": lambda: {"organisations": Organisation.objects.all(), "processes": Process.objects.all()},
    "QuestionForm": lambda: {"survey": create_survey(open_it=False)},
    "RepresentationForm": lambda: {"user": create_user()},
    "ActivityScopeForm": lambda: {"user": create_user()},
}


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for module_info in pkgutil.walk_packages(alongside.__path__, "alongside."):
        if module_info.name.endswith(".forms"):
            module = importlib.import_module(module_info.name)
            found += [
                cls
                for _name, cls in inspect.getmembers(module, inspect.isclass)
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
            ]
    return found


FORMS = _form_classes()


def test_the_walk_finds_the_forms_people_meet():
    names = {cls.__name__ for cls in FORMS}
    assert len(FORMS) > 40
    assert {"BankDetailsForm", "ReasonForm", "AdjustForm", "OpportunityForm"} <= names


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_form_with_its_errors_has_sound_markup(form_class):
    extra = NEEDS.get(form_class.__name__, dict)()
    form = form_class(data={}, **extra)
    form.is_valid()
    html = form.render(renderer=AlongsideFormRenderer())
    assert markup_problems(html) == []


def test_two_errors_on_one_field_share_one_error_id():
    class Form(forms.Form):
        name = forms.CharField(help_text="As on your bank card")

    form = Form(data={})
    form.add_error("name", "A second problem")
    html = form.render(renderer=AlongsideFormRenderer())
    assert html.count('id="id_name_error"') == 1
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert markup_problems(html) == []
