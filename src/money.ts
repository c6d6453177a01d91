// Money is integer minor units of the shop currency (2 decimals: 1 so'm = 100 minor units).
// Upstream decimals ("60.00000") are parsed from strings into scaled BigInts; no floats anywhere.

export const MINOR_DIGITS = 2;
const MINOR_SCALE = 10n ** BigInt(MINOR_DIGITS);

/** A non-negative decimal as an exact fraction: value = units / 10^scale. */
export interface Decimal {
  units: bigint;
  scale: number;
}

const DECIMAL_RE = /^\s*(-)?(\d+)(?:\.(\d+))?\s*$/;

/** Parses "60.00000", "0.9", "12" exactly. Returns null for anything else (exponents, hex, empty...). */
export function parseDecimal(text: string): Decimal | null {
  const m = DECIMAL_RE.exec(text);
  if (!m) return null;
  const frac = m[3] ?? "";
  const units = BigInt((m[2] ?? "0") + frac) * (m[1] ? -1n : 1n);
  return { units, scale: frac.length };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  // a >= 0, b > 0
  return (a + b - 1n) / b;
}

/** Markup in basis points (25% = 2500) from a string like "25" or "12.5". */
export function parseMarkupBasisPoints(text: string): number | null {
  const d = parseDecimal(text);
  if (!d || d.units < 0n || d.scale > 2) return null;
  // percent with 2 decimals = basis points
  const bp = d.units * 10n ** BigInt(2 - d.scale);
  return bp <= 1_000_000n ? Number(bp) : null;
}

/**
 * Customer price in minor units for `quantity` units at an upstream `rate` per 1000,
 * with `markupBp` basis points on top, rounded UP to the minor unit.
 * price = rate * quantity / 1000 * (10000 + markupBp) / 10000
 */
export function customerPriceMinor(rate: string, quantity: number, markupBp: number): number {
  const d = parseDecimal(rate);
  if (!d || d.units < 0n) throw new Error("invalid rate");
  const numerator = d.units * BigInt(quantity) * BigInt(10_000 + markupBp) * MINOR_SCALE;
  const denominator = 10n ** BigInt(d.scale) * 1000n * 10_000n;
  return toSafeNumber(ceilDiv(numerator, denominator));
}

/** Upstream cost of `quantity` at `rate` per 1000, in minor units rounded up (for figures, not charging). */
export function upstreamCostMinor(rate: string, quantity: number): number {
  return customerPriceMinor(rate, quantity, 0);
}

/** Price per 1000 at the given markup (what the catalogue shows). */
export function pricePer1000Minor(rate: string, markupBp: number): number {
  return customerPriceMinor(rate, 1000, markupBp);
}

/** Decimal string of the panel (e.g. balance "100.84292") to minor units, rounded down. */
export function decimalToMinorFloor(text: string): number | null {
  const d = parseDecimal(text);
  if (!d) return null;
  const scaled = d.units * MINOR_SCALE;
  const div = 10n ** BigInt(d.scale);
  // floor toward -infinity
  const q = scaled / div;
  return toSafeNumber(scaled < 0n && q * div !== scaled ? q - 1n : q);
}

/** An amount typed by a person ("1500", "1 500", "12.50", "12,5") to minor units; null if not a valid positive amount. */
export function parseAmountInput(text: string): number | null {
  const cleaned = text.trim().replace(/[\s\u00a0_']/g, "").replace(",", ".");
  if (!/^\d{1,13}(\.\d{1,2})?$/.test(cleaned)) return null;
  const d = parseDecimal(cleaned);
  if (!d) return null;
  const minor = d.units * 10n ** BigInt(MINOR_DIGITS - d.scale);
  if (minor <= 0n) return null;
  return toSafeNumber(minor);
}

/** Partial refund: charge x remains / quantity, remains clamped to 0..quantity, rounded down. */
export function partialRefundMinor(chargeMinor: number, remains: number | null, quantity: number): number {
  if (quantity <= 0) return 0;
  const r = Math.min(Math.max(remains ?? 0, 0), quantity);
  return toSafeNumber((BigInt(chargeMinor) * BigInt(r)) / BigInt(quantity));
}

function toSafeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new Error("amount out of range");
  return Number(v);
}

const CURRENCY_WORDS: Record<string, Record<string, string>> = {
  UZS: { uz: "so'm", ru: "сум", en: "UZS" },
  RUB: { uz: "rubl", ru: "₽", en: "RUB" },
  USD: { uz: "$", ru: "$", en: "USD" },
};

/**
 * Formats minor units for a person: grouping by the locale, the minor part only when not zero.
 * uz: "99 925 so'm", ru: "99 925 сум", en: "UZS 99,925".
 */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const negative = minor < 0;
  const abs = Math.abs(minor);
  const major = Math.trunc(abs / 100);
  const cents = abs % 100;
  const sep = locale === "en" ? "," : "\u00a0";
  const decimalMark = locale === "en" ? "." : ",";
  const grouped = String(major).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  const number = (negative ? "-" : "") + grouped + (cents ? decimalMark + String(cents).padStart(2, "0") : "");
  const word = CURRENCY_WORDS[currency]?.[locale] ?? currency;
  return locale === "en" ? `${word} ${number}` : `${number} ${word}`;
}

/** Basis points as a percent number for people: 500 -> "5", 250 -> "2.5", 1234 -> "12.34". */
export function formatBasisPoints(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = bp % 100;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}
