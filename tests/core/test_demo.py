from django.core.management import call_command

from alongside.accounts.models import Membership, User


def test_demo_data_loads_twice_without_duplicates():
    call_command("load_demo", quiet=True)
    users, memberships = User.objects.count(), Membership.objects.count()
    call_command("load_demo", quiet=True)
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)
    assert Membership.objects.filter(role="researcher").exists()
