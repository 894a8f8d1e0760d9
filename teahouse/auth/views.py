"""Setup of the first host, sign-up, login, logout, profile and password."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from teahouse import throttle
from teahouse.auth import services
from teahouse.auth.forms import AccountForm, LoginForm, PasswordForm, ProfileForm
from teahouse.extensions import login_manager
from teahouse.pagecache import page_for_new_visitors
from teahouse.safety import safe_next_url
from teahouse.sharing.panel import feed_panel

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see that page."
login_manager.login_message_category = "info"
login_manager.session_protection = None  # our server-side sessions do this job
login_manager.user_loader(services.load_session_user)


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """First visit on an empty instance: create the owner's account."""
    if services.has_any_user():
        abort(404)
    return _create_account(
        AccountForm(),
        heading="Welcome to Teahouse",
        lead="This is a new Teahouse. Create the host account that will own it.",
        first_host=True,
    )


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Further hosts, when the instance allows it."""
    if not current_app.config["ALLOW_SIGNUP"]:
        abort(404)
    if not services.has_any_user():
        return redirect(url_for("auth.setup"))
    form = AccountForm()
    if request.method == "GET":
        form.load_sample.data = False
    if form.validate_on_submit():
        throttle.take("SIGNUP_LIMIT", throttle.client_address())
        services.sign_up(
            form.email.data,
            form.display_name.data,
            form.password.data,
            form.timezone.data,
            with_sample=form.load_sample.data,
        )
        # The same answer whether or not the email was taken: sign-up must not tell a
        # stranger who has an account here (ASVS 6.3.8).
        flash(
            "Thank you. If no account used that email yet, it is ready: sign in with it below.",
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template(
        "auth/account.html",
        form=form,
        heading="Create a host account",
        lead="Keep your tea collection and host your own parties on this Teahouse.",
        first_host=False,
    )


def _create_account(form: AccountForm, **page):
    if form.validate_on_submit():
        try:
            user = services.create_account(
                form.email.data,
                form.display_name.data,
                form.password.data,
                form.timezone.data,
                with_sample=form.load_sample.data,
            )
        except services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            services.start_session(user)
            flash(f"Welcome to Teahouse, {user.display_name}.", "success")
            return redirect(url_for("teas.index"))
    return render_template("auth/account.html", form=form, **page)


@bp.route("/login", methods=["GET", "POST"])
@page_for_new_visitors
def login():
    """Sign in with email and password."""
    if not services.has_any_user():
        return redirect(url_for("auth.setup"))
    if current_user.is_authenticated:
        return redirect(url_for("teas.index"))
    form = LoginForm()
    if form.validate_on_submit():
        services.count_login_attempt(form.email.data, throttle.client_address())
        user = services.authenticate(form.email.data, form.password.data)
        if user:
            services.forget_login_attempts(form.email.data, throttle.client_address())
            services.start_session(user)
            return redirect(safe_next_url(request.args.get("next")) or url_for("teas.index"))
        form.password.errors.append("The email or the password is wrong.")
    return render_template("auth/login.html", form=form, allow_signup=_signup_open())


def _signup_open() -> bool:
    return bool(current_app.config["ALLOW_SIGNUP"])


@bp.post("/logout")
@login_required
def logout():
    """Sign out and end the session on the server."""
    services.end_session()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    """The host's display name, time zone and temperature unit."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.save_profile(current_user, form)
        flash("Profile saved.", "success")
        return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form, **feed_panel(current_user))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """A new password; every other signed-in browser is signed out."""
    form = PasswordForm(email=current_user.email)
    if form.validate_on_submit():
        # Counted per signed-in browser: a stolen session guessing away cannot lock the owner,
        # signed in elsewhere, out of changing the password (which then ends the stolen one).
        throttle.take("PASSWORD_CHANGE_LIMIT", f"user:{current_user.id}", services.session_key())
        if not services.authenticate(current_user.email, form.current_password.data):
            form.current_password.errors.append("That is not your current password.")
        else:
            services.change_password(current_user, form.password.data)
            flash("Password changed. Other browsers have been signed out.", "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/password.html", form=form)
