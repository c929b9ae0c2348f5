"""The information-processing fee (Art. 42; 国办函〔2020〕109号), pure arithmetic.

Two methods, one per application, never both. Both are progressive: each band charges only the
part that falls inside it. Per item (按件) counts the items one applicant asked for in one
calendar month, so an application's fee is the cost of the month's total after it minus the
cost before it. Per volume (按量) counts the pages of one application. Amounts are 元 and the
bands are a setting (GONGKAI_FEES)."""

from dataclasses import dataclass

DEFAULT_FEES = {
    # (up to and including this many, 元 each); beyond the last tier, every further band of
    # `item_band` items costs `item_step` more per item than the band before.
    "item_tiers": [(10, 0), (30, 100)],
    "item_band": 10,
    "item_step": 100,
    # (up to and including this many pages, 元 per page); None = no upper bound.
    "page_tiers": [(30, 0), (100, 10), (200, 20), (None, 40)],
}


class Method:
    PER_ITEM = "per_item"
    PER_PAGE = "per_page"
    CHOICES = [(PER_ITEM, "按件计收"), (PER_PAGE, "按量计收")]


@dataclass(frozen=True)
class Band:
    first: int
    last: int
    rate: int

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.count * self.rate


def _item_rate(n: int, cfg: dict) -> int:
    """What the n-th item of the month costs."""
    lower = 0
    for upper, rate in cfg["item_tiers"]:
        if n <= upper:
            return rate
        lower, last_rate = upper, rate
    band = (n - lower - 1) // cfg["item_band"] + 1
    return last_rate + band * cfg["item_step"]


def _page_rate(n: int, cfg: dict) -> int:
    for upper, rate in cfg["page_tiers"]:
        if upper is None or n <= upper:
            return rate
    raise ValueError("page_tiers must end with an open tier")


def _bands(first: int, last: int, rate_of) -> list[Band]:
    bands: list[Band] = []
    for n in range(first, last + 1):
        rate = rate_of(n)
        if bands and bands[-1].rate == rate and bands[-1].last == n - 1:
            bands[-1] = Band(bands[-1].first, n, rate)
        else:
            bands.append(Band(n, n, rate))
    return bands


def per_item(items: int, items_before: int = 0, cfg: dict | None = None) -> list[Band]:
    """Bands charged for `items` items when the applicant already asked for `items_before` this month."""
    cfg = cfg or DEFAULT_FEES
    if items < 0 or items_before < 0:
        raise ValueError("件数不能为负数")
    return _bands(items_before + 1, items_before + items, lambda n: _item_rate(n, cfg))


def per_page(pages: int, cfg: dict | None = None) -> list[Band]:
    cfg = cfg or DEFAULT_FEES
    if pages < 0:
        raise ValueError("页数不能为负数")
    return _bands(1, pages, lambda n: _page_rate(n, cfg))


def total(bands: list[Band]) -> int:
    return sum(b.amount for b in bands)


def describe(bands: list[Band], unit: str) -> list[str]:
    """Lines for the fee notice: 第11—30件，每件100元，计2000元."""
    return [f"第{b.first}—{b.last}{unit}，每{unit}{b.rate}元，计{b.amount}元" if b.first != b.last
            else f"第{b.first}{unit}，{b.rate}元" for b in bands if b.rate]
