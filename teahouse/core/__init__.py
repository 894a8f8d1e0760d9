from teahouse.core.views import bp

__all__ = ["bp"]
