//! The audit log's hash chain (pure).
//!
//! Each entry's hash covers its own fields and the previous entry's hash, so
//! editing, deleting or inserting an entry anywhere but at the very end breaks
//! the chain at that entry. [`verify`] walks the chain and names the first bad one.

use sha2::{Digest, Sha256};

/// The hash the first entry chains to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// 1, 2, 3 … with no gaps.
    pub seq: i64,
    /// RFC 3339, UTC.
    pub at: String,
    /// The badge of who did it, or `system` / `cli` for the bench itself.
    pub actor: String,
    /// What was done: `parcel.received`, `unit.confirmed`, `user.login_failed` …
    pub action: String,
    /// What it was done to (a parcel id, an LPN, a badge …).
    pub subject: String,
    /// The facts of the change, JSON.
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an entry's fields chained to `prev_hash` (SHA-256, lowercase hex).
/// Each field is length-prefixed, so no two different entries hash the same text.
pub fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    let seq = seq.to_string();
    for field in [prev_hash, seq.as_str(), at, actor, action, subject, detail] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Why the chain is broken at an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// The entry's fields no longer give its hash: it was edited.
    Edited,
    /// The entry does not chain to the one before it: one was removed, inserted or replaced.
    Unlinked,
    /// The sequence skips numbers: entries before this one were removed.
    Gap { expected: i64 },
}

/// The first entry where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub seq: i64,
    pub why: Break,
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.why {
            Break::Edited => write!(
                f,
                "entry {} was changed after it was written (its hash no longer matches)",
                self.seq
            ),
            Break::Unlinked => write!(
                f,
                "entry {} does not follow the entry before it (an entry was removed, inserted or replaced there)",
                self.seq
            ),
            Break::Gap { expected } => write!(
                f,
                "entry {expected} is missing (the next one is {}): entries were removed",
                self.seq
            ),
        }
    }
}

/// Walks entries in `seq` order from the first; `Ok(n)` is the number checked.
pub fn verify<I: IntoIterator<Item = AuditEntry>>(entries: I) -> Result<u64, ChainBreak> {
    walk(GENESIS.to_string(), 1, entries)
}

/// Walks entries that follow `last`, an entry already checked (to check a long chain in pages).
pub fn verify_from<I: IntoIterator<Item = AuditEntry>>(last: &AuditEntry, entries: I) -> Result<u64, ChainBreak> {
    walk(last.hash.clone(), last.seq + 1, entries)
}

fn walk<I: IntoIterator<Item = AuditEntry>>(
    mut prev: String,
    mut expected: i64,
    entries: I,
) -> Result<u64, ChainBreak> {
    let mut n = 0;
    for e in entries {
        if e.seq != expected {
            return Err(ChainBreak {
                seq: e.seq,
                why: Break::Gap { expected },
            });
        }
        let own = entry_hash(&e.prev_hash, e.seq, &e.at, &e.actor, &e.action, &e.subject, &e.detail);
        if own != e.hash {
            return Err(ChainBreak {
                seq: e.seq,
                why: Break::Edited,
            });
        }
        if e.prev_hash != prev {
            return Err(ChainBreak {
                seq: e.seq,
                why: Break::Unlinked,
            });
        }
        prev = e.hash;
        expected += 1;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let (at, actor, action, subject, detail) = (
                    format!("2026-11-27T08:00:{seq:02}Z"),
                    "EMP1001",
                    "unit.confirmed",
                    format!("LPN{seq}"),
                    "{}",
                );
                let hash = entry_hash(&prev, seq, &at, actor, action, &subject, detail);
                let e = AuditEntry {
                    seq,
                    at,
                    actor: actor.into(),
                    action: action.into(),
                    subject,
                    detail: detail.into(),
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                e
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify(chain(20)), Ok(20));
        assert_eq!(verify(Vec::new()), Ok(0));
    }

    #[test]
    fn an_edited_entry_is_named() {
        let mut c = chain(10);
        c[6].actor = "EMP9999".into();
        assert_eq!(
            verify(c),
            Err(ChainBreak {
                seq: 7,
                why: Break::Edited
            })
        );
    }

    #[test]
    fn an_edit_with_its_hash_recomputed_breaks_the_next_link() {
        let mut c = chain(10);
        c[3].detail = r#"{"grade":"A"}"#.into();
        c[3].hash = entry_hash(
            &c[3].prev_hash,
            4,
            &c[3].at,
            &c[3].actor,
            &c[3].action,
            &c[3].subject,
            &c[3].detail,
        );
        assert_eq!(
            verify(c),
            Err(ChainBreak {
                seq: 5,
                why: Break::Unlinked
            })
        );
    }

    #[test]
    fn a_removed_entry_is_a_gap() {
        let mut c = chain(10);
        c.remove(4);
        let err = verify(c).unwrap_err();
        assert_eq!(
            err,
            ChainBreak {
                seq: 6,
                why: Break::Gap { expected: 5 }
            }
        );
        assert!(err.to_string().contains("entry 5 is missing"));
    }

    #[test]
    fn a_chain_checks_in_pages() {
        let c = chain(10);
        assert_eq!(verify(c[..4].to_vec()), Ok(4));
        assert_eq!(verify_from(&c[3], c[4..].to_vec()), Ok(6));
        assert_eq!(
            verify_from(&c[2], c[4..].to_vec()),
            Err(ChainBreak {
                seq: 5,
                why: Break::Gap { expected: 4 }
            })
        );
    }

    #[test]
    fn fields_cannot_slide_into_each_other() {
        let a = entry_hash(GENESIS, 1, "t", "ab", "c", "s", "d");
        let b = entry_hash(GENESIS, 1, "t", "a", "bc", "s", "d");
        assert_ne!(a, b);
    }
}
