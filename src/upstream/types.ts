// Typed view of the SMM panel "API v2" (see ../shared/upstream-api/).
// Amounts stay decimal strings here; src/money.ts turns them into integers.

/** A service as the panel lists it, normalised (numbers parsed, flags defaulted). */
export interface PanelService {
  service: number;
  name: string;
  /** Raw type string as the panel sent it ("Default", "Custom Comments", "poll", ...). */
  type: string;
  category: string;
  /** Price per 1000 units, decimal string exactly as sent (e.g. "60.00000"). */
  rate: string;
  min: number;
  max: number;
  refill: boolean;
  cancel: boolean;
  dripfeed: boolean;
  description?: string;
}

/** Parameters of `add`. Only the fields the service type needs are sent. */
export interface AddOrderParams {
  service: number;
  link?: string;
  quantity?: number;
  runs?: number;
  interval?: number;
  comments?: string;
  usernames?: string;
  username?: string;
  hashtag?: string;
  answer_number?: number;
  groups?: string;
  min?: number;
  max?: number;
  posts?: number;
  delay?: number;
  expiry?: string;
}

export interface PanelOrderStatus {
  /** Decimal string, "" when absent. */
  charge: string;
  /** null when the panel sent an empty string or nothing. */
  startCount: number | null;
  /** Raw status string as sent ("In progress", "Cancelled", ...). */
  status: string;
  /** May be negative (over-delivery) or above quantity; null when absent. */
  remains: number | null;
  currency: string;
}

/** One item of a multi-status answer: either a status or a per-item error. */
export type MultiStatusItem = { ok: true; status: PanelOrderStatus } | { ok: false; error: string };

export interface PanelBalance {
  balance: string;
  currency: string;
}

export type CancelResult = { order: number; ok: true } | { order: number; ok: false; error: string };
export type RefillResult = { order: number; ok: true; refill: string } | { order: number; ok: false; error: string };
export type RefillStatusResult = { refill: string; ok: true; status: string } | { refill: string; ok: false; error: string };
