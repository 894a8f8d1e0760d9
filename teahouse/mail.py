"""Email, when the instance has an SMTP server configured (Flask-Mailman)."""

import smtplib

from flask import current_app
from flask_mailman import EmailMessage


class MailError(RuntimeError):
    """The mail server could not take the message; the text says why, for the host."""


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_mail(subject: str, recipients: list[str], body: str, reply_to: str | None = None):
    """Send one plain-text message. Raises MailError if the server cannot be reached or refuses."""
    if not mail_configured():
        raise MailError("Email is not set up on this Teahouse.")
    # A header cannot hold a line break; titles and names come from people.
    subject = " ".join(subject.split())
    message = EmailMessage(
        subject=subject, body=body, to=recipients, reply_to=[reply_to] if reply_to else None
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError, ValueError) as error:
        current_app.logger.warning("Mail to %s failed: %s", recipients, error)
        raise MailError(
            f"The mail server did not take the message ({error.__class__.__name__})."
        ) from error
