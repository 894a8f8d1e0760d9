"""Default settings. instance/config.py and TEAHOUSE_* environment variables override them.

Every key here can be set from the environment with the TEAHOUSE_ prefix, e.g.
TEAHOUSE_DATABASE_URL, TEAHOUSE_SECRET_KEY, TEAHOUSE_ALLOW_SIGNUP=true.
"""

# None means: an SQLite file in the instance folder (filled in by the factory).
DATABASE_URL = None
SQLALCHEMY_ENGINE_OPTIONS: dict = {}
# How long an SQLite writer waits for another one before the visitor gets "busy, retry" (503).
SQLITE_BUSY_TIMEOUT_MS = 15000
# Each SQLite connection's page cache (a worker holds up to one connection per thread, 8). An
# eighth of SQLite's default: the file's pages stay in the operating system's cache anyway, and
# at 10,000 teas the mixed pages took no more CPU (7.8 ms a request against 8.2 at 1,024 KiB, in
# one process, alternating), while a worker under bench/worker_memory.py's load kept 4–5 MiB less.
SQLITE_CACHE_KIB = 256
# Prepared statements each SQLite connection keeps for reuse (Python's default is 128, about
# 3.5 KiB each): 16 hold a whole page's statements (pages run at most 16 queries, see
# tests/test_query_counts.py), and the 8 connections of a worker held 3 MiB less, for no CPU
# measured in the comparison above.
SQLITE_CACHED_STATEMENTS = 16
# A worker hands the heap memory it has freed back to the system after every this many
# requests (teahouse.heap); 0 never.
HEAP_TRIM_EVERY = 200

# scrypt at OWASP's strength (n=32768, r=8, p=3): about 0.3 s and 32 MiB per hash, on purpose.
# The test suite sets a fast method here; a test checks that production keeps this one.
PASSWORD_HASH_METHOD = "scrypt:32768:8:3"

# Open sign-up page for further hosts; the first host always comes from the setup page or the CLI.
ALLOW_SIGNUP = False

# Set true when served over HTTPS: secure cookies and HSTS.
HTTPS = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 14
# The session cookie is sent only when the session changed (sign-in, a flash message, a new
# CSRF token), not with every response; a sign-in lasts 14 days from signing in.
SESSION_REFRESH_EACH_REQUEST = False
# Exports stream as they are built; compressing them would hold them back.
COMPRESS_STREAMS = False

# Requests are capped at 512 KiB (the longest form, text at its longest limits, is well below);
# the routes named in LARGE_UPLOAD_ENDPOINTS (imports, posters, tea photos) allow more, to a
# signed-in host.
MAX_CONTENT_LENGTH = 512 * 1024
MAX_FORM_MEMORY_SIZE = 512 * 1024
LARGE_UPLOAD_MAX_LENGTH = 32 * 1024 * 1024
LARGE_UPLOAD_ENDPOINTS = (
    "portability.index",
    "films.create",
    "films.edit",
    "teas.create",
    "teas.edit",
)
# The most values one form may send (the longest real form has well under 100).
MAX_FORM_VALUES = 1000

WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

# Throttling of sign-in, sign-up and password changes. The counts live in a store every worker
# process shares: "database://" is the app's own database (no extra server); "redis://host:6379"
# uses Redis (pip install teahouse[redis]); "memory://" counts per process (one process only).
RATELIMIT_STORAGE_URI = "database://"
# Per account at one address: an attacker elsewhere cannot lock the owner out.
LOGIN_ACCOUNT_LIMIT = "5 per 15 minutes"
# Per address, whatever the account: one address cannot try many accounts.
LOGIN_ADDRESS_LIMIT = "30 per 15 minutes"
SIGNUP_LIMIT = "10 per hour"
PASSWORD_CHANGE_LIMIT = "5 per 15 minutes"
# Answers from strangers on a public page with open RSVP, per address.
OPEN_RSVP_LIMIT = "10 per hour"

# Behind a reverse proxy: how many proxies in front of Teahouse set X-Forwarded-For/-Proto/-Host
# (werkzeug's ProxyFix). 0 trusts no such header: the client address is the socket's.
PROXY_HOPS = 0

TEAS_PER_PAGE = 24
DEFAULT_TIMEZONE = "UTC"

# Email (optional). Without MAIL_SERVER, invitations travel as copied links and mailto: drafts.
# TEAHOUSE_MAIL_SERVER, TEAHOUSE_MAIL_PORT, TEAHOUSE_MAIL_USE_TLS, TEAHOUSE_MAIL_USE_SSL,
# TEAHOUSE_MAIL_USERNAME, TEAHOUSE_MAIL_PASSWORD, TEAHOUSE_MAIL_DEFAULT_SENDER.
MAIL_SERVER = None
MAIL_PORT = 587
MAIL_USE_TLS = True
MAIL_USE_SSL = False
MAIL_DEFAULT_SENDER = "Teahouse <teahouse@localhost>"
MAIL_TIMEOUT = 10
# Always real SMTP (Flask-Mailman would swap in a memory backend under TESTING).
MAIL_BACKEND = "smtp"

# Public address for links in emails and calendar files, e.g. https://tea.example.org
# (without it, links use the address the request came in on).
PUBLIC_URL = None
