import { describe, expect, it } from "vitest";
import type { Decision } from "$lib/gen/Decision";
import type { Locale } from "$lib/gen/Locale";
import { translate, type MessageKey, type Params } from "$lib/i18n/translate";
import { reasonLine, refundLine } from "./reasonLine";

const tr = (locale: Locale) => (key: MessageKey, params?: Params) => translate(locale, key, params);

const restock: Decision = {
  grade: "A",
  gradeInfo: { grade: "A", label: { en: "New", fr: "Neuf" }, ebayConditionId: 1000, amazonCondition: "new_new", ctia: null },
  gradeRule: null,
  disposition: "restock",
  route: null,
  destination: { en: "Zone A", fr: "Zone A" },
  routed: { en: "Zone A", fr: "Zone A" },
  ruleId: "restock-new",
  refund: { kind: "full", feePercent: 0, reason: "as_new" },
  refundRule: "refund-as-new",
  flags: [],
  flagRules: [],
  held: false,
  because: [{ name: "grade", value: "A" }],
  summary: "Restock → Zone A: grade A, apparel",
  category: "apparel",
  withinWindow: true,
  daysSincePurchase: 12,
  windowDays: 30,
  unitValueCents: 1999,
  asked: ["tags_attached", "worn", "damage"],
  complete: true,
  rulesVersion: "2025.1",
  rulesHash: "ab".repeat(32),
  facts: {
    category: "apparel",
    reason: "SIZE_TOO_SMALL",
    days_since_purchase: 12,
    window_days: 30,
    unit_value_cents: 1999,
    wrong_item: false,
    over_quantity: false,
    stock_need: "unknown",
    expected_serials: [],
    raised: [],
  },
  answers: [],
};

describe("reasonLine", () => {
  it("says why in one line, in English", () => {
    expect(reasonLine(restock, tr("en"), "en")).toBe(
      "Restock → Zone A: grade A, apparel, within 30-day window (rule restock-new)",
    );
  });

  it("says why in one line, in French", () => {
    expect(reasonLine(restock, tr("fr"), "fr")).toBe(
      "Remise en stock → Zone A : grade A, habillement, dans le délai de 30 jours (règle restock-new)",
    );
  });

  it("gives the days since purchase when outside the window", () => {
    const late = { ...restock, withinWindow: false, daysSincePurchase: 41, disposition: "liquidate" as const };
    expect(reasonLine(late, tr("en"), "en")).toBe(
      "Liquidate → Zone A: grade A, apparel, outside 30-day window (41 days since purchase) (rule restock-new)",
    );
  });

  it("names the flags", () => {
    const wrong = { ...restock, flags: ["wrong_item" as const], ruleId: "wrong-item-review" };
    expect(reasonLine(wrong, tr("en"), "en")).toBe(
      "Restock → Zone A: grade A, apparel, within 30-day window, flagged: wrong item (rule wrong-item-review)",
    );
    expect(reasonLine(wrong, tr("fr"), "fr")).toContain(", signalé : mauvais article (règle wrong-item-review)");
  });
});

describe("reasonLine with a sub-route", () => {
  it("names the route after the disposition", () => {
    const recycle = { ...restock, disposition: "dispose" as const, route: "recycle" as const, ruleId: "electronics-unsellable-recycle" };
    expect(reasonLine(recycle, tr("en"), "en")).toBe(
      "Dispose (recycle) → Zone A: grade A, apparel, within 30-day window (rule electronics-unsellable-recycle)",
    );
    expect(reasonLine(recycle, tr("fr"), "fr")).toContain("(recyclage) → Zone A");
  });
});

describe("refundLine", () => {
  it("gives the kind, the fee and the reason", () => {
    expect(refundLine({ kind: "partial", feePercent: 15, reason: "used_restocking_fee" }, tr("en"))).toBe(
      "Partial refund, 15% fee — used: restocking fee",
    );
    expect(refundLine({ kind: "none", feePercent: 0, reason: "outside_window" }, tr("fr"))).toBe(
      "Aucun remboursement — hors du délai de retour",
    );
  });
});
