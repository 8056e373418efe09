"""Resolvers for the surface forms of bulletins: numbers and dates (standard library only)."""
from .dates import DateExpr, find_dates, parse_date, parse_iso, resolve_day_month
from .numbers import Quantity, find_quantities, format_vi, parse_number, parse_quantity

__all__ = ["DateExpr", "find_dates", "parse_date", "parse_iso", "resolve_day_month",
           "Quantity", "find_quantities", "format_vi", "parse_number", "parse_quantity"]
