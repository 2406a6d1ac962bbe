"""Signals other apps listen to, so that plg does not need to know them."""

from django.dispatch import Signal

#: Sent with `team_id` just before a membership of the team is added or changed (role,
#: deactivated, reactivated). The meetings app fixes the attendance of past meetings then.
membership_changing = Signal()

#: Sent with `user` when a former member has been anonymised (plg/anonymise.py), inside its
#: transaction. The meetings app deletes what is personal and no team history then.
person_anonymised = Signal()
