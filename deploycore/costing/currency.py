"""A display currency: USD figures shown in another currency at a rate the user enters with
its date. The catalog and the engine stay in USD; this only converts what is shown.

Not for fetching exchange rates (none is fetched: the user states the rate and its date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from deploycore.costing.inputs import CostInputs

# Offered on the page; any ISO 4217 code passes the inputs' validation.
CURRENCY_CHOICES: tuple[str, ...] = (
    "EUR", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CAD", "AUD", "NZD", "JPY", "CNY", "INR",
    "BRL", "MXN", "ZAR", "SGD",
)  # fmt: skip


@dataclass(frozen=True)
class DisplayCurrency:
    """`per_usd` units of `code` buy one US dollar, as entered by hand, dated `rate_date`."""

    code: str
    per_usd: float
    rate_date: date

    def convert(self, usd: float) -> float:
        return usd * self.per_usd

    def money(self, usd: float) -> str:
        """An amount in this currency, e.g. `EUR 1,234.56`."""
        return f"{self.code} {self.convert(usd):,.2f}"

    def statement(self) -> str:
        """The rate and its date, said wherever a converted figure is shown or exported."""
        return (
            f"1 USD = {self.per_usd:g} {self.code}, a rate entered by hand dated "
            f"{self.rate_date.isoformat()}; the catalog and the calculation are in USD"
        )


def display_currency(inputs: CostInputs) -> DisplayCurrency | None:
    """The inputs' display currency when code, rate and date are all given, else None."""
    if (
        inputs.display_currency is None
        or inputs.display_currency == "USD"
        or inputs.currency_per_usd is None
        or inputs.exchange_rate_date is None
    ):
        return None
    return DisplayCurrency(
        inputs.display_currency, inputs.currency_per_usd, inputs.exchange_rate_date
    )


def currency_problem(inputs: CostInputs) -> str | None:
    """What is missing when a currency is chosen without its rate or date, in words."""
    if inputs.display_currency in (None, "USD") or display_currency(inputs) is not None:
        return None
    missing = [
        what
        for what, value in (
            ("the exchange rate", inputs.currency_per_usd),
            ("the rate's date", inputs.exchange_rate_date),
        )
        if value is None
    ]
    return (
        f"Enter {' and '.join(missing)} to show figures in {inputs.display_currency}; until then "
        "every figure is in USD."
    )
