//! Scanners read directly (USB HID by VID:PID, a USB COM port): which ones,
//! kept in the bench's settings, and the watches that read them.

use crate::error::{AppError, ErrorCode, Result};
use crate::Bench;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use triage_scan::hid::{known_vendor, Layout, Scan};
use triage_scanners::{SerialWatch, UsbWatch, VidPid};
use ts_rs::TS;

const SETTINGS_KEY: &str = "scanners";

/// What the bench reads besides the keyboard wedge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ScannerSettings {
    /// USB scanners to take from the keyboard, as `vvvv:pppp`.
    pub usb: Vec<String>,
    /// The keyboard layout a keyboard-mode USB scanner is set to.
    pub layout: Layout,
    /// A scanner in USB COM mode: its device, like /dev/ttyACM0.
    pub serial: Option<String>,
    pub baud: u32,
    /// Keyboard wedge: the longest gap between two characters of one scan;
    /// slower typing is a person's.
    pub wedge_gap_ms: u32,
}

impl Default for ScannerSettings {
    fn default() -> Self {
        ScannerSettings {
            usb: Vec::new(),
            layout: Layout::Us,
            serial: None,
            baud: 9600,
            wedge_gap_ms: 30,
        }
    }
}

impl ScannerSettings {
    /// The USB ids, checked; the first bad one is refused with what to write.
    pub fn usb_ids(&self) -> Result<Vec<VidPid>> {
        self.usb
            .iter()
            .map(|s| VidPid::parse(s).map_err(|e| AppError::new(ErrorCode::InvalidInput, e)))
            .collect()
    }
}

/// A USB device on the bus, for choosing scanners in settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UsbDeviceView {
    /// `vvvv:pppp`
    pub id: String,
    pub product: Option<String>,
    /// The scanner maker its vendor id belongs to, if known.
    pub maker: Option<String>,
    /// Whether the bench reads it.
    pub chosen: bool,
}

/// Where the window's scans go, the watches running, and what they said lately.
#[derive(Default)]
pub(crate) struct ScannerSlot {
    running: Mutex<Option<(Sender<Scan>, Scanners)>>,
    log: Arc<Mutex<VecDeque<String>>>,
}

/// How many lines of scanner news the settings screen can show.
const LOG_LINES: usize = 20;

/// The watches reading the chosen scanners; dropping it stops them.
pub struct Scanners {
    _usb: Option<UsbWatch>,
    _serial: Option<SerialWatch>,
}

impl Scanners {
    /// Starts reading what `settings` name; scans go to `scans`, news in words to `log`.
    pub fn start(
        settings: &ScannerSettings,
        scans: Sender<Scan>,
        log: impl Fn(String) + Send + Sync + Clone + 'static,
    ) -> Result<Scanners> {
        let ids = settings.usb_ids()?;
        let usb =
            (!ids.is_empty()).then(|| triage_scanners::watch_usb(ids, settings.layout, scans.clone(), log.clone()));
        let serial = settings
            .serial
            .clone()
            .map(|path| triage_scanners::watch_serial(path, settings.baud, scans, log));
        Ok(Scanners {
            _usb: usb,
            _serial: serial,
        })
    }
}

impl Bench {
    pub async fn scanner_settings(&self) -> Result<ScannerSettings> {
        match self.store().setting(SETTINGS_KEY).await? {
            None => Ok(ScannerSettings::default()),
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                AppError::new(
                    ErrorCode::Storage,
                    format!("the stored scanner settings cannot be read ({e}); choose the scanners again in settings"),
                )
            }),
        }
    }

    /// Starts reading the chosen scanners; their scans go to `sink` (the window).
    pub async fn read_scanners(&self, sink: Sender<Scan>) -> Result<()> {
        let settings = self.scanner_settings().await?;
        self.start_scanners(&settings, sink)
    }

    fn start_scanners(&self, settings: &ScannerSettings, sink: Sender<Scan>) -> Result<()> {
        let mut running = self.scanners.running.lock().unwrap_or_else(|e| e.into_inner());
        // The old watches let go of their devices before the new ones take them.
        *running = None;
        let log = self.scanners.log.clone();
        let news = move |line: String| {
            let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
            if log.len() == LOG_LINES {
                log.pop_front();
            }
            log.push_back(line);
        };
        *running = Some((sink.clone(), Scanners::start(settings, sink, news)?));
        Ok(())
    }

    /// What the scanner watches said lately (attached, detached, refused), oldest first.
    pub fn scanner_news(&self) -> Vec<String> {
        self.scanners
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned()
            .collect()
    }

    /// Checks and keeps the scanner settings, and reads by them at once when
    /// the window reads scanners.
    pub async fn set_scanner_settings(&self, settings: ScannerSettings) -> Result<ScannerSettings> {
        let by = self.actor(triage_core::Action::ConfigureScanners)?;
        let mut settings = settings;
        settings.usb = settings.usb_ids()?.iter().map(VidPid::to_string).collect();
        // The same scanner named twice (any case) is read once.
        let mut seen = std::collections::HashSet::new();
        settings.usb.retain(|id| seen.insert(id.clone()));
        settings.serial = settings.serial.map(|p| p.trim().to_string()).filter(|p| !p.is_empty());
        if !(1200..=921_600).contains(&settings.baud) {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "{} baud is not a serial speed a scanner uses: choose 9600 or 115200",
                    settings.baud
                ),
            ));
        }
        if !(10..=200).contains(&settings.wedge_gap_ms) {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "{} ms between characters cannot tell a scanner from typing: choose 10 to 200 ms (30 suits most scanners)",
                    settings.wedge_gap_ms
                ),
            ));
        }
        let json = serde_json::to_string(&settings).map_err(|e| AppError::new(ErrorCode::Storage, e.to_string()))?;
        self.store()
            .set_setting_by(SETTINGS_KEY, &json, &by, self.now().with_timezone(&chrono::Utc))
            .await?;
        let sink = self
            .scanners
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|(sink, _)| sink.clone());
        if let Some(sink) = sink {
            self.start_scanners(&settings, sink)?;
        }
        Ok(settings)
    }

    /// The USB devices connected now, the chosen ones marked.
    pub async fn usb_devices(&self) -> Result<Vec<UsbDeviceView>> {
        let chosen = self.scanner_settings().await?.usb_ids()?;
        let devices = triage_scanners::connected().map_err(|e| AppError::new(ErrorCode::Device, e))?;
        Ok(devices
            .into_iter()
            .map(|d| UsbDeviceView {
                id: d.id.to_string(),
                product: d.product,
                maker: known_vendor(d.id.vid).map(str::to_string),
                chosen: chosen.contains(&d.id),
            })
            .collect())
    }

    /// What a scan is, for the settings screen's test panel.
    pub fn classify_scan(&self, text: &str) -> triage_scan::Classified {
        self.classifier().classify(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_stored_before_a_field_existed_read_with_its_default() {
        let old: ScannerSettings =
            serde_json::from_str(r#"{"usb":["0c2e:0b61"],"layout":"fr","serial":null,"baud":9600}"#).unwrap();
        assert_eq!(old.wedge_gap_ms, 30);
        assert_eq!((old.usb.len(), old.layout), (1, Layout::Fr));
    }
}
