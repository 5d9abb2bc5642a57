//! Where a label goes, as the admin writes it: `ipp://host:631/printers/zebra`,
//! `socket://host:9100`, `usb://0a5f:0164`, `file:///var/lib/triage/print`.

use crate::PrintError;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterUri {
    /// IPP (CUPS queue or network printer); `url` is http(s)://… for the client.
    Ipp { url: String, tls: bool },
    /// Raw TCP (JetDirect / Zebra port 9100).
    Socket { host: String, port: u16 },
    /// USB printer class, by vendor and product id.
    Usb { vendor: u16, product: u16 },
    /// Save to a folder (another program, or a person, prints from there).
    Folder { dir: PathBuf },
}

const EXAMPLES: &str = "ipp://host:631/printers/NAME, socket://host:9100, usb://0a5f:0164 or file:///folder";

impl PrinterUri {
    pub fn parse(text: &str) -> Result<PrinterUri, PrintError> {
        let text = text.trim();
        let bad = |why: &str| PrintError::BadUri(format!("printer {text:?}: {why}; write it as {EXAMPLES}"));
        let (scheme, rest) = text.split_once("://").ok_or_else(|| bad("it has no scheme"))?;
        match scheme.to_ascii_lowercase().as_str() {
            "ipp" | "ipps" => {
                let tls = scheme.eq_ignore_ascii_case("ipps");
                let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
                let (host, port) = host_port(authority, 631).map_err(|w| bad(&w))?;
                let http = if tls { "https" } else { "http" };
                Ok(PrinterUri::Ipp {
                    url: format!("{http}://{host}:{port}/{path}"),
                    tls,
                })
            }
            "socket" | "tcp" => {
                let authority = rest.trim_end_matches('/');
                let (host, port) = host_port(authority, 9100).map_err(|w| bad(&w))?;
                Ok(PrinterUri::Socket { host, port })
            }
            "usb" => {
                let (v, p) = rest
                    .trim_end_matches('/')
                    .split_once(':')
                    .ok_or_else(|| bad("a USB printer is VID:PID in hex"))?;
                let hex = |s: &str| u16::from_str_radix(s.trim_start_matches("0x"), 16).ok();
                match (hex(v), hex(p)) {
                    (Some(vendor), Some(product)) => Ok(PrinterUri::Usb { vendor, product }),
                    _ => Err(bad("a USB printer is VID:PID in hex")),
                }
            }
            "file" => {
                if !rest.starts_with('/') {
                    return Err(bad("a folder is an absolute path (file:///…)"));
                }
                Ok(PrinterUri::Folder {
                    dir: PathBuf::from(rest),
                })
            }
            other => Err(bad(&format!("{other}:// is not a printer this bench knows"))),
        }
    }
}

fn host_port(authority: &str, default: u16) -> Result<(String, u16), String> {
    if authority.is_empty() {
        return Err("it names no host".into());
    }
    // [v6]:port, host:port or host.
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (h, rest) = v6.split_once(']').ok_or("an IPv6 address needs its closing ]")?;
        (h.to_string(), rest.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (authority.to_string(), None),
        }
    };
    let port = match port {
        None => default,
        Some(p) => p
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or(format!("port {p:?} is not a number from 1 to 65535"))?,
    };
    if host.is_empty() {
        return Err("it names no host".into());
    }
    Ok((host, port))
}

impl fmt::Display for PrinterUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrinterUri::Ipp { url, tls } => {
                let scheme = if *tls { "ipps" } else { "ipp" };
                let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
                write!(f, "{scheme}://{rest}")
            }
            PrinterUri::Socket { host, port } if host.contains(':') => write!(f, "socket://[{host}]:{port}"),
            PrinterUri::Socket { host, port } => write!(f, "socket://{host}:{port}"),
            PrinterUri::Usb { vendor, product } => write!(f, "usb://{vendor:04x}:{product:04x}"),
            PrinterUri::Folder { dir } => write!(f, "file://{}", dir.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_parses_and_prints_back() {
        for (text, want) in [
            ("ipp://localhost:8631/ipp/print", "ipp://localhost:8631/ipp/print"),
            ("ipp://cups.local/printers/zebra", "ipp://cups.local:631/printers/zebra"),
            ("socket://10.0.0.7", "socket://10.0.0.7:9100"),
            ("socket://[::1]:9101/", "socket://[::1]:9101"),
            ("usb://0A5F:0164", "usb://0a5f:0164"),
            ("file:///var/lib/triage/print", "file:///var/lib/triage/print"),
        ] {
            let uri = PrinterUri::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(uri.to_string(), want);
        }
        assert_eq!(
            PrinterUri::parse("ipp://cups.local/printers/zebra").unwrap(),
            PrinterUri::Ipp {
                url: "http://cups.local:631/printers/zebra".into(),
                tls: false
            }
        );
    }

    #[test]
    fn a_bad_uri_says_how_to_write_one() {
        for (text, why) in [
            ("zebra-1", "it has no scheme"),
            ("lpd://host/q", "lpd:// is not a printer this bench knows"),
            ("socket://host:99999", "port \"99999\" is not a number from 1 to 65535"),
            ("socket://:9100", "it names no host"),
            ("usb://zebra", "a USB printer is VID:PID in hex"),
            ("file://relative/dir", "a folder is an absolute path (file:///…)"),
        ] {
            let err = PrinterUri::parse(text).unwrap_err().to_string();
            assert!(err.contains(why), "{text}: {err}");
            assert!(err.ends_with(EXAMPLES), "{err}");
        }
    }
}
