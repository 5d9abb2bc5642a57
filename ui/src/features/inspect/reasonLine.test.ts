import { describe, expect, it } from "vitest";
import type { Decision } from "$lib/gen/Decision";
import type { Locale } from "$lib/gen/Locale";
import { translate, type MessageKey, type Params } from "$lib/i18n/translate";
import { reasonLine, refundLine } from "./reasonLine";

const tr = (locale: Locale) => (key: MessageKey, params?: Params) => translate(locale, key, params);

const restock: Decision = {
  grade: "A",
  disposition: "restock",
  destination: { en: "Zone A", fr: "Zone A" },
  refund: { kind: "full", feePercent: 0, reason: "as_new" },
  flags: [],
  ruleId: "restock-new",
  gradedBy: null,
  category: "apparel",
  withinWindow: true,
  daysSincePurchase: 12,
  windowDays: 30,
  complete: true,
  rulesVersion: "2025.1",
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
