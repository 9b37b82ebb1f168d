import pytest

from alongside.accounts.models import Role
from tests.builders import create_organisation, create_staff, sign_in


@pytest.fixture
def home():
    """The organisation that holds the records of the people searched for."""
    return create_organisation("Home trust")


@pytest.fixture
def researcher(client):
    """A researcher of another organisation, signed in on ``client``."""
    user = create_staff(create_organisation("Elsewhere university"), Role.RESEARCHER)
    sign_in(client, user)
    return user
