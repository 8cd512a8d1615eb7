"""The arithmetic of Moodle's quiz statistics, as pure functions over lists of numbers.

Definitions follow Moodle's quiz statistics report (``mod/quiz/report/statistics/classes/calculator.php`` for the
test, ``question/classes/statistics/questions/calculator.php`` for the items):

* variances and covariances divide by n − 1;
* skewness is k₃ / k₂^1.5 and kurtosis k₄ / k₂² (Fisher's unbiased cumulants, so a normal sample gives about 0),
  skewness from three sittings on, kurtosis from four;
* the coefficient of internal consistency is Cronbach's alpha, p/(p−1)·(1 − Σ item variances / total variance)
  (KR-20 when every item scores 0 or 1), computed from three sittings on, as Moodle does;
* error ratio √(1 − α) and standard error of measurement SD·√(1 − α);
* discriminative efficiency: the covariance of item and rest-of-paper scores divided by the largest covariance
  the same two columns could have, i.e. with both sorted.

Every function returns ``None`` with a reason instead of dividing by zero; the caller shows the reason.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

#: Differences smaller than this are treated as zero (sums of floats are never exactly equal).
EPS = 1e-12

#: Moodle's thresholds for the coefficient of internal consistency (docs: "Quiz statistics report").
ALPHA_SATISFACTORY = 0.75
ALPHA_UNSATISFACTORY = 0.64
#: Moodle marks a question "dubious" (highlighted in its table) when discriminative efficiency is below 15 %.
DUBIOUS_EFFICIENCY = 0.15
#: Moodle's guidance on the error ratio: aim for below 50 %.
ERROR_RATIO_AIM = 0.50


def mean(xs: Sequence[float]) -> float | None:
    return math.fsum(xs) / len(xs) if xs else None


def median(xs: Sequence[float]) -> float | None:
    """The middle value, or the mean of the two middle values for an even count (as Moodle's SQL does)."""
    if not xs:
        return None
    s = sorted(xs)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def variance(xs: Sequence[float]) -> float | None:
    """Sample variance (n − 1); None for fewer than two values."""
    n = len(xs)
    if n < 2:
        return None
    m = math.fsum(xs) / n
    return math.fsum((x - m) ** 2 for x in xs) / (n - 1)


def covariance(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Sample covariance (n − 1); None for fewer than two pairs."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return None
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    return math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (n - 1)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's correlation, or None when it is undefined (fewer than two pairs, or a side that is constant)."""
    n = len(xs)
    if n != len(ys) or n < 2:
        return None
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx <= EPS or syy <= EPS:
        return None
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def discriminative_efficiency(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """cov(x, y) / cov(sorted x, sorted y): how much of the discrimination the item's and the rest's marginals
    allow it actually achieves. None when the largest possible covariance is zero (a constant column)."""
    cov = covariance(xs, ys)
    cov_max = covariance(sorted(xs), sorted(ys))
    if cov is None or cov_max is None or cov_max <= EPS:
        return None
    return cov / cov_max


@dataclass(frozen=True, slots=True)
class PaperStats:
    """Figures for the test as a whole, over the totals of complete sittings. Marks for mean, median, sd and
    sem; fractions (0–1) for alpha and the error ratio; ``undefined`` says why a None figure is None."""

    sittings: int
    max_score: float | None  # the paper's maximum when every sitting had the same one
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cronbach_alpha: float | None
    error_ratio: float | None
    sem: float | None
    undefined: dict[str, str] = field(default_factory=dict)

    def interpretation(self) -> list[str]:
        """Moodle's documented reading of the figures, for this test."""
        lines: list[str] = []
        a = self.cronbach_alpha
        if a is not None:
            if a >= ALPHA_SATISFACTORY:
                lines.append(
                    f"Internal consistency {a:.1%}: satisfactory (Moodle: 75 % or more is satisfactory; "
                    "much above 90 % is rarely reached)."
                )
            elif a < ALPHA_UNSATISFACTORY:
                lines.append(
                    f"Internal consistency {a:.1%}: below 64 %, the test as a whole is unsatisfactory for "
                    "ranking students (Moodle); look at the items with low discrimination or efficiency."
                )
            else:
                lines.append(
                    f"Internal consistency {a:.1%}: between 64 % and 75 %, acceptable but not satisfactory (Moodle)."
                )
        if self.error_ratio is not None:
            verdict = "within" if self.error_ratio < ERROR_RATIO_AIM else "above"
            lines.append(
                f"Error ratio {self.error_ratio:.1%}: the share of the spread of marks that is chance; "
                f"{verdict} Moodle's aim of under 50 %."
            )
        if self.sem is not None:
            lines.append(
                f"Standard error {self.sem:.2f} marks: a student's mark is uncertain by about this much either way."
            )
        return lines


def _cumulants(totals: Sequence[float]) -> tuple[float, float, float, float]:
    """Moodle's k2, k3, k4 (and m2) from the sums of the 2nd–4th powers of deviations from the mean."""
    s = len(totals)
    m = math.fsum(totals) / s
    m2 = math.fsum((x - m) ** 2 for x in totals) / s
    m3 = math.fsum((x - m) ** 3 for x in totals) / s
    m4 = math.fsum((x - m) ** 4 for x in totals) / s
    k2 = s * m2 / (s - 1)
    k3 = s * s * m3 / ((s - 1) * (s - 2)) if s > 2 else math.nan
    k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3)) if s > 3 else math.nan
    return m2, k2, k3, k4


def cronbach_alpha(p: int, sum_item_variance: float, total_variance: float) -> float:
    """p/(p−1)·(1 − Σ item variances / variance of totals); the caller has checked p ≥ 2 and a total variance."""
    return p / (p - 1) * (1 - sum_item_variance / total_variance)


def paper_statistics(
    totals: Sequence[float],
    max_score: float | None,
    questions: int | None,
    sum_item_variance: float | None,
    no_alpha_reason: str = "",
) -> PaperStats:
    """The test figures for these sitting totals. ``questions`` and ``sum_item_variance`` describe the one
    paper every sitting shared (None, with ``no_alpha_reason``, when they did not share one)."""
    s = len(totals)
    undefined: dict[str, str] = {}
    avg = mean(totals)
    mid = median(totals)
    sd = skew = kurt = alpha = error_ratio = sem = None
    if s == 0:
        for key in ("mean", "median"):
            undefined[key] = "no complete sittings"
    if s < 2:
        undefined["sd"] = "needs at least 2 complete sittings"
    else:
        _, k2, k3, k4 = _cumulants(totals)
        sd = math.sqrt(k2)
        if k2 <= EPS:
            sd = 0.0
            undefined["skewness"] = undefined["kurtosis"] = "every sitting scored the same total"
        else:
            if s > 2:
                skew = k3 / k2**1.5
            else:
                undefined["skewness"] = "needs at least 3 complete sittings"
            if s > 3:
                kurt = k4 / (k2 * k2)
            else:
                undefined["kurtosis"] = "needs at least 4 complete sittings"
    if no_alpha_reason:
        undefined["cronbach_alpha"] = no_alpha_reason
    elif s < 3:
        undefined["cronbach_alpha"] = "needs at least 3 complete sittings, as Moodle computes it"
    elif questions is None or questions < 2 or sum_item_variance is None:
        undefined["cronbach_alpha"] = "needs a paper of at least 2 questions"
    elif sd is None or sd * sd <= EPS:
        undefined["cronbach_alpha"] = "every sitting scored the same total, so there is no spread to explain"
    else:
        alpha = cronbach_alpha(questions, sum_item_variance, sd * sd)
        error_ratio = math.sqrt(max(0.0, 1 - alpha))
        sem = sd * error_ratio
    if alpha is None:
        reason = undefined["cronbach_alpha"]
        undefined["error_ratio"] = undefined["sem"] = f"needs Cronbach's alpha, which is undefined: {reason}"
    return PaperStats(
        sittings=s,
        max_score=max_score,
        mean=avg,
        median=mid,
        sd=sd,
        skewness=skew,
        kurtosis=kurt,
        cronbach_alpha=alpha,
        error_ratio=error_ratio,
        sem=sem,
        undefined=undefined,
    )


def alpha_if_deleted(
    p: int, sum_item_variance: float, item_variance: float, rest_variance: float | None
) -> float | None:
    """Alpha of the paper without this item: (p−1)/(p−2)·(1 − (Σ variances − this one) / variance of the rest).
    None for fewer than three questions or a rest that does not vary."""
    if p < 3 or rest_variance is None or rest_variance <= EPS:
        return None
    return cronbach_alpha(p - 1, sum_item_variance - item_variance, rest_variance)


def point_biserial(chose: int, n: int, sum_y_chose: float, sum_y: float, sum_y2: float) -> float | None:
    """Correlation of "chose this option" (0/1) with y, from sums only, so every option costs O(1) after one
    pass over the answers. None when nobody or everybody chose it, or y does not vary."""
    if n < 2 or chose == 0 or chose == n:
        return None
    p = chose / n
    my = sum_y / n
    var_y = sum_y2 / n - my * my
    if var_y <= EPS:
        return None
    m1 = sum_y_chose / chose
    r = p * (m1 - my) / math.sqrt(p * (1 - p) * var_y)
    return max(-1.0, min(1.0, r))
