import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  customerPriceMinor,
  decimalToMinorFloor,
  formatMoney,
  parseAmountInput,
  parseDecimal,
  parseMarkupBasisPoints,
  partialRefundMinor,
  pricePer1000Minor,
} from "../src/money.js";

describe("money", () => {
  it("parses decimal strings exactly and refuses floats in disguise", () => {
    expect(parseDecimal("60.00000")).toEqual({ units: 6000000n, scale: 5 });
    expect(parseDecimal("0.27819")).toEqual({ units: 27819n, scale: 5 });
    for (const bad of ["1e3", "0x10", "", " . ", "1.2.3", "NaN", "Infinity", "١٢"]) expect(parseDecimal(bad)).toBeNull();
  });

  it("prices = rate x quantity / 1000 x (1 + markup), rounded up to the minor unit", () => {
    // 60 so'm per 1000 at +25% = 75 per 1000; 1000 units -> 75.00
    expect(customerPriceMinor("60.00000", 1000, 2500)).toBe(7500);
    // 0.9 per 1000, 1 unit, +25%: 0.001125 -> rounds up to 0.01
    expect(customerPriceMinor("0.90000", 1, 2500)).toBe(1);
    // 36 per 1000, 333 units, +12.5%: 13.4865 -> 13.49
    expect(customerPriceMinor("36", 333, 1250)).toBe(1349);
    expect(pricePer1000Minor("12.50000", 0)).toBe(1250);
  });

  it("never undercharges: price >= exact cost x markup, and by less than one minor unit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 50_000 }), (rateMicro, q, bp) => {
        const rate = `${Math.trunc(rateMicro / 100000)}.${String(rateMicro % 100000).padStart(5, "0")}`;
        const price = BigInt(customerPriceMinor(rate, q, bp));
        // exact = rateMicro/1e5 * q/1000 * (10000+bp)/10000 * 100 minor units
        const exactNum = BigInt(rateMicro) * BigInt(q) * BigInt(10000 + bp) * 100n;
        const exactDen = 100000n * 1000n * 10000n;
        expect(price * exactDen >= exactNum).toBe(true);
        expect((price - 1n) * exactDen < exactNum).toBe(true);
      }),
    );
  });

  it("partial refunds are charge x remains / quantity, clamped and rounded down", () => {
    expect(partialRefundMinor(7500, 250, 1000)).toBe(1875);
    expect(partialRefundMinor(1001, 1, 3)).toBe(333);
    expect(partialRefundMinor(7500, -20, 1000)).toBe(0); // over-delivery
    expect(partialRefundMinor(7500, 5000, 1000)).toBe(7500); // remains above quantity
    expect(partialRefundMinor(7500, null, 1000)).toBe(0);
  });

  it("reads markup and typed amounts", () => {
    expect(parseMarkupBasisPoints("25")).toBe(2500);
    expect(parseMarkupBasisPoints("12.5")).toBe(1250);
    expect(parseMarkupBasisPoints("-3")).toBeNull();
    expect(parseMarkupBasisPoints("abc")).toBeNull();
    expect(parseAmountInput("15 000")).toBe(1_500_000);
    expect(parseAmountInput("12,50")).toBe(1250);
    expect(parseAmountInput("0")).toBeNull();
    expect(parseAmountInput("1e3")).toBeNull();
    expect(parseAmountInput("-5")).toBeNull();
    expect(decimalToMinorFloor("100.84292")).toBe(10084);
  });

  it("formats with the locale's grouping and hides a zero minor part", () => {
    expect(formatMoney(9_992_500, "UZS", "uz")).toBe("99\u00a0925 so'm");
    expect(formatMoney(9_992_500, "UZS", "ru")).toBe("99\u00a0925 сум");
    expect(formatMoney(9_992_500, "UZS", "en")).toBe("UZS 99,925");
    expect(formatMoney(1875, "UZS", "en")).toBe("UZS 18.75");
  });
});
