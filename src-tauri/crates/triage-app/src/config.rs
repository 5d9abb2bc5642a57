//! Where the bench keeps its data and who it is.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Locale {
    En,
    Fr,
}

impl Locale {
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
        }
    }
    pub fn parse(v: &str) -> Option<Locale> {
        match v {
            "en" => Some(Locale::En),
            "fr" => Some(Locale::Fr),
            _ => None,
        }
    }
}

/// The language the OS asks for (LC_ALL, LC_MESSAGES, LANG, as POSIX orders them); English otherwise.
pub fn os_locale(env: impl Fn(&str) -> Option<String>) -> Locale {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| env(k).filter(|v| !v.is_empty()))
        .next()
        .filter(|v| v.to_ascii_lowercase().starts_with("fr"))
        .map_or(Locale::En, |_| Locale::Fr)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchConfig {
    pub site: String,
    /// Bench number within the site (0–999); part of every LPN it issues.
    pub bench_number: u16,
    pub data_dir: PathBuf,
    /// A rule file to put in force at start (`TRIAGE_RULES`); when it is
    /// refused, the set already in force stays.
    pub rules_file: Option<PathBuf>,
    /// Where confirmed units' labels print (`TRIAGE_PRINTER`), if anywhere.
    pub printer: Option<PrinterSetting>,
    /// A TOML file of the site's code patterns — return numbers, LPNs,
    /// badges, bin locations (`TRIAGE_SCAN_CODES`); the defaults otherwise.
    pub scan_codes: Option<PathBuf>,
    /// Central's connection settings (`TRIAGE_CENTRAL`); else `central.toml` in
    /// the data directory when there is one. Without either, the bench works alone.
    pub central: Option<PathBuf>,
}

/// The bench's label printer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterSetting {
    /// ipp://…, socket://host:9100, usb://VID:PID or file:///dir
    pub uri: String,
    pub format: crate::LabelFormat,
    /// The label template it prints (`restock-4x6`, `restock-2x1`).
    pub template: String,
}

impl PrinterSetting {
    /// `TRIAGE_PRINTER`, `TRIAGE_PRINTER_FORMAT` (pdf | zpl; ZPL by default on a
    /// socket or a Zebra on USB, PDF elsewhere) and `TRIAGE_PRINTER_DPI` (203 | 300).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Option<PrinterSetting>, String> {
        let Some(uri) = var("TRIAGE_PRINTER") else {
            return Ok(None);
        };
        let dpi_text = var("TRIAGE_PRINTER_DPI");
        let bad_dpi = |d: &str| format!("TRIAGE_PRINTER_DPI={d:?}: a label printer is 203 or 300 dpi");
        let dpi = match &dpi_text {
            None => None,
            Some(d) => Some(d.trim().parse::<u32>().map_err(|_| bad_dpi(d))?),
        };
        let format = var("TRIAGE_PRINTER_FORMAT");
        let template = var("TRIAGE_PRINTER_TEMPLATE");
        PrinterSetting::new(&uri, format.as_deref(), dpi, template.as_deref())
            .map(Some)
            .map_err(|(what, e)| match what {
                "_DPI" => bad_dpi(dpi_text.as_deref().unwrap_or_default()),
                "_FORMAT" => format!("TRIAGE_PRINTER_FORMAT={:?}: {e}", format.as_deref().unwrap_or_default()),
                _ => format!("TRIAGE_PRINTER{what}: {e}"),
            })
    }

    /// A printer setting, checked: the URI, `format` pdf | zpl (ZPL by default on a
    /// socket or a Zebra on USB), `dpi` 203 | 300 (203 by default), a built-in
    /// template (restock-4x6 by default). The error names the part (`""`,
    /// `"_FORMAT"`, `"_DPI"`, `"_TEMPLATE"`) and says what to write.
    pub fn new(
        uri: &str,
        format: Option<&str>,
        dpi: Option<u32>,
        template: Option<&str>,
    ) -> Result<PrinterSetting, (&'static str, String)> {
        let printer = triage_print::PrinterUri::parse(uri).map_err(|e| ("", e.to_string()))?;
        let dpi = match dpi {
            None => 203,
            Some(d) if triage_labels::ZPL_DPI.contains(&d) => d,
            Some(d) => return Err(("_DPI", format!("{d} dpi: a label printer is 203 or 300 dpi"))),
        };
        let zpl = match format.map(str::trim) {
            // Raw sockets and Zebra's own USB id speak ZPL; the rest take PDF.
            None | Some("") => matches!(
                printer,
                triage_print::PrinterUri::Socket { .. } | triage_print::PrinterUri::Usb { vendor: 0x0a5f, .. }
            ),
            Some("zpl") => true,
            Some("pdf") => false,
            Some(_) => return Err(("_FORMAT", "write pdf or zpl".into())),
        };
        let template = template
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or("restock-4x6");
        triage_labels::LabelTemplate::builtin(template).map_err(|e| ("_TEMPLATE", e.to_string()))?;
        Ok(PrinterSetting {
            template: template.to_string(),
            uri: printer.to_string(),
            format: if zpl {
                crate::LabelFormat::Zpl { dpi }
            } else {
                crate::LabelFormat::Pdf
            },
        })
    }
}

impl BenchConfig {
    /// From `--data-dir` (if given), else `TRIAGE_DATA_DIR`, else the user's data
    /// directory; site and bench from `TRIAGE_SITE` / `TRIAGE_BENCH`.
    pub fn from_env(data_dir: Option<PathBuf>) -> Result<BenchConfig, String> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let data_dir = match data_dir.or_else(|| var("TRIAGE_DATA_DIR").map(PathBuf::from)) {
            Some(d) => d,
            None => dirs::data_dir()
                .map(|d| d.join("triage"))
                .ok_or("no data directory is known for this user; pass --data-dir or set TRIAGE_DATA_DIR")?,
        };
        let bench_number = match var("TRIAGE_BENCH") {
            Some(b) => b
                .parse::<u16>()
                .ok()
                .filter(|n| *n < 1000)
                .ok_or(format!("TRIAGE_BENCH={b:?} is not a bench number from 0 to 999"))?,
            None => 1,
        };
        let mut config = BenchConfig {
            site: String::new(),
            bench_number,
            data_dir,
            rules_file: var("TRIAGE_RULES").map(PathBuf::from),
            printer: PrinterSetting::from_env(var)?,
            scan_codes: var("TRIAGE_SCAN_CODES").map(PathBuf::from),
            central: var("TRIAGE_CENTRAL").map(PathBuf::from),
        };
        config.site = site_of(var("TRIAGE_SITE"), config.central_site())?;
        Ok(config)
    }

    /// The site named by the central settings in use, when they can be read
    /// (unreadable ones are reported by sync, not here).
    pub fn central_site(&self) -> Option<(String, PathBuf)> {
        let file = self.central_file()?;
        let settings = triage_central::CentralSettings::read(&file).ok()?;
        Some((settings.site, file))
    }

    /// "PAR1-01": how the bench signs its work.
    pub fn bench_id(&self) -> String {
        format!("{}-{:02}", self.site, self.bench_number)
    }
    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join("triage.sqlite")
    }
    pub fn label_dir(&self) -> PathBuf {
        self.data_dir.join("labels")
    }
    /// The central settings file in use, if any.
    pub fn central_file(&self) -> Option<PathBuf> {
        self.central
            .clone()
            .or_else(|| Some(self.data_dir.join("central.toml")).filter(|p| p.exists()))
    }
}

/// The bench's site: `TRIAGE_SITE`, else the one its central settings name, else
/// PAR1 (a bench alone). Both given and different: refused, saying which to fix.
fn site_of(env: Option<String>, central: Option<(String, PathBuf)>) -> Result<String, String> {
    match (env, central) {
        (Some(env), Some((site, file))) if !env.trim().eq_ignore_ascii_case(site.trim()) => Err(format!(
            "TRIAGE_SITE={env:?} but {} enrols this bench in site {site:?}: unset TRIAGE_SITE, or use the central settings of a bench of {env}",
            file.display()
        )),
        (Some(env), _) => Ok(env.trim().to_string()),
        (None, Some((site, _))) => Ok(site),
        (None, None) => Ok("PAR1".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_is_triage_site_else_centrals_else_par1_and_a_mismatch_is_refused() {
        let central = || Some(("LIL1".to_string(), PathBuf::from("/data/central.toml")));
        assert_eq!(site_of(None, None).unwrap(), "PAR1");
        assert_eq!(site_of(None, central()).unwrap(), "LIL1");
        assert_eq!(site_of(Some("LIL1".into()), central()).unwrap(), "LIL1");
        assert_eq!(site_of(Some("lil1".into()), central()).unwrap(), "lil1");
        assert_eq!(site_of(Some("LYS2".into()), None).unwrap(), "LYS2");
        let e = site_of(Some("PAR1".into()), central()).unwrap_err();
        assert_eq!(
            e,
            "TRIAGE_SITE=\"PAR1\" but /data/central.toml enrols this bench in site \"LIL1\": unset TRIAGE_SITE, or use the central settings of a bench of PAR1"
        );
    }

    #[test]
    fn french_posix_locales_pick_french_and_lc_all_wins() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(os_locale(env(&[("LANG", "fr_FR.UTF-8")])), Locale::Fr);
        assert_eq!(
            os_locale(env(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "en_GB.UTF-8")])),
            Locale::En
        );
        assert_eq!(os_locale(env(&[("LC_ALL", ""), ("LANG", "fr_CA")])), Locale::Fr);
        assert_eq!(os_locale(env(&[])), Locale::En);
    }

    #[test]
    fn the_printer_comes_from_the_environment_with_a_format_that_suits_it() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(PrinterSetting::from_env(env(&[])), Ok(None));
        let zebra = PrinterSetting::from_env(env(&[("TRIAGE_PRINTER", "socket://10.0.0.7")]))
            .unwrap()
            .unwrap();
        assert_eq!(zebra.uri, "socket://10.0.0.7:9100");
        assert_eq!(zebra.format, crate::LabelFormat::Zpl { dpi: 203 });
        let office = PrinterSetting::from_env(env(&[("TRIAGE_PRINTER", "file:///srv/labels")]))
            .unwrap()
            .unwrap();
        assert_eq!(office.format, crate::LabelFormat::Pdf);
        let usb_zebra = PrinterSetting::from_env(env(&[("TRIAGE_PRINTER", "usb://0A5F:0164")]))
            .unwrap()
            .unwrap();
        assert_eq!(
            (usb_zebra.uri.as_str(), usb_zebra.format),
            ("usb://0a5f:0164", crate::LabelFormat::Zpl { dpi: 203 })
        );
        let usb_other = PrinterSetting::from_env(env(&[("TRIAGE_PRINTER", "usb://04b8:0202")]))
            .unwrap()
            .unwrap();
        assert_eq!(usb_other.format, crate::LabelFormat::Pdf);
        let hi = PrinterSetting::from_env(env(&[("TRIAGE_PRINTER", "socket://z"), ("TRIAGE_PRINTER_DPI", "300")]))
            .unwrap()
            .unwrap();
        assert_eq!(
            (hi.format, hi.template.as_str()),
            (crate::LabelFormat::Zpl { dpi: 300 }, "restock-4x6")
        );
        let small = PrinterSetting::from_env(env(&[
            ("TRIAGE_PRINTER", "socket://z"),
            ("TRIAGE_PRINTER_TEMPLATE", "restock-2x1"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(small.template, "restock-2x1");
        let bad = PrinterSetting::from_env(env(&[
            ("TRIAGE_PRINTER", "socket://z"),
            ("TRIAGE_PRINTER_TEMPLATE", "a4"),
        ]))
        .unwrap_err();
        assert!(
            bad.starts_with("TRIAGE_PRINTER_TEMPLATE: there is no label template \"a4\""),
            "{bad}"
        );
        let bad = PrinterSetting::from_env(env(&[("TRIAGE_PRINTER", "socket://z"), ("TRIAGE_PRINTER_DPI", "600")]));
        assert_eq!(
            bad,
            Err("TRIAGE_PRINTER_DPI=\"600\": a label printer is 203 or 300 dpi".into())
        );
        let bad = PrinterSetting::from_env(env(&[("TRIAGE_PRINTER", "zebra-1")])).unwrap_err();
        assert!(
            bad.starts_with("TRIAGE_PRINTER: printer \"zebra-1\": it has no scheme"),
            "{bad}"
        );
    }
}
