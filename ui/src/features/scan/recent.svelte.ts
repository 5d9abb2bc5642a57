import type { ErrorCode } from "$lib/gen/ErrorCode";

export interface RecentScan {
  text: string;
  at: number;
  /** null when the scan found a parcel. */
  code: ErrorCode | null;
  /** The return found, or the error's message. */
  detail: string;
}

const KEEP = 6;

// Module state so the list survives leaving the Scan screen for a parcel and coming back.
export const recentScans = $state<RecentScan[]>([]);

export function addRecentScan(scan: RecentScan): void {
  recentScans.unshift(scan);
  recentScans.splice(KEEP);
}
