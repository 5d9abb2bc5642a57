// How the dashboard words its labels, series and numbers. The numbers arrive
// rounded by triage_core::kpi (the CSV export writes the same ones); only the
// decimal mark follows the language here.
import type { DashboardSource } from "$lib/gen/DashboardSource";
import type { LabelKind } from "$lib/gen/LabelKind";
import type { Measure } from "$lib/gen/Measure";
import { en } from "$lib/i18n/en";
import { getLocale, t, type MessageKey } from "$lib/i18n/index.svelte";

const known = (key: string): key is MessageKey => key in en;

/** A chart label in words: categories, dispositions, flags… by the catalog; names and SKUs as they are. */
export function labelText(kind: LabelKind, label: string): string {
  const key =
    kind === "category"
      ? label === "all"
        ? "dashboard.all"
        : `category.${label}`
      : kind === "disposition"
        ? `disposition.${label}`
        : kind === "flag"
          ? `flag.${label}`
          : kind === "refund_kind"
            ? `dashboard.refund.${label}`
            : kind === "age_bucket"
              ? `dashboard.age.${label}`
              : "";
  return known(key) ? t(key) : label;
}

/** A series key in words: a return reason, or one of the dashboard's measures. */
export function seriesText(key: string): string {
  const asReason = `returnReason.${key}`;
  if (known(asReason)) return t(asReason);
  const own = `dashboard.series.${key}`;
  return known(own) ? t(own) : key;
}

const DIGITS: Record<Measure, number> = { units: 0, units_per_hour: 1, minutes: 1, money: 2, percent: 1 };

/** A value with the decimals the CSV has, in the bench's language. */
export function valueText(value: number, measure: Measure): string {
  return value.toLocaleString(getLocale() === "fr" ? "fr-FR" : "en-GB", {
    minimumFractionDigits: DIGITS[measure],
    maximumFractionDigits: DIGITS[measure],
  });
}

/** The chart's title. */
export function chartTitle(id: string): string {
  const key = `dashboard.chart.${id}`;
  return known(key) ? t(key) : id;
}

/** Whose units the numbers count: the site's benches through central, this bench alone and why. */
export function sourceText(source: DashboardSource): string {
  const [here, ...others] = source.benches;
  if (source.central) {
    const site = t("dashboard.source.site", { here, others: others.length ? others.join(", ") : t("dashboard.source.none") });
    return source.centralError ? `${site} (${source.centralError})` : site;
  }
  if (source.centralError) return t("dashboard.source.alone", { here, why: source.centralError });
  return here;
}
