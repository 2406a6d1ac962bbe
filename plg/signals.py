"""Signals other apps listen to, so that plg does not need to know them."""

from django.dispatch import Signal

#: Sent with `team_id` just before a membership of the team is added or changed (role,
#: deactivated, reactivated). The meetings app fixes the attendance of past meetings then.
membership_changing = Signal()
