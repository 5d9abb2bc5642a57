import type { MessageKey } from "$lib/i18n/en";

const KEYS: Record<string, MessageKey> = {
  received_twice: "review.conflict.received_twice",
  more_than_expected: "review.conflict.more_than_expected",
  cancelled_after_receipt: "review.conflict.cancelled_after_receipt",
};

/** The words for a conflict central found; one this screen does not know yet reads as "received twice". */
export function conflictKey(kind: string | null): MessageKey {
  return (kind && KEYS[kind]) || "review.conflict.received_twice";
}
