import type { BenchStatus } from "../gen/BenchStatus";
import type { Question } from "../gen/Question";
import type { ReturnView } from "../gen/ReturnView";
import type { Chart } from "../gen/Chart";
import type { DashboardPeriod } from "../gen/DashboardPeriod";
import type { DashboardView } from "../gen/DashboardView";

export const demoStatus: BenchStatus = {
  site: "LYS1",
  bench: "B-04",
  dataDir: "/var/lib/triage",
  labelDir: "/var/lib/triage/labels",
  locale: "en",
  returnsLoaded: 1,
  unitsToday: 0,
  rulesVersion: "demo-2025.1",
  rules: { version: "demo-2025.1", hash: "0f".repeat(32), source: "built-in", refused: null },
};

export const demoReturn: ReturnView = {
  returnNumber: "RMA-100234",
  orderNumber: "ORD-778120",
  channel: "web",
  customerName: "C. Martin",
  purchasedOn: "2025-03-02",
  createdOn: "2025-03-20",
  daysSincePurchase: 21,
  windowDays: 30,
  withinWindow: true,
  trackingNumbers: ["1Z999AA10123456784"],
  lines: [
    {
      lineNo: 1,
      sku: "TSH-BLU-M",
      gtin: "4006381333931",
      description: "T-shirt, blue, M",
      category: "apparel",
      quantity: 2,
      unitPriceCents: 1999,
      reason: "SIZE_TOO_SMALL",
      comment: "Runs small",
      expectedSerials: [],
      unitsInspected: 0,
    },
    {
      lineNo: 2,
      sku: "EAR-BT-200",
      gtin: "0012345678905",
      description: "Bluetooth earbuds",
      category: "electronics",
      quantity: 1,
      unitPriceCents: 5900,
      reason: "DEFECTIVE",
      comment: null,
      expectedSerials: ["SN-88231"],
      unitsInspected: 0,
    },
  ],
};

export const demoQuestions: Question[] = [
  {
    id: "tags",
    text: { en: "Original tags attached?", fr: "Étiquettes d’origine présentes ?" },
    kind: "yes_no",
    min: null,
    max: null,
    hotkey: "T",
    options: [
      { key: "Y", label: { en: "Yes", fr: "Oui" } },
      { key: "N", label: { en: "No", fr: "Non" } },
    ],
  },
  {
    id: "condition",
    text: { en: "Condition of the item?", fr: "État de l’article ?" },
    kind: "choice",
    min: null,
    max: null,
    hotkey: "C",
    options: [
      { key: "1", label: { en: "As new", fr: "Comme neuf" } },
      { key: "2", label: { en: "Light wear", fr: "Légère usure" } },
      { key: "3", label: { en: "Damaged", fr: "Endommagé" } },
    ],
  },
];

/** An electronics-style serial question, for lines that expect serial numbers. */
export const serialQuestion: Question = {
  id: "serial",
  text: { en: "Scan the serial number or IMEI", fr: "Scannez le numéro de série ou l’IMEI" },
  kind: "serial",
  options: [],
  min: null,
  max: null,
  hotkey: "R",
};

export const photoQuestion: Question = {
  id: "damage_photo",
  text: { en: "Photo of the damage: take it with the bench camera, then press Enter", fr: "Photo des dommages : prenez-la avec la caméra du poste, puis Entrée" },
  kind: "photo",
  options: [],
  min: null,
  max: null,
  hotkey: "P",
};

/**
 * A dashboard for the fake bench: a plausible shift, with the units graded and
 * held on the fake added, so a screen can see its numbers move.
 */
export function fakeDashboard(period: DashboardPeriod, awaitingLead: number, gradedHere: number): DashboardView {
  const graded = 12 + gradedHere;
  const day = (d: string, next = false) => {
    const t = new Date(`${d}T00:00:00Z`);
    if (next) t.setUTCDate(t.getUTCDate() + 1);
    return t.toISOString().slice(0, 10) + "T00:00:00+01:00";
  };
  const from = period.kind === "dates" ? day(period.from) : "2026-11-27T06:00:00+01:00";
  const to = period.kind === "dates" ? day(period.to, true) : "2026-11-27T14:00:00+01:00";
  const bars = (id: string, labelKind: Chart["labelKind"], measure: Chart["measure"], labels: string[], key: string, values: number[]): Chart => ({
    id,
    measure,
    labelKind,
    stacked: false,
    labels,
    series: [{ key, values }],
  });
  return {
    from,
    to,
    at: "2026-11-27T11:30:00+01:00",
    bench: "PAR1-01",
    rulesVersion: "2026.11-4",
    recovery: { restock: 100, refurbish: 55, liquidate: 15, dispose: 0 },
    kpis: {
      tiles: {
        graded,
        unitsPerHour: 4.5,
        dwellMedianMinutes: 38.5,
        dwellP90Minutes: 142,
        awaitingGrading: 1,
        awaitingLead,
        flaggedPercent: 16.7,
        expectedRecovery: 611.4,
        advisedRefund: 702.9,
      },
      charts: [
        bars("units_per_hour_by_inspector", "inspector", "units_per_hour", ["Inès Moreau", "Marc Petit"], "units_per_hour", [5, 4]),
        bars("units_per_hour_by_bench", "bench", "units_per_hour", ["PAR1-01"], "units_per_hour", [4.5]),
        {
          id: "dwell_by_category",
          measure: "minutes",
          labelKind: "category",
          stacked: false,
          labels: ["all", "apparel", "electronics"],
          series: [
            { key: "median", values: [38.5, 30, 64] },
            { key: "p90", values: [142, 75, 142] },
          ],
        },
        {
          id: "waiting_by_age",
          measure: "units",
          labelKind: "age_bucket",
          stacked: true,
          labels: ["lt_1h", "1h_4h", "4h_24h", "ge_24h"],
          series: [
            { key: "awaiting_grading", values: [1, 0, 0, 0] },
            { key: "awaiting_lead", values: [awaitingLead, 0, 0, 0] },
          ],
        },
        bars("disposition_mix", "disposition", "units", ["restock", "refurbish", "liquidate", "dispose"], "units", [graded - 5, 2, 2, 1]),
        {
          id: "recovery_by_disposition",
          measure: "money",
          labelKind: "disposition",
          stacked: false,
          labels: ["restock", "refurbish", "liquidate", "dispose"],
          series: [
            { key: "unit_value", values: [412.5, 310, 96, 25] },
            { key: "expected_recovery", values: [412.5, 170.5, 14.4, 0] },
          ],
        },
        {
          id: "reasons_by_category",
          measure: "units",
          labelKind: "category",
          stacked: true,
          labels: ["apparel", "electronics"],
          series: [
            { key: "DEFECTIVE", values: [1, 3] },
            { key: "SIZE_TOO_SMALL", values: [5, 0] },
          ],
        },
        {
          id: "top_skus_by_reason",
          measure: "units",
          labelKind: "sku",
          stacked: true,
          labels: ["TEE-NAVY-M", "PHONE-X2"],
          series: [
            { key: "DEFECTIVE", values: [0, 3] },
            { key: "SIZE_TOO_SMALL", values: [4, 0] },
          ],
        },
        bars("flag_rates", "flag", "percent", ["wrong_item", "serial_mismatch", "high_value"], "percent_of_graded", [8.3, 8.3, 0]),
        bars("refund_advice_totals", "refund_kind", "money", ["full", "partial", "none"], "advised_refund", [560, 142.9, 0]),
        bars("refund_advice_units", "refund_kind", "units", ["full", "partial", "none"], "units", [8, 3, 1]),
        {
          id: "calibration_by_inspector",
          measure: "percent",
          labelKind: "inspector",
          stacked: false,
          labels: ["Inès Moreau", "Marc Petit"],
          series: [
            { key: "agreement", values: [90, 60] },
            { key: "within_one", values: [100, 80] },
          ],
        },
      ],
    },
    calibration: {
      regraded: 15,
      agreementPercent: 80,
      withinOnePercent: 93.3,
      drift: [
        { inspector: "Marc Petit", recentRegrades: 5, recentPercent: 60, beforeRegrades: 8, beforePercent: 87.5, drifting: true },
        { inspector: "Inès Moreau", recentRegrades: 10, recentPercent: 90, beforeRegrades: 0, beforePercent: null, drifting: false },
      ],
    },
    calibrationShare: 2,
    source: { benches: ["PAR1-01"], central: false, centralError: null },
  };
}
