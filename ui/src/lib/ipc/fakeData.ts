import type { BenchStatus } from "../gen/BenchStatus";
import type { Question } from "../gen/Question";
import type { ReturnView } from "../gen/ReturnView";

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
