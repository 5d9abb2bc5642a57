import type { Scan } from "./wedge";

type ScanHandler = (scan: Scan) => void;

// Scans go to the screen that subscribed last: the one in front.
const handlers: ScanHandler[] = [];

export function subscribeScans(handler: ScanHandler): () => void {
  handlers.push(handler);
  return () => {
    const i = handlers.lastIndexOf(handler);
    if (i >= 0) handlers.splice(i, 1);
  };
}

export function deliverScan(scan: Scan): void {
  handlers.at(-1)?.(scan);
}
