"""What each document says, as plain data: selectors fill these, writers turn them into files."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Evidence:
    """A confirming document as the report names it, and where an authorised reader opens it."""

    text: str  # «Приказ от 25.02.2021 № 161 «О проведении мониторинга…»»
    address: str = ""  # the checked download view of its file, or the link entered

    def __str__(self) -> str:
        return f"{self.text} ({self.address})" if self.address else self.text


@dataclass(frozen=True)
class ReportRow:
    """One line of seed 002: an occurrence of an activity, or an activity not carried out."""

    region_code: str
    municipality: str
    activity: str
    description: str
    date: str
    responsible: str
    audience: str
    evidence: tuple[Evidence, ...] = ()
    carried_out: bool = True


NOT_CARRIED_OUT = "не проведено"


@dataclass
class Signature:
    position: str = ""
    name: str = ""


@dataclass
class ExecutionReport:
    """The municipal execution report of one academic year (seed 002)."""

    region: str
    region_code: str
    municipality: str
    year: str  # "2020/2021"
    rows: list[ReportRow] = field(default_factory=list)
    signature: Signature = field(default_factory=Signature)

    @property
    def title(self) -> str:
        first, last = self.year.split("/")
        return (
            "Отчет о выполнении мероприятий муниципальной дорожной карты "
            f"на {first}-{last} учебный год по сопровождению школ с низкими образовательными "
            "результатами и/или школ, функционирующих в сложных социальных условиях"
        )


@dataclass(frozen=True)
class MunicipalitySummary:
    """The summary sheet's line of one municipality."""

    municipality: str
    planned: int
    carried_out: int
    overdue: int
    evidence_complete: int
    evidence_counted: int
    evidence_percent: int | None

    @property
    def not_carried_out(self) -> int:
        return self.planned - self.carried_out


@dataclass
class RegionReport:
    """The region's workbook: the summary and each municipality's report."""

    region: str
    year: str
    summaries: list[MunicipalitySummary] = field(default_factory=list)
    reports: list[ExecutionReport] = field(default_factory=list)


@dataclass(frozen=True)
class Approval:
    """The block at the top right: «УТВЕРЖДЁН приказом …» or «УТВЕРЖДАЮ» with the signer."""

    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class PlanRow:
    """A line of the activity table: a section heading, or a numbered activity."""

    number: str
    title: str
    deadline: str = ""
    responsible: str = ""
    planned_result: str = ""
    execution_mark: str = ""
    is_section: bool = False


@dataclass(frozen=True)
class IndicatorRow:
    name: str
    unit: str
    values: tuple[str, ...]  # one per year of `PlanDocument.years`


@dataclass(frozen=True)
class IndicatorGroup:
    title: str
    rows: tuple[IndicatorRow, ...]


@dataclass
class PlanDocument:
    """A plan laid out as the seeds are: approval, title, passport, indicators, activities."""

    kind: str  # Plan.Kind value
    title: str
    heading: str  # «ДОРОЖНАЯ КАРТА», «ПЛАН», «ПРОГРАММА»
    approval: Approval
    agreement: Approval | None = None  # «СОГЛАСОВАНО» at the top left of a school programme
    passport: list[tuple[str, str]] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    indicators: list[IndicatorGroup] = field(default_factory=list)
    rows: list[PlanRow] = field(default_factory=list)
    abbreviations: list[tuple[str, str]] = field(default_factory=list)
    signature: Signature = field(default_factory=Signature)
