"""A mail backend for the crash tests: like Django's locmem backend (messages land in
django.core.mail.outbox), but the third message ever sent fails, once."""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.locmem import EmailBackend


class FailOnThird(EmailBackend):
    calls = 0
    failed = False

    def send_messages(self, messages):
        for _message in messages:
            FailOnThird.calls += 1
            if FailOnThird.calls == 3 and not FailOnThird.failed:
                FailOnThird.failed = True
                raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)

    @classmethod
    def reset(cls):
        cls.calls = 0
        cls.failed = False
