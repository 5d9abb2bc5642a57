//! The life of one physical unit on the bench. Every move goes through
//! [`UnitState::next`]; anything else is an [`IllegalTransition`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UnitState {
    Received,
    Inspecting,
    Graded,
    AwaitingReview,
    Dispositioned,
    Labelled,
    Closed,
    /// A lead sent the held unit back for re-inspection: its inspection and LPN
    /// are void, and a new unit record (re-inspecting it) takes its place.
    SentBack,
    /// The inspector left the checklist without confirming (the item was put
    /// aside, or scanned by mistake): no inspection, nothing counts it.
    Dropped,
}

/// What happens to a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitEvent {
    StartInspection,
    Grade,
    Flag,
    /// A disposition is final (by rule, or a lead's review).
    Disposition,
    Label,
    Close,
    /// A lead sends a held unit back to be inspected again.
    SendBack,
    /// The inspector leaves the unit unconfirmed.
    Drop,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a unit that is {from:?} cannot take {event:?}")]
pub struct IllegalTransition {
    pub from: UnitState,
    pub event: UnitEvent,
}

impl UnitState {
    pub const ALL: [UnitState; 9] = [
        UnitState::Received,
        UnitState::Inspecting,
        UnitState::Graded,
        UnitState::AwaitingReview,
        UnitState::Dispositioned,
        UnitState::Labelled,
        UnitState::Closed,
        UnitState::SentBack,
        UnitState::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitState::Received => "received",
            UnitState::Inspecting => "inspecting",
            UnitState::Graded => "graded",
            UnitState::AwaitingReview => "awaiting_review",
            UnitState::Dispositioned => "dispositioned",
            UnitState::Labelled => "labelled",
            UnitState::Closed => "closed",
            UnitState::SentBack => "sent_back",
            UnitState::Dropped => "dropped",
        }
    }

    pub fn parse(value: &str) -> Option<UnitState> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn next(self, event: UnitEvent) -> Result<UnitState, IllegalTransition> {
        use UnitEvent as E;
        use UnitState as S;
        let to = match (self, event) {
            (S::Received, E::StartInspection) => S::Inspecting,
            (S::Inspecting, E::Grade) => S::Graded,
            (S::Graded, E::Flag) => S::AwaitingReview,
            (S::Graded | S::AwaitingReview, E::Disposition) => S::Dispositioned,
            (S::Dispositioned, E::Label) => S::Labelled,
            (S::Labelled, E::Close) => S::Closed,
            (S::AwaitingReview, E::SendBack) => S::SentBack,
            (S::Inspecting, E::Drop) => S::Dropped,
            (from, event) => return Err(IllegalTransition { from, event }),
        };
        Ok(to)
    }

    /// Applies events in order, stopping at the first illegal one.
    pub fn run(self, events: &[UnitEvent]) -> Result<UnitState, IllegalTransition> {
        events.iter().try_fold(self, |s, e| s.next(*e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use UnitEvent as E;
    use UnitState as S;

    #[test]
    fn only_a_unit_under_inspection_can_be_dropped() {
        assert_eq!(S::Received.run(&[E::StartInspection, E::Drop]), Ok(S::Dropped));
        assert!(S::Received.run(&[E::StartInspection, E::Grade, E::Drop]).is_err());
        assert_eq!(S::parse("dropped"), Some(S::Dropped));
    }

    #[test]
    fn the_clean_path_reaches_closed() {
        let end = S::Received.run(&[E::StartInspection, E::Grade, E::Disposition, E::Label, E::Close]);
        assert_eq!(end, Ok(S::Closed));
    }

    #[test]
    fn a_flagged_unit_waits_for_review_before_disposition() {
        let s = S::Received.run(&[E::StartInspection, E::Grade, E::Flag]).unwrap();
        assert_eq!(s, S::AwaitingReview);
        assert_eq!(
            s.next(E::Label),
            Err(IllegalTransition {
                from: S::AwaitingReview,
                event: E::Label
            })
        );
        assert_eq!(s.next(E::Disposition), Ok(S::Dispositioned));
        assert_eq!(s.next(E::SendBack), Ok(S::SentBack));
    }

    #[test]
    fn only_a_held_unit_can_be_sent_back_and_it_goes_nowhere_after() {
        for s in S::ALL {
            assert_eq!(s.next(E::SendBack).is_ok(), s == S::AwaitingReview, "{s:?}");
        }
        for e in [
            E::StartInspection,
            E::Grade,
            E::Flag,
            E::Disposition,
            E::Label,
            E::Close,
            E::SendBack,
        ] {
            assert!(S::SentBack.next(e).is_err(), "{e:?}");
        }
    }

    #[test]
    fn illegal_moves_are_typed_errors() {
        let err = S::Received.next(E::Label).unwrap_err();
        assert_eq!(err.to_string(), "a unit that is Received cannot take Label");
        assert!(S::Closed.next(E::StartInspection).is_err());
        assert!(S::Labelled.next(E::Grade).is_err());
    }

    #[test]
    fn every_state_name_round_trips() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
    }
}
