"""The admin's working lists fit a 1280 px window: no horizontal scrollbar on the claims,
figures, conflict flags and articles change lists, with every column the README's triage
steps name still on screen.

A list that scrolls sideways hides its rightmost columns (confidence, period, state)
exactly where an editor triages, so this is checked in a real browser with rows as long
as real ones: long quotes, long titles, the longest entity and metric names, and the
explanations the reconciler writes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from articles.models import (
    Claim,
    ClaimOrigin,
    ClaimStatus,
    ConflictFlag,
    Figure,
    FigureStatus,
)
from articles.services.figures_reconcile import figures_reconcile

from ..factories import (
    ArticleFactory,
    ClaimFactory,
    PublicationFactory,
    UserFactory,
    entity_named,
    metric_slug,
)
from .conftest import admin_login

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.browser,
]
PASSWORD = "pw-for-tests-only"
WIDTH = 1280
BN = Decimal(10) ** 9

# Sentences as long as the seeds' (one claim each), on the longest names the seed has.
SENTENCES = [
    (
        "Azerbaijan",
        "military-expenditure",
        2024,
        2024,
        "3.7",
        "According to the Stockholm International Peace Research Institute, Azerbaijan's "
        "defense expenditures kept rising through the year and reached $3.7 billion in 2024, "
        "the highest figure the country has ever reported to the United Nations.",
    ),
    (
        "Azerbaijan",
        "military-expenditure",
        2024,
        2024,
        "3.1",
        "The finance ministry in Baku, however, put the adopted defence budget for 2024 at "
        "$3.1 billion in its budget law, excluding the internal troops, the border service "
        "and the pensions paid to retired officers and their families.",
    ),
    (
        "Azerbaijan",
        "military-expenditure",
        2013,
        2013,
        "3.7",
        "President Ilham Aliyev has increased annual military spending by almost 30 times to "
        "$3.7 billion during his decade-long rule, according to figures cited by opposition "
        "politicians and several independent analysts in Baku.",
    ),
    (
        "Azerbaijan",
        "arms-imports",
        2024,
        2024,
        "2.2",
        "In 2024, Azerbaijan acquired more than $2.2 billion in arms, mostly from Israel and "
        "Turkey, according to the Centre for Analysis of World Arms Trade, which tracks "
        "contracts and deliveries across the former Soviet Union.",
    ),
    (
        "Azerbaijan",
        "military-expenditure",
        2020,
        2020,
        "2.2",
        "Azerbaijan's defense expenditures rose from $2.2 billion in 2020, the year of the "
        "second war over Nagorno-Karabakh, to a level that neighbouring Armenia could not "
        "hope to match with its much smaller economy.",
    ),
    (
        "Azerbaijan",
        "arms-imports",
        2007,
        2016,
        "22.7",
        "Over the past decade Baku spent some $22.7 billion on military hardware, most of it "
        "bought from Russia and Israel, SIPRI researchers wrote in a report that compared the "
        "arsenals of both sides of the Nagorno-Karabakh conflict.",
    ),
    (
        "Nagorno-Karabakh",
        "cooperation-volume",
        2010,
        2024,
        "4",
        "Military-technical cooperation between Moscow and Baku since 2010 was measured at "
        "$4 billion by Russian officials, a figure that Armenian commentators in Yerevan and "
        "Stepanakert quoted again and again in the following years.",
    ),
    (
        "Armenia",
        "military-expenditure",
        2024,
        2024,
        "1.4",
        "Armenia's military spending grew from $669 million in 2020 to $1.4 billion in 2024, "
        "the government in Yerevan said, presenting a budget that doubled the money set "
        "aside for air defence and for the purchase of new artillery systems.",
    ),
]
LONG_TITLE = (
    "Armenia and Azerbaijan: an arms race in the South Caucasus that neither side can afford "
    "to lose, and what the figures published by both governments really say (part {n})"
)
PUBLISHED = [
    (date(2024, 10, 9), "day"),
    (date(2016, 11, 1), "month"),
    (date(2013, 1, 1), "year"),
    (None, "unknown"),
]
LONG_OUTLET = "Stockholm International Peace Research Institute, Yearbook and Databases Desk"


@pytest.fixture
def long_rows() -> None:
    """Enough articles, claims, figures and flags to fill each list with long rows."""
    outlet = PublicationFactory(name=LONG_OUTLET, slug="sipri-yearbook-desk")
    body = "\n\n".join(sentence for *_, sentence in SENTENCES)
    for n, (published, precision) in enumerate(PUBLISHED):
        article = ArticleFactory(
            title=LONG_TITLE.format(n=n),
            publication=outlet,
            body=f"{body}\n\nReport number {n}.",
            published_on=published,
            published_precision=precision,
        )
        for subject, metric, start, end, billions, sentence in SENTENCES:
            offset = article.body.index(sentence)
            ClaimFactory(
                article=article,
                start=offset,
                end=offset + len(sentence),
                subject=entity_named(subject),
                metric=metric_slug(metric),
                period_start=start,
                period_end=end,
                value=Decimal(billions) * BN * (1 + Decimal(n) / 10),
                low=Decimal(billions) * BN if n else None,
                currency="AZN" if n == 3 else "USD",
                origin=ClaimOrigin.EXTRACTED if n % 2 else ClaimOrigin.MANUAL,
                status=ClaimStatus.SUGGESTED if n % 2 else ClaimStatus.NEEDS_REVIEW,
                confidence=Decimal("0.87") if n % 2 else None,
                attribution="Stockholm International Peace Research Institute",
            )
    figures_reconcile()
    # Two figures a reviewer settled, so the value column shows amounts with their units.
    for figure in Figure.objects.order_by("id")[:2]:
        Figure.objects.filter(pk=figure.pk).update(
            status=FigureStatus.RECONCILED, value=Decimal("22.7") * BN, low=Decimal(21) * BN
        )
    assert Claim.objects.count() >= 30
    assert Figure.objects.count() >= 8
    assert ConflictFlag.objects.count() >= 3


WIDTHS = """() => {
    const box = document.querySelector("#changelist-form .results");
    const cells = document.querySelectorAll("#result_list tbody tr:first-child > *");
    return {
        page: document.documentElement.scrollWidth,
        box: box.clientWidth,
        table: box.scrollWidth,
        columns: Object.fromEntries(
            [...cells].map((cell) => [cell.className, Math.round(cell.offsetWidth)])
        ),
    };
}"""

# Each list as the README's guide has an editor or reviewer open it, and the columns they
# read there. Claims are also opened as triage leaves them: suggestions sorted by
# confidence, whose sorted header is wider.
LISTS = {
    "claims": (
        "claim/",
        ["quote", "status", "confidence", "subject", "metric", "value", "period"],
    ),
    "claims-triage": (
        "claim/?status__exact=suggested&o=-3",
        ["quote", "status", "confidence", "subject", "metric", "value", "period"],
    ),
    "figures": ("figure/", ["subject", "metric", "period", "value", "status"]),
    "conflict-flags": ("conflictflag/", ["kind", "state", "explanation"]),
    "articles": ("article/", ["title", "publication", "published", "claims"]),
}


@pytest.mark.parametrize("name", LISTS)
def test_the_change_list_fits_a_1280_pixel_window_with_the_columns_the_guide_names(
    name, long_rows, live_server, page, screenshot
):
    path, columns = LISTS[name]
    reviewer = UserFactory(username="wide-rex", group="Reviewers")
    page.set_viewport_size({"width": WIDTH, "height": 800})
    admin_login(page, live_server, reviewer.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/articles/{path}")
    assert page.locator("#result_list tbody tr").count() >= 4
    screenshot(page, f"admin-width-{name}")

    widths = page.evaluate(WIDTHS)
    # Neither the page nor the box Django wraps the table in (which scrolls on its own
    # rather than widen the page) scrolls sideways.
    assert widths["page"] <= WIDTH, f"the {name} page is {widths['page']} px wide"
    assert widths["table"] <= widths["box"], (
        f"the {name} table needs {widths['table']} px and has {widths['box']} px: "
        f"{widths['columns']}"
    )
    headers = [
        text.strip().lower() for text in page.locator("#result_list thead th").all_inner_texts()
    ]
    for column in columns:
        assert any(column in header for header in headers), (column, headers)
