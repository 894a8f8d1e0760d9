from teahouse.auth.views import bp

__all__ = ["bp"]
