import { describe, expect, it } from "vitest";
import { en } from "./en";
import { fr } from "./fr";
import { translate } from "./translate";

describe("catalogs", () => {
  it("have exactly the same keys", () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it("have no empty strings", () => {
    for (const [name, catalog] of Object.entries({ en, fr })) {
      for (const [key, value] of Object.entries(catalog)) {
        expect(value.trim(), `${name} ${key}`).not.toBe("");
      }
    }
  });

  it("use the same placeholders in both languages", () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(names(fr[key]), key).toEqual(names(en[key]));
    }
  });

  it("speak French with its accents", () => {
    expect(fr["scan.prompt"]).toBe("Scannez un colis");
    expect(fr["disposition.restock"]).toBe("Remise en stock");
    expect(fr["key.escape"]).toBe("Échap");
  });
});

describe("translate", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("en", "scan.youScanned", { code: "1Z9" })).toBe("You scanned: 1Z9");
    expect(translate("fr", "scan.youScanned", { code: "1Z9" })).toBe("Vous avez scanné : 1Z9");
    expect(translate("en", "scan.youScanned")).toBe("You scanned: {code}");
  });
});
