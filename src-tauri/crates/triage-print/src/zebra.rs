//! A Zebra's answer to `~HS` (host status): three `<STX>…<ETX><CR><LF>` strings.
//! String 1: `aaa,b,c,dddd,eee,f,g,h,iii,j,k,l` (b paper out, c paused, f buffer
//! full, j corrupt RAM, k/l under/over temperature); string 2:
//! `mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www` (o head open, p ribbon out).

/// What a Zebra says about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ZebraStatus {
    pub paper_out: bool,
    pub paused: bool,
    pub buffer_full: bool,
    pub under_temperature: bool,
    pub over_temperature: bool,
    pub head_open: bool,
    pub ribbon_out: bool,
}

impl ZebraStatus {
    /// Whether `got` holds the whole answer (three strings, each ended by ETX).
    pub fn complete(got: &[u8]) -> bool {
        got.iter().filter(|&&b| b == 3).count() >= 3
    }

    /// The status in `~HS`'s answer, or `None` if it is not one.
    pub fn parse(answer: &[u8]) -> Option<ZebraStatus> {
        let text = String::from_utf8_lossy(answer);
        let strings: Vec<&str> = text
            .split('\u{2}')
            .filter_map(|s| s.split('\u{3}').next())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let one: Vec<&str> = strings.first()?.split(',').collect();
        let two: Vec<&str> = strings.get(1)?.split(',').collect();
        if one.len() < 12 || two.len() < 11 {
            return None;
        }
        let flag = |v: &str| v.trim() == "1";
        Some(ZebraStatus {
            paper_out: flag(one[1]),
            paused: flag(one[2]),
            buffer_full: flag(one[5]),
            under_temperature: flag(one[10]),
            over_temperature: flag(one[11]),
            head_open: flag(two[2]),
            ribbon_out: flag(two[3]),
        })
    }

    /// What stops it printing, in words, worst first; empty when it can print.
    pub fn problems(&self) -> Vec<&'static str> {
        [
            (self.head_open, "head open"),
            (self.paper_out, "paper out"),
            (self.ribbon_out, "ribbon out"),
            (self.over_temperature, "head too hot"),
            (self.under_temperature, "head too cold"),
            (self.buffer_full, "receive buffer full"),
            (self.paused, "paused"),
        ]
        .into_iter()
        .filter_map(|(on, what)| on.then_some(what))
        .collect()
    }

    /// The `~HS` answer a printer in this state gives (for test printers).
    pub fn answer(&self) -> Vec<u8> {
        let b = |v: bool| if v { '1' } else { '0' };
        format!(
            "\u{2}030,{},{},1218,000,{},0,0,000,0,{},{}\u{3}\r\n\u{2}001,0,{},{},0,2,4,0,00000000,1,000\u{3}\r\n\u{2}1234,0\u{3}\r\n",
            b(self.paper_out),
            b(self.paused),
            b(self.buffer_full),
            b(self.under_temperature),
            b(self.over_temperature),
            b(self.head_open),
            b(self.ribbon_out),
        )
        .into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_round_trips_through_its_answer() {
        let s = ZebraStatus {
            paper_out: true,
            head_open: true,
            ..ZebraStatus::default()
        };
        assert_eq!(ZebraStatus::parse(&s.answer()), Some(s));
        assert_eq!(s.problems(), ["head open", "paper out"]);
        assert!(ZebraStatus::default().problems().is_empty());
    }

    #[test]
    fn a_real_answer_with_paper_out_and_pause() {
        // As a ZD-series printer sends it.
        let raw = b"\x02030,1,1,0812,000,0,0,0,000,0,0,0\x03\r\n\x02000,0,0,0,0,2,6,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n";
        let s = ZebraStatus::parse(raw).unwrap();
        assert_eq!(s.problems(), ["paper out", "paused"]);
    }

    #[test]
    fn anything_else_is_no_status() {
        assert_eq!(ZebraStatus::parse(b""), None);
        assert_eq!(ZebraStatus::parse(b"HTTP/1.1 400 Bad Request\r\n"), None);
        assert_eq!(ZebraStatus::parse(b"\x02030,0\x03\r\n"), None);
    }
}
