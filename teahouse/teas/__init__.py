from teahouse.teas.views import bp

__all__ = ["bp"]
