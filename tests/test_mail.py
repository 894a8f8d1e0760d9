"""Email through a real SMTP server on loopback (aiosmtpd): invitations and RSVP notices."""

from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Invitation
from tests.helpers.client import add_host, answer, login, post_form
from tests.helpers.parties import invite, make_guest, make_party
from tests.served import free_port


def test_invitation_email_arrives_with_the_personal_link(mail_app, smtp):
    _, inbox = smtp
    host = add_host(mail_app)
    client = mail_app.test_client()
    login(client)
    party_id = make_party(mail_app, host)
    invitation_id, token = invite(
        mail_app, party_id, make_guest(mail_app, host, "Ana Lima", email="ana@example.com")
    )
    response = post_form(
        client,
        f"/invitations/{invitation_id}/send",
        token_from=f"/parties/{party_id}",
        follow_redirects=True,
    )
    assert "Invitation sent to ana@example.com." in response.get_data(as_text=True)
    [(recipients, message)] = inbox.messages
    assert recipients == ["ana@example.com"]
    assert message["Subject"] == "Invitation: Autumn oolongs"
    assert message["Reply-To"] == "host@example.com"
    body = message.get_content()
    assert "Dear Ana," in body and f"http://localhost/i/{token}" in body
    assert "(Europe/Berlin)" in body
    with mail_app.app_context():
        assert db.session.get(Invitation, invitation_id).emailed_at is not None


def test_send_all_skips_guests_without_email(mail_app, smtp):
    _, inbox = smtp
    host = add_host(mail_app)
    client = mail_app.test_client()
    login(client)
    party_id = make_party(mail_app, host)
    invite(mail_app, party_id, make_guest(mail_app, host, "Ana", email="ana@example.com"))
    invite(mail_app, party_id, make_guest(mail_app, host, "Bo", email="bo@example.com"))
    invite(mail_app, party_id, make_guest(mail_app, host, "Cy"))
    page = post_form(
        client,
        f"/parties/{party_id}/send",
        token_from=f"/parties/{party_id}",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "2 invitations sent." in page
    assert sorted(r[0] for r, _ in inbox.messages) == ["ana@example.com", "bo@example.com"]


def test_the_host_hears_of_each_answer(mail_app, smtp):
    _, inbox = smtp
    host = add_host(mail_app)
    party_id = make_party(mail_app, host)
    _, token = invite(mail_app, party_id, make_guest(mail_app, host, "Ana Lima"))
    answer(mail_app.test_client(), token, "yes", message="See you there!")
    [(recipients, message)] = inbox.messages
    assert recipients == ["host@example.com"]
    assert message["Subject"] == "Ana Lima answered yes: Autumn oolongs"
    assert "See you there!" in message.get_content()


def test_a_failing_mail_server_loses_no_answer(app_with):
    app = app_with(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=free_port(),
        MAIL_USE_TLS=False,
        MAIL_TIMEOUT=2,
    )
    host = add_host(app)
    party_id = make_party(app, host)
    invitation_id, token = invite(
        app, party_id, make_guest(app, host, "Ana Lima", email="ana@example.com")
    )
    response = answer(app.test_client(), token, "yes")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Invitation, invitation_id).response == "yes"
    client = app.test_client()
    login(client)
    page = post_form(
        client,
        f"/invitations/{invitation_id}/send",
        token_from=f"/parties/{party_id}",
        follow_redirects=True,
    )
    text = page.get_data(as_text=True)
    assert "The invitation to Ana Lima was not sent" in text and "Copy the link instead" in text
    with app.app_context():
        assert db.session.scalar(select(Invitation.emailed_at)) is None


def test_without_mail_settings_there_is_no_send_button(app, client, host):
    party_id = make_party(app, host)
    invite(app, party_id, make_guest(app, host, "Ana", email="ana@example.com"))
    page = client.get(f"/parties/{party_id}").get_data(as_text=True)
    assert "Send email" not in page
    # Each guest's draft link says whose it is to a screen reader, like the copy button.
    assert 'Email draft<span class="visually-hidden"> to Ana</span>' in page


def test_line_breaks_in_titles_cannot_inject_headers(mail_app, smtp):
    _, inbox = smtp
    host = add_host(mail_app)
    party_id = make_party(mail_app, host, title="Tea\r\nBcc: victim@example.com")
    _, token = invite(mail_app, party_id, make_guest(mail_app, host, "Ana\nLima"))
    assert answer(mail_app.test_client(), token, "yes").status_code == 302
    [(recipients, message)] = inbox.messages
    assert recipients == ["host@example.com"]
    assert message["Bcc"] is None
    assert message["Subject"] == "Ana Lima answered yes: Tea Bcc: victim@example.com"
