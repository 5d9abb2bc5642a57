//! Sending one label to one printer.

use crate::zebra::ZebraStatus;
use crate::{PrintError, PrinterUri};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::time::{Duration, Instant};

/// A rendered label.
#[derive(Debug, Clone, Copy)]
pub enum Payload<'a> {
    Pdf(&'a [u8]),
    Zpl(&'a [u8]),
}

impl Payload<'_> {
    pub(crate) fn bytes(&self) -> &[u8] {
        match self {
            Payload::Pdf(b) | Payload::Zpl(b) => b,
        }
    }
    fn extension(&self) -> &'static str {
        match self {
            Payload::Pdf(_) => "pdf",
            Payload::Zpl(_) => "zpl",
        }
    }
}

/// What the printer took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// e.g. the file written, or "4102 bytes to socket://…".
    pub detail: String,
    /// The printer's own number for a job it took but had not finished when we
    /// stopped watching (IPP): [`follow`] asks about it later. `None`: finished, or
    /// a printer that cannot say.
    pub remote_job: Option<i32>,
}

impl Sent {
    pub(crate) fn done(detail: String) -> Self {
        Sent {
            detail,
            remote_job: None,
        }
    }
}

/// How long [`send`] watches an IPP job before leaving it to [`follow`].
pub const WATCH: Duration = Duration::from_secs(30);

const CONNECT: Duration = Duration::from_secs(3);
const STATUS: Duration = Duration::from_secs(2);

/// Sends `payload` as the job named `job` (e.g. the LPN). A Zebra on a socket is
/// asked for its status first and the label is not sent while it cannot print. An
/// IPP job is watched for up to [`WATCH`].
pub fn send(printer: &PrinterUri, job: &str, payload: Payload) -> Result<Sent, PrintError> {
    send_watching(printer, job, payload, WATCH)
}

/// [`send`], watching an IPP job for up to `watch` before leaving it to [`follow`].
pub fn send_watching(printer: &PrinterUri, job: &str, payload: Payload, watch: Duration) -> Result<Sent, PrintError> {
    match printer {
        PrinterUri::Folder { dir } => to_folder(dir, job, payload),
        PrinterUri::Socket { host, port } => to_socket(printer, host, *port, payload),
        PrinterUri::Ipp { url, .. } => crate::ipp::print(printer, url, job, payload, watch),
        PrinterUri::Usb { vendor, product } => crate::usb::to_usb(printer, *vendor, *product, payload),
    }
}

/// How a job the printer took ([`Sent::remote_job`]) stands now: `Some` once it
/// printed, `None` while it is still printing (ask again later), an error when the
/// printer stopped it (its reason) or cannot be reached. Never sends the label again.
pub fn follow(printer: &PrinterUri, remote_job: i32) -> Result<Option<Sent>, PrintError> {
    match printer {
        PrinterUri::Ipp { url, .. } => crate::ipp::follow(printer, url, remote_job),
        _ => Ok(Some(Sent::done(format!("job {remote_job} sent to {printer}")))),
    }
}

/// Whether the printer can print now, in words (`ready`, `idle`…), or why not.
/// A Zebra (`zebra`: the printer takes ZPL) is asked `~HS`; an IPP printer its
/// state; a folder must be writable. Other raw printers are only reached: they
/// might print a query as text.
pub fn check(printer: &PrinterUri, zebra: bool) -> Result<String, PrintError> {
    match printer {
        PrinterUri::Folder { dir } => {
            let probe = dir.join(".triage-check");
            std::fs::write(&probe, b"")
                .and_then(|_| std::fs::remove_file(&probe))
                .map(|_| "ready".to_string())
                .map_err(|e| PrintError::Folder {
                    path: dir.display().to_string(),
                    reason: e.to_string(),
                })
        }
        PrinterUri::Ipp { url, .. } => crate::ipp::state(printer, url),
        PrinterUri::Socket { host, port } => {
            let unreachable = |reason: String| PrintError::Unreachable {
                printer: printer.to_string(),
                reason,
            };
            let addr = (host.as_str(), *port)
                .to_socket_addrs()
                .map_err(|e| unreachable(e.to_string()))?
                .next()
                .ok_or_else(|| unreachable(format!("{host} has no address")))?;
            let mut s = TcpStream::connect_timeout(&addr, CONNECT).map_err(|e| unreachable(e.to_string()))?;
            if !zebra {
                return Ok("ready".into());
            }
            match status(&mut s).map_err(|e| unreachable(format!("no answer to ~HS: {e}")))? {
                Some(st) if !st.problems().is_empty() => Err(PrintError::Trouble {
                    printer: printer.to_string(),
                    reason: st.problems().join(", "),
                }),
                _ => Ok("ready".into()),
            }
        }
        PrinterUri::Usb { vendor, product } => crate::usb::check(printer, *vendor, *product, zebra),
    }
}

/// Written under a temporary name, synced, then renamed: a half-written label never
/// appears in the folder.
fn to_folder(dir: &Path, job: &str, payload: Payload) -> Result<Sent, PrintError> {
    let name: String = job
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .collect();
    let path = dir.join(format!("{name}.{}", payload.extension()));
    let tmp = dir.join(format!(".{name}.{}.part", payload.extension()));
    let fail = |e: std::io::Error| PrintError::Folder {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut f = std::fs::File::create(&tmp).map_err(fail)?;
    f.write_all(payload.bytes()).and_then(|_| f.sync_all()).map_err(fail)?;
    std::fs::rename(&tmp, &path).map_err(fail)?;
    std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(fail)?;
    Ok(Sent::done(path.display().to_string()))
}

fn to_socket(printer: &PrinterUri, host: &str, port: u16, payload: Payload) -> Result<Sent, PrintError> {
    let unreachable = |reason: String| PrintError::Unreachable {
        printer: printer.to_string(),
        reason,
    };
    let addr = (host, port)
        .to_socket_addrs()
        .map_err(|e| unreachable(e.to_string()))?
        .next()
        .ok_or_else(|| unreachable(format!("{host} has no address")))?;
    let connect = || TcpStream::connect_timeout(&addr, CONNECT).map_err(|e| unreachable(e.to_string()));
    if let Payload::Zpl(_) = payload {
        // Its own connection: the status query never mixes with a label.
        let mut s = connect()?;
        let status = status(&mut s).map_err(|e| unreachable(format!("no answer to ~HS: {e}")))?;
        if let Some(status) = status {
            let problems = status.problems();
            if !problems.is_empty() {
                return Err(PrintError::Trouble {
                    printer: printer.to_string(),
                    reason: problems.join(", "),
                });
            }
        }
    }
    let mut s = connect()?;
    s.write_all(payload.bytes())
        .and_then(|_| s.flush())
        .map_err(|e| unreachable(format!("the label was cut off: {e}")))?;
    let _ = s.shutdown(std::net::Shutdown::Write);
    Ok(Sent::done(format!("{} bytes to {printer}", payload.bytes().len())))
}

/// Asks for `~HS` and reads until the three strings are in (or the time is up);
/// `None` when the printer answers nothing a Zebra would (not a Zebra).
fn status(s: &mut TcpStream) -> std::io::Result<Option<ZebraStatus>> {
    s.write_all(b"~HS")?;
    s.flush()?;
    let deadline = Instant::now() + STATUS;
    let mut got = Vec::new();
    let mut buf = [0u8; 256];
    while Instant::now() < deadline {
        s.set_read_timeout(Some(
            deadline
                .saturating_duration_since(Instant::now())
                .max(Duration::from_millis(10)),
        ))?;
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                got.extend_from_slice(&buf[..n]);
                if ZebraStatus::complete(&got) {
                    break;
                }
            }
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => break,
            Err(e) => return Err(e),
        }
    }
    Ok(ZebraStatus::parse(&got))
}
