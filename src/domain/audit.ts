import type { Db } from "../db/client.js";
import { auditLog } from "../db/schema.js";

export interface AuditInput {
  adminId: number;
  action: string;
  /** "user:<id>", "order:<id>", "service:<id>", "category:<id>", "broadcast:<id>", "topup:<id>", "promo:<code>", "payment:<id>", or null. */
  target?: string | null;
  details?: Record<string, unknown> | null;
  now: number;
}

/** Writes one audit row. Call inside the transaction of the change it records. */
export function writeAudit(t: Db, e: AuditInput): void {
  t.insert(auditLog)
    .values({
      adminId: e.adminId,
      action: e.action,
      target: e.target ?? null,
      details: e.details ? JSON.stringify(e.details) : null,
      createdAt: e.now,
    })
    .run();
}
