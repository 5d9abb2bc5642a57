import type { Decision } from "$lib/gen/Decision";
import type { Locale } from "$lib/gen/Locale";
import type { RefundAdvice } from "$lib/gen/RefundAdvice";
import type { MessageKey, Params } from "$lib/i18n/translate";

/** t() or translate() bound to a locale: the formatters stay pure and testable. */
export type Translate = (key: MessageKey, params?: Params) => string;

/** "Restock → Zone A: grade A, apparel, within 30-day window (rule restock-new)" */
export function reasonLine(d: Decision, tr: Translate, locale: Locale): string {
  const window = d.withinWindow
    ? tr("reason.within", { days: d.windowDays })
    : tr("reason.outside", { days: d.windowDays, n: d.daysSincePurchase });
  const flags =
    d.flags.length > 0 ? tr("reason.flagged", { flags: d.flags.map((f) => tr(`flag.${f}`)).join(", ") }) : "";
  return tr("reason.line", {
    disposition: tr(`disposition.${d.disposition}`),
    route: d.route ? tr("reason.route", { route: tr(`route.${d.route}`) }) : "",
    destination: d.destination[locale],
    grade: d.grade,
    category: tr(`category.${d.category}`),
    window,
    flags,
    rule: d.ruleId,
  });
}

/** "Partial refund, 15% fee — used: restocking fee" */
export function refundLine(r: RefundAdvice, tr: Translate): string {
  return tr("refund.withReason", {
    refund: tr(`refund.${r.kind}`, { fee: r.feePercent }),
    reason: tr(`refundReason.${r.reason}`),
  });
}
