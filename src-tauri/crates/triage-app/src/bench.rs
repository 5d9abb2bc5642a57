//! One bench: its database, its rules, its clock, and what its users can do.

use crate::dto::{
    AmendedUnit, AmendmentView, BenchCommand, BenchStatus, ConfirmedUnit, LabelView, ParcelView, ReinspectionView,
    RulesView, ScanInfo, TodayEntry, UnitHistory, UnitView,
};
use crate::views::{line_view, return_view, today_entry, LineCounts};
use crate::{AppError, BenchConfig, ErrorCode, Locale, Result};
use chrono::{DateTime, Local, NaiveDate, TimeZone, Utc};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use triage_core::rules::{Amendment, Answer, Decision, Facts, Flag, LineKeys, RuleSet, StockNeed};
use triage_core::{Action, Lpn, ReturnOrder, UnitState};
use triage_labels::{LabelData, LabelTemplate};
use triage_scan::{Classifier, ScanKind, SiteCodes};
use triage_store::{AmendRecord, ConfirmRecord, ImportSummary, LabelFile, Store, UnitRecord};

/// What a label is rendered as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelFormat {
    /// A one-page PDF (office printers, preview).
    Pdf,
    /// ZPL II for a thermal printer of this resolution (203 or 300 dpi).
    Zpl { dpi: u32 },
}

impl LabelFormat {
    /// How a print job names it: `pdf` or `zpl`.
    pub fn name(self) -> &'static str {
        match self {
            LabelFormat::Pdf => "pdf",
            LabelFormat::Zpl { .. } => "zpl",
        }
    }

    /// The label in this format.
    pub fn render(self, template: &LabelTemplate, data: &LabelData) -> std::result::Result<Vec<u8>, String> {
        match self {
            LabelFormat::Pdf => triage_labels::render_pdf(template, data),
            LabelFormat::Zpl { dpi } => triage_labels::render_zpl(template, data, dpi).map(String::into_bytes),
        }
        .map_err(|e| e.to_string())
    }
}

/// Where "now" comes from; tests pass a fixed one.
pub type Clock = Arc<dyn Fn() -> DateTime<Local> + Send + Sync>;

pub struct Bench {
    config: BenchConfig,
    store: Store,
    rules: RwLock<Rules>,
    clock: Clock,
    locale: Mutex<Locale>,
    /// Tells scans apart, with the site's own code patterns.
    classifier: Classifier,
    /// The scanners read directly, once the window asked for their scans.
    pub(crate) scanners: crate::scanners::ScannerSlot,
    /// The label printer in use (settings, else `TRIAGE_PRINTER`).
    pub(crate) printer: RwLock<Option<crate::PrinterSetting>>,
    /// Central: its settings, connection and how sync is going.
    pub(crate) sync: crate::sync::SyncSlot,
    /// Who is logged in, and the lock policy.
    pub(crate) people: crate::people::PeopleSlot,
    /// How long a print waits for an IPP printer to finish a label before the
    /// queue follows it later ([`triage_print::WATCH`]; tests shorten it).
    pub(crate) print_watch: RwLock<std::time::Duration>,
}

/// The rule set in force, where it came from, and why the last file offered was refused.
pub(crate) struct Rules {
    pub set: Arc<RuleSet>,
    pub source: String,
    pub refused: Option<String>,
}

const LOCALE_KEY: &str = "locale";

impl Bench {
    /// Opens the bench's database in its data directory (creating both if needed).
    pub async fn open(config: BenchConfig, clock: Clock, os_locale: Locale) -> Result<Bench> {
        for dir in [config.data_dir.clone(), config.label_dir()] {
            std::fs::create_dir_all(&dir).map_err(|e| {
                AppError::new(
                    ErrorCode::Storage,
                    format!(
                        "cannot create {}: {e}; choose another folder with --data-dir or TRIAGE_DATA_DIR",
                        dir.display()
                    ),
                )
            })?;
        }
        let store = Store::open(&config.db_path()).await?;
        let rules = crate::rules::in_force(&store, clock().with_timezone(&Utc)).await?;
        let locale = match store.setting(LOCALE_KEY).await? {
            Some(v) => Locale::parse(&v).unwrap_or(os_locale),
            None => os_locale,
        };
        let classifier = classifier_for(config.scan_codes.as_deref())?;
        let printer = RwLock::new(crate::printing::printer_at_start(&store, &config).await?);
        let config_central = config.central_file();
        if let Some((site, file)) = config.central_site() {
            if !site.trim().eq_ignore_ascii_case(config.site.trim()) {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "this bench is set up for site {} but {} enrols it in site {site}: use one site for both",
                        config.site,
                        file.display()
                    ),
                ));
            }
        }
        let bench = Bench {
            config,
            store,
            rules: RwLock::new(rules),
            clock,
            locale: Mutex::new(locale),
            classifier,
            scanners: Default::default(),
            printer,
            sync: crate::sync::SyncSlot::load(config_central.as_deref()),
            print_watch: RwLock::new(triage_print::WATCH),
            people: Default::default(),
        };
        bench.load_people_settings().await?;
        if let Some(file) = bench.config.rules_file.clone() {
            // A refused file leaves the set in force; status says why. The site
            // configured it, so the bench puts it in force itself.
            let _ = bench
                .adopt_rules(
                    &file.display().to_string(),
                    crate::rules::load_file(&file),
                    crate::SYSTEM,
                )
                .await;
        }
        Ok(bench)
    }

    /// Tells scans apart with the site's code patterns.
    pub fn classifier(&self) -> &Classifier {
        &self.classifier
    }

    /// The rule set deciding now.
    pub fn rules(&self) -> Arc<RuleSet> {
        self.rules.read().unwrap_or_else(|e| e.into_inner()).set.clone()
    }

    /// Checks a rule file and puts it in force; when it is refused the set in
    /// force stays and the error lists every problem with its line.
    pub async fn load_rules(&self, file: &Path) -> Result<RulesView> {
        let by = self.actor(Action::LoadRules)?;
        self.adopt_rules(&file.display().to_string(), crate::rules::load_file(file), &by)
            .await
    }

    /// Puts a checked rule set in force, or keeps the one in force and says why not.
    pub(crate) async fn adopt_rules(
        &self,
        source: &str,
        loaded: Result<(RuleSet, String)>,
        by: &str,
    ) -> Result<RulesView> {
        match loaded {
            Ok((set, text)) => {
                let source = source.to_string();
                crate::rules::remember(&self.store, &set, &source, &text, by, self.now().with_timezone(&Utc)).await?;
                *self.rules.write().unwrap_or_else(|e| e.into_inner()) = Rules {
                    set: Arc::new(set),
                    source,
                    refused: None,
                };
                Ok(self.rules_view())
            }
            Err(e) => {
                self.rules.write().unwrap_or_else(|e| e.into_inner()).refused = Some(e.message.clone());
                Err(e)
            }
        }
    }

    pub fn rules_view(&self) -> RulesView {
        let r = self.rules.read().unwrap_or_else(|e| e.into_inner());
        RulesView {
            version: r.set.version.clone(),
            hash: r.set.hash.clone(),
            source: r.source.clone(),
            refused: r.refused.clone(),
        }
    }

    pub fn config(&self) -> &BenchConfig {
        &self.config
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn now(&self) -> DateTime<Local> {
        (self.clock)()
    }

    pub(crate) fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// Loads the demo returns when the bench has none; returns how many it loaded.
    pub async fn load_demo_if_empty(&self) -> Result<Option<ImportSummary>> {
        // A bench that syncs takes its returns from central.
        if self.central_configured() || self.store.count_returns().await? > 0 {
            return Ok(None);
        }
        let orders = crate::demo_returns(self.today()).map_err(|m| AppError::new(ErrorCode::Internal, m))?;
        let summary = self.import_as(&orders, crate::SYSTEM).await?;
        self.put_demo_users().await?;
        Ok(Some(summary))
    }

    /// Puts the warehouse system's stock-need export (CSV `sku,need`) in force,
    /// replacing the last one; `source` names it in the audit log. All rows or none.
    pub async fn import_stock_need(&self, text: &str, source: &str) -> Result<crate::dto::StockNeedImport> {
        let by = self.actor(Action::ImportReturns)?;
        let rows = triage_core::stock::parse_csv(text).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("{source}: {e}; nothing was imported (the last stock need stays in force)"),
            )
        })?;
        let (high, low) = self
            .store
            .replace_stock_need(&rows, source, &by, self.now().with_timezone(&Utc))
            .await?;
        Ok(crate::dto::StockNeedImport {
            skus: rows.len() as u32,
            high: high as u32,
            low: low as u32,
        })
    }

    /// Stores returns; tracking numbers are kept in the form a scan of them is looked up by.
    pub async fn import(&self, orders: &[ReturnOrder]) -> Result<ImportSummary> {
        let by = self.actor(Action::ImportReturns)?;
        self.import_as(orders, &by).await
    }

    async fn import_as(&self, orders: &[ReturnOrder], by: &str) -> Result<ImportSummary> {
        let mut orders = orders.to_vec();
        for o in &mut orders {
            for t in &mut o.tracking_numbers {
                let value = self.classifier.classify(t).value;
                if !value.is_empty() {
                    *t = value;
                }
            }
        }
        Ok(self
            .store
            .import_returns(&orders, by, self.now().with_timezone(&Utc))
            .await?)
    }

    pub async fn status(&self) -> Result<BenchStatus> {
        let (from, to) = self.day_bounds();
        Ok(BenchStatus {
            site: self.config.site.clone(),
            bench: self.config.bench_id(),
            data_dir: self.config.data_dir.display().to_string(),
            label_dir: self.config.label_dir().display().to_string(),
            locale: self.locale(),
            returns_loaded: self.store.count_returns().await?,
            // A unit sent back for re-inspection counts once, by its new inspection.
            units_today: self
                .store
                .confirmed_between(&self.config.bench_id(), from, to)
                .await?
                .iter()
                .filter(|r| r.state != UnitState::SentBack)
                .count() as i64,
            rules_version: self.rules().version.clone(),
            rules: self.rules_view(),
        })
    }

    pub fn locale(&self) -> Locale {
        *self.locale.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub async fn set_locale(&self, locale: Locale) -> Result<BenchStatus> {
        self.store.set_setting(LOCALE_KEY, locale.as_str()).await?;
        *self.locale.lock().unwrap_or_else(|p| p.into_inner()) = locale;
        self.status().await
    }

    /// A parcel scanned (or typed) at the bench: finds its return and receives it.
    pub async fn scan_parcel(&self, code: &str) -> Result<ParcelView> {
        let by = self.actor(Action::ReceiveParcel)?;
        let scan = self.classifier.classify(code);
        let info = ScanInfo {
            kind: scan.kind,
            detail: scan.carrier.map(|c| format!("{c:?}").to_uppercase()),
            valid: scan.valid,
            error: scan.error.clone(),
        };
        let typed = code.trim();
        if typed.is_empty() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "nothing was scanned: scan the parcel's shipping label or type its return number",
            ));
        }
        let found = match self.store.find_return_for_parcel_code(&scan.value).await? {
            Some(o) => Some(o),
            None => self.store.find_return_for_parcel_code(typed).await?,
        };
        // The HOLD label of a unit a lead sent back: its parcel, and the unit to take up.
        if scan.kind == ScanKind::Lpn {
            if let Some(unit) = self.store.reinspected_by(&scan.value).await? {
                return self.resume_reinspection(unit, typed, info, &scan.value).await;
            }
        }
        // A parcel set aside on the unmatched shelf before: once a lead matched it
        // (or its return arrived since), this scan opens the return on that parcel.
        let set_aside = match self.store.set_aside_by_code(&scan.value).await? {
            Some(p) => Some(p),
            None => self.store.set_aside_by_code(typed).await?,
        };
        let now = self.now().with_timezone(&Utc);
        let (order, parcel_id, matched_by) = match (found, set_aside) {
            (_, Some(p)) if p.return_number.is_some() => {
                let order = self.order_of(p.return_number.as_deref()).await?.ok_or_else(|| {
                    AppError::new(
                        ErrorCode::NotFound,
                        "the return this parcel was matched to is not on this bench any more: ask the lead",
                    )
                })?;
                (order, p.id, p.matched_by)
            }
            (Some(order), Some(p)) => {
                self.store
                    .match_parcel(&p.id, order.return_number.as_str(), &by, now)
                    .await?;
                (order, p.id, Some(by.clone()))
            }
            (None, Some(p)) => return Err(crate::unmatched::still_waiting(&p)),
            (None, None) => return Err(parcel_not_found(typed, &scan)),
            (Some(order), None) => {
                let parcel = self
                    .store
                    .receive_parcel(
                        typed,
                        Some(order.return_number.as_str()),
                        &self.config.bench_id(),
                        &by,
                        now,
                    )
                    .await?;
                (order, parcel.id, None)
            }
        };
        self.parcel_view(&order, parcel_id, typed, info, matched_by, None).await
    }

    async fn parcel_view(
        &self,
        order: &ReturnOrder,
        parcel_id: String,
        scanned: &str,
        scan: ScanInfo,
        matched_by: Option<String>,
        resume: Option<String>,
    ) -> Result<ParcelView> {
        let inspected = self.line_counts(Some(order)).await?;
        let cancelled = self.store.return_cancelled(order.return_number.as_str()).await?;
        Ok(ParcelView {
            parcel_id,
            scanned: scanned.to_string(),
            scan,
            cancelled,
            matched_by,
            resume,
            return_view: return_view(order, self.today(), &inspected),
        })
    }

    /// The parcel of a unit sent back for re-inspection, with the unit to take up.
    async fn resume_reinspection(
        &self,
        unit: UnitRecord,
        typed: &str,
        scan: ScanInfo,
        lpn: &str,
    ) -> Result<ParcelView> {
        if unit.state != UnitState::Inspecting {
            return Err(AppError::new(
                ErrorCode::WrongState,
                format!(
                    "{lpn} was sent back and inspected again as {}: use the new label",
                    unit.lpn.as_deref().unwrap_or("?")
                ),
            ));
        }
        let order = self.order_of(unit.return_number.as_deref()).await?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("the return of {lpn} is not on this bench any more: ask the lead"),
            )
        })?;
        self.parcel_view(&order, unit.parcel_id, typed, scan, None, Some(unit.scanned))
            .await
    }

    /// The inspector leaves a unit unconfirmed (Escape, or the "drop" command
    /// barcode): it ends `dropped`, so the parcel can close and nothing counts it.
    /// Scanning the item again starts a new unit.
    pub async fn drop_unit(&self, unit_id: &str) -> Result<()> {
        let by = self.actor(Action::InspectUnit)?;
        if self
            .store
            .drop_unit(unit_id, &by, self.now().with_timezone(&Utc))
            .await?
        {
            Ok(())
        } else {
            Err(AppError::new(
                ErrorCode::WrongState,
                format!("unit {unit_id} is not under inspection on this bench (confirmed or dropped already)"),
            ))
        }
    }

    /// A unit taken out of the parcel, named by its GTIN or SKU. A code that is
    /// on no line of the return starts a "wrong item" inspection.
    pub async fn start_unit(&self, parcel_id: &str, code: &str) -> Result<UnitView> {
        let by = self.actor(Action::InspectUnit)?;
        let code = code.trim();
        if code.is_empty() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "nothing was scanned: scan the item's barcode or type its SKU",
            ));
        }
        let parcel = self.store.parcel(parcel_id).await?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                "that parcel is not on this bench any more: scan the parcel again",
            )
        })?;
        let order = self.order_of(parcel.return_number.as_deref()).await?;
        let scan = self.classifier.classify(code);
        if matches!(
            scan.kind,
            ScanKind::Tracking | ScanKind::ReturnNumber | ScanKind::Lpn | ScanKind::Badge | ScanKind::Location
        ) {
            return Err(AppError::new(
                ErrorCode::InvalidCode,
                format!("{code} is a {} code, not an item: scan the item's barcode (GTIN) or type its SKU; press Escape to start a new parcel", kind_words(scan.kind)),
            ));
        }
        if matches!(scan.kind, ScanKind::Gtin | ScanKind::Gs1) && !scan.valid {
            return Err(AppError::new(
                ErrorCode::InvalidCode,
                format!(
                    "{}; scan it again or type the SKU",
                    scan.error.unwrap_or_else(|| format!("{code} is not a valid GTIN"))
                ),
            ));
        }
        let inspected = self.line_counts(order.as_ref()).await?;
        // The classifier's value has the scanner's AIM prefix and control characters removed.
        // A GS1 unit label (GTIN + serial…) names its item by the GTIN in it.
        let item = scan.gtin.as_deref().unwrap_or(&scan.value);
        let candidates = order.as_ref().map_or_else(Vec::new, |o| {
            let by_value = o.lines_for_code(item);
            if by_value.is_empty() {
                o.lines_for_code(code)
            } else {
                by_value
            }
        });
        // Of several lines with this item, the first that still expects units.
        let line = candidates
            .iter()
            .find(|l| inspected.of(l.line_no) < i64::from(l.quantity))
            .or(candidates.first())
            .map(|l| (*l).clone());
        let names_gtin = scan.valid && (scan.kind == ScanKind::Gtin || scan.gtin.is_some());
        if line.is_none() && !names_gtin {
            return Err(AppError::new(
                ErrorCode::InvalidCode,
                format!(
                    "{code} is not the GTIN or SKU of an item on this return: scan the product barcode (GTIN), or type the SKU or the line number"
                ),
            ));
        }
        let rules = self.rules();
        let category = line.as_ref().map_or(rules.fallback_category, |l| {
            rules.categorize(LineKeys {
                category_field: l.category.as_str(),
                sku: &l.sku,
                gtin: l.gtin.as_str(),
                tags: &l.tags,
            })
        });
        let line_no = line.as_ref().map(|l| l.line_no);
        // Taking up a unit that was dropped before confirming reuses its record.
        let unit = match self
            .store
            .open_unit(parcel_id, parcel.return_number.as_deref(), line_no, code)
            .await?
        {
            Some(open) => open,
            None => {
                self.store
                    .start_unit(
                        &triage_store::NewUnit {
                            parcel_id,
                            return_number: parcel.return_number.as_deref(),
                            line_no,
                            scanned: code,
                            category,
                        },
                        &by,
                        self.now().with_timezone(&Utc),
                    )
                    .await?
            }
        };
        let stock = self.stock_need_of(&unit, order.as_ref()).await?;
        let decision = self.decide(&unit, order.as_ref(), &inspected, stock, &[], &[]);
        let reinspection = self.store.reinspection(&unit.id).await?.map(|r| ReinspectionView {
            previous_lpn: r.previous_lpn,
            by: r.by,
            reason: r.reason,
        });
        Ok(UnitView {
            unit_id: unit.id,
            parcel_id: parcel_id.to_string(),
            scanned: code.to_string(),
            line: line.as_ref().map(|l| line_view(l, inspected.of(l.line_no))),
            category,
            wrong_item: line.is_none(),
            questions: rules.checklist(category).to_vec(),
            decision,
            scanned_serial: scan.serial.clone(),
            reinspection,
        })
    }

    /// The decision the answers so far lead to (nothing is stored). `raised`:
    /// flags the inspector raised by hand (empty box, override requested).
    pub async fn propose(&self, unit_id: &str, answers: &[Answer], raised: &[Flag]) -> Result<Decision> {
        self.actor(Action::InspectUnit)?;
        check_raised(raised)?;
        let (unit, order, confirmed) = self.unit_and_order(unit_id).await?;
        let answers = self.serial_answers(&unit, order.as_ref(), answers)?;
        let stock = self.stock_need_of(&unit, order.as_ref()).await?;
        Ok(self.decide(&unit, order.as_ref(), &confirmed, stock, &answers, raised))
    }

    /// Confirms the inspection: stores it, issues the LPN and writes the label, at once.
    pub async fn confirm_unit(&self, unit_id: &str, answers: &[Answer], raised: &[Flag]) -> Result<ConfirmedUnit> {
        let inspector = self.actor(Action::InspectUnit)?;
        check_raised(raised)?;
        let (unit, order, confirmed) = self.unit_and_order(unit_id).await?;
        let answers = self.serial_answers(&unit, order.as_ref(), answers)?;
        let answers = answers.as_slice();
        self.check_photos(&unit, answers).await?;
        let stock = self.stock_need_of(&unit, order.as_ref()).await?;
        let decision = self.decide(&unit, order.as_ref(), &confirmed, stock, answers, raised);
        if !decision.complete {
            return Err(AppError::new(
                ErrorCode::Incomplete,
                "some checklist questions are not answered yet: answer them, then confirm",
            ));
        }
        let now = self.now();
        let data = self.label_data(&unit, order.as_ref(), &decision, now.date_naive());
        let record = ConfirmRecord {
            unit_id: unit.id.clone(),
            bench: self.config.bench_id(),
            bench_number: self.config.bench_number,
            inspector,
            answers: answers.to_vec(),
            decision: decision.clone(),
            at: now.with_timezone(&Utc),
            calibrate: self.offer_calibration(&unit.id, decision.held).await?,
        };
        let label_dir = self.config.label_dir();
        let kind = label_kind(&decision);
        let template = stock_template(kind, DEFAULT_TEMPLATE)?;
        let mut label_data = data.clone();
        let printer = self.printer();
        let (lpn, state, file) = self
            .store
            .confirm_unit(&record, |lpn| {
                label_data.lpn = lpn.to_string();
                let mut file = write_label(&label_dir, lpn.as_str(), &template, &label_data)?;
                // The printer's copy is queued with the confirmation: nothing to lose.
                if let Some(p) = printer {
                    // The ticket that suits the disposition, on the printer's stock.
                    let stock = stock_template(kind, &p.template).map_err(|e| e.message)?;
                    let payload = p.format.render(&stock, &label_data)?;
                    file.print = Some(triage_store::NewPrintJob {
                        lpn: lpn.to_string(),
                        printer: p.uri,
                        format: p.format.name().into(),
                        payload,
                        reprint_of: None,
                    });
                }
                Ok(file)
            })
            .await?;
        let print_job = self.print_jobs(lpn.as_str()).await?.into_iter().next();
        let barcode_svg =
            triage_labels::barcode_svg(lpn.as_str()).map_err(|e| AppError::new(ErrorCode::Label, e.to_string()))?;
        Ok(ConfirmedUnit {
            unit_id: unit.id,
            lpn: lpn.to_string(),
            state,
            label: LabelView {
                lpn: lpn.to_string(),
                sku: data.sku,
                description: data.description,
                grade: decision.grade,
                disposition: decision.disposition,
                destination: decision.destination.clone(),
                date: data.date,
                bench: data.bench,
                flags: decision.flags.clone(),
                barcode_svg,
                pdf_path: file.path.display().to_string(),
            },
            decision,
            print_job,
        })
    }

    /// A lead overrides a confirmed unit's decision, or moves it to another
    /// disposition later; the original stays, the change is kept with who and why,
    /// and the label is printed again (same LPN) when what it shows changed.
    pub async fn amend_unit(&self, lpn: &str, amendment: &Amendment) -> Result<AmendedUnit> {
        let by = self.actor(Action::AmendUnit)?;
        let (unit, _, at) = self.confirmed(lpn).await?;
        let before = self.store.decision_in_force(&unit.id).await?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("{lpn} has no confirmed inspection on this bench"),
            )
        })?;
        // The rules that made the decision re-run it, not whatever is in force today.
        let after = self
            .rules_of(&before.rules_hash)
            .await?
            .amend(&before, amendment)
            .map_err(|m| AppError::new(ErrorCode::InvalidInput, m))?;
        let order = self.order_of(unit.return_number.as_deref()).await?;
        let date = DateTime::parse_from_rfc3339(&at).map_or(self.today(), |t| t.with_timezone(&Local).date_naive());
        let mut data = self.label_data(&unit, order.as_ref(), &after, date);
        let record = AmendRecord {
            unit_id: unit.id.clone(),
            amendment: amendment.clone(),
            before,
            after: after.clone(),
            by,
            at: self.now().with_timezone(&Utc),
        };
        let label_dir = self.config.label_dir();
        let template = stock_template(label_kind(&after), DEFAULT_TEMPLATE)?;
        let (state, label) = self
            .store
            .amend_unit(&record, |lpn, seq| {
                data.lpn = lpn.to_string();
                // Each reprint is its own file: the labels printed before stay as they were.
                write_label(&label_dir, &format!("{lpn}-{seq}"), &template, &data)
            })
            .await?;
        Ok(AmendedUnit {
            lpn: unit.lpn.unwrap_or_default(),
            state,
            decision: after,
            reprinted_pdf: label.map(|l| l.path.display().to_string()),
        })
    }

    /// The rule set with this fingerprint: the one in force, or one the bench kept.
    /// A decision from before fingerprints were kept (empty hash) uses the set in force.
    async fn rules_of(&self, hash: &str) -> Result<Arc<RuleSet>> {
        let current = self.rules();
        if hash.is_empty() || hash == current.hash {
            return Ok(current);
        }
        let stored = self.store.rule_set(hash).await?.ok_or_else(|| {
            AppError::new(
                ErrorCode::Rules,
                format!("the rule set {hash} that decided this unit is not on this bench; load it again (triage rules load), then retry"),
            )
        })?;
        RuleSet::from_text(&stored.source, &stored.text)
            .map(Arc::new)
            .map_err(|e| {
                AppError::new(
                    ErrorCode::Rules,
                    format!("the rule set that decided this unit no longer loads: {e}"),
                )
            })
    }

    /// A confirmed unit's decisions: the inspector's, each amendment, the one in force.
    pub async fn unit_history(&self, lpn: &str) -> Result<UnitHistory> {
        let (unit, original, _) = self.confirmed(lpn).await?;
        let amendments = self.store.amendments(&unit.id).await?;
        let in_force = amendments.last().map_or_else(|| original.clone(), |a| a.after.clone());
        Ok(UnitHistory {
            lpn: unit.lpn.clone().unwrap_or_default(),
            state: unit.state,
            original,
            amendments: amendments
                .into_iter()
                .map(|a| AmendmentView {
                    seq: a.seq,
                    kind: a.kind,
                    from_disposition: a.from_disposition,
                    to_disposition: a.to_disposition,
                    from_destination: a.from_destination,
                    to_destination: a.to_destination,
                    from_grade: a.before.grade,
                    to_grade: a.after.grade,
                    reason: a.reason,
                    by: a.by,
                    at: a.at,
                })
                .collect(),
            in_force,
            photos: self.unit_photos(&unit.id).await?,
        })
    }

    /// A unit confirmed on this bench, by LPN: its record, its original decision, when.
    async fn confirmed(&self, lpn: &str) -> Result<(UnitRecord, Decision, String)> {
        let lpn = Lpn::parse(lpn).map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
        self.store.inspection_by_lpn(lpn.as_str()).await?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("{lpn} was not issued on this bench: check the LPN, or use the data folder of the bench that issued it"),
            )
        })
    }

    /// The sheet of command barcodes for the bench, in the bench's language: every
    /// code on it is one [`Bench::scan_command`] understands.
    pub fn command_sheet(&self, paper: triage_labels::Paper) -> Result<Vec<u8>> {
        let fr = self.locale() == Locale::Fr;
        let word = |en: &str, f: &str| if fr { f.to_string() } else { en.to_string() };
        let mut entries = vec![
            (word("Yes", "Oui"), "CMD:Y".to_string()),
            (word("No", "Non"), "CMD:N".to_string()),
        ];
        for n in 1..=9 {
            entries.push((word(&format!("Choice {n}"), &format!("Choix {n}")), format!("CMD:{n}")));
        }
        for (en, f, code) in [
            ("Undo", "Annuler", "CMD:UNDO"),
            ("Confirm and print", "Valider et imprimer", "CMD:CONFIRM"),
            ("Drop this unit", "Abandonner l’unité", "CMD:DROP"),
            ("Empty box", "Boîte vide", "CMD:EMPTY"),
            ("Ask the lead", "Appeler le chef", "CMD:LEAD"),
        ] {
            entries.push((word(en, f), code.to_string()));
        }
        let entries: Vec<triage_labels::SheetEntry> = entries
            .into_iter()
            .map(|(label, code)| triage_labels::SheetEntry { label, code })
            .collect();
        let title = word("Triage — bench commands", "Triage — commandes du poste");
        triage_labels::render_command_sheet(&title, &entries, paper)
            .map_err(|e| AppError::new(ErrorCode::Label, e.to_string()))
    }

    /// The command a scanned code stands for, or `None` when it is not a command barcode.
    pub fn scan_command(&self, code: &str) -> Option<BenchCommand> {
        let scan = self.classifier.classify(code);
        if scan.kind != ScanKind::Command {
            return None;
        }
        let name = scan.value.trim().to_ascii_uppercase();
        Some(match name.as_str() {
            "Y" | "N" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" => BenchCommand::Answer { key: name },
            "CONFIRM" => BenchCommand::Confirm,
            "UNDO" => BenchCommand::Undo,
            "DROP" | "CANCEL" => BenchCommand::Drop,
            "EMPTY" => BenchCommand::Raise { flag: Flag::EmptyBox },
            "LEAD" | "OVERRIDE" => BenchCommand::Raise {
                flag: Flag::OverrideRequested,
            },
            q if q.starts_with("Q:") && q.len() > 2 => BenchCommand::Select {
                question: q[2..].to_ascii_lowercase(),
            },
            _ => BenchCommand::Unknown { name },
        })
    }

    /// What this bench confirmed today (local day), newest first.
    pub async fn today_work(&self) -> Result<Vec<TodayEntry>> {
        let (from, to) = self.day_bounds();
        let rows = self.store.confirmed_between(&self.config.bench_id(), from, to).await?;
        Ok(rows.into_iter().filter_map(today_entry).collect())
    }

    /// The label of a unit already confirmed on this bench, as PDF bytes.
    /// `template`: a built-in label template (`restock-4x6`, `restock-2x1`).
    pub async fn render_label(&self, lpn: &str, template: &str, format: LabelFormat) -> Result<Vec<u8>> {
        let (unit, decision, at) = self.confirmed(lpn).await?;
        let lpn = unit.lpn.clone().unwrap_or_default();
        // The label prints what is in force now (after any override or re-disposition).
        let decision = self.store.decision_in_force(&unit.id).await?.unwrap_or(decision);
        let order = self.order_of(unit.return_number.as_deref()).await?;
        let date = DateTime::parse_from_rfc3339(&at).map_or(self.today(), |t| t.with_timezone(&Local).date_naive());
        let mut data = self.label_data(&unit, order.as_ref(), &decision, date);
        data.lpn = lpn.to_string();
        let template =
            LabelTemplate::builtin(template).map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
        format
            .render(&template, &data)
            .map_err(|e| AppError::new(ErrorCode::Label, e))
    }

    fn label_data(
        &self,
        unit: &UnitRecord,
        order: Option<&ReturnOrder>,
        decision: &Decision,
        date: NaiveDate,
    ) -> LabelData {
        let line = order.and_then(|o| unit.line_no.and_then(|n| o.line(n)));
        LabelData {
            lpn: unit.lpn.clone().unwrap_or_default(),
            sku: line.map_or(unit.scanned.clone(), |l| l.sku.clone()),
            description: line.map_or_else(|| "Not on the return".to_string(), |l| l.description.clone()),
            grade: decision.grade.as_str().to_string(),
            // A flagged unit waits for a lead: its label must not send it anywhere yet.
            disposition: if decision.held {
                "HOLD".to_string()
            } else {
                decision.disposition.as_str().to_uppercase()
            },
            destination: decision.destination.get(self.locale().as_str()).to_string(),
            return_number: unit.return_number.clone().unwrap_or_default(),
            date: date.to_string(),
            bench: format!("Site {} · Bench {:02}", self.config.site, self.config.bench_number),
            flags: if decision.held {
                decision.flags.iter().map(|f| flag_words(*f).to_string()).collect()
            } else {
                Vec::new()
            },
            // For a GS1-128 of (01) GTIN and (21) serial on templates that have one;
            // the serial is the one scanned at the bench (a serial-kind question).
            gtin: line.map_or_else(String::new, |l| l.gtin.as_str().to_string()),
            serial: self.scanned_serial(unit, decision).unwrap_or_default(),
        }
    }

    /// The serial number scanned for the unit, if its checklist asked for one.
    fn scanned_serial(&self, unit: &UnitRecord, decision: &Decision) -> Option<String> {
        let rules = self.rules();
        let serial_question = rules
            .checklist(unit.category)
            .iter()
            .find(|q| q.kind == triage_core::rules::QuestionKind::Serial)?;
        decision
            .answers
            .iter()
            .find(|a| a.question_id == serial_question.id)
            .map(|a| a.key.trim().to_string())
    }

    fn day_bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let day = self.today();
        let start = |d: NaiveDate| {
            // Where local midnight does not exist (a DST jump at 00:00), the day starts at 01:00.
            [0, 1]
                .iter()
                .filter_map(|h| Local.from_local_datetime(&d.and_hms_opt(*h, 0, 0)?).earliest())
                .next()
                .map_or(DateTime::<Utc>::MIN_UTC, |t| t.with_timezone(&Utc))
        };
        (start(day), start(day + chrono::Days::new(1)))
    }

    async fn order_of(&self, return_number: Option<&str>) -> Result<Option<ReturnOrder>> {
        match return_number {
            Some(n) => Ok(self.store.find_return(n).await?),
            None => Ok(None),
        }
    }

    /// The unit, its return, and how many units of each line are already confirmed.
    async fn unit_and_order(&self, unit_id: &str) -> Result<(UnitRecord, Option<ReturnOrder>, LineCounts)> {
        let unit = self.store.unit(unit_id).await?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                "that unit is not on this bench: scan the item again",
            )
        })?;
        let order = self.order_of(unit.return_number.as_deref()).await?;
        let inspected = self.line_counts(order.as_ref()).await?;
        Ok((unit, order, inspected))
    }

    async fn line_counts(&self, order: Option<&ReturnOrder>) -> Result<LineCounts> {
        match order {
            Some(o) => Ok(LineCounts(
                self.store.confirmed_per_line(o.return_number.as_str()).await?,
            )),
            None => Ok(LineCounts::default()),
        }
    }

    /// `confirmed`: units per line already confirmed (this unit not among them).
    /// Answers with each serial-question answer read as a serial scan: a GS1
    /// barcode gives its (21), and where the return line expects IMEIs, a
    /// number whose Luhn digit fails is refused (a misread or a typo).
    fn serial_answers(
        &self,
        unit: &UnitRecord,
        order: Option<&ReturnOrder>,
        answers: &[Answer],
    ) -> Result<Vec<Answer>> {
        let rules = self.rules();
        let serial_ids: Vec<&str> = rules
            .checklist(unit.category)
            .iter()
            .filter(|q| q.kind == triage_core::rules::QuestionKind::Serial)
            .map(|q| q.id.as_str())
            .collect();
        let line = order.and_then(|o| unit.line_no.and_then(|n| o.line(n)));
        let expects_imei = line.is_some_and(|l| {
            !l.expected_serials.is_empty()
                && l.expected_serials
                    .iter()
                    .all(|s| s.len() == 15 && triage_scan::check::luhn_valid(s))
        });
        answers
            .iter()
            .map(|a| {
                if !serial_ids.contains(&a.question_id.as_str()) {
                    return Ok(a.clone());
                }
                let serial = self.classifier.serial(&a.key, expects_imei);
                match serial.error {
                    None => Ok(Answer {
                        question_id: a.question_id.clone(),
                        key: serial.value,
                    }),
                    Some(why) => Err(AppError::new(
                        ErrorCode::InvalidCode,
                        format!("{why}: scan the serial again, or type it from the unit"),
                    )),
                }
            })
            .collect()
    }

    /// The stock need of the unit's SKU (its return line's) in the last stock export.
    async fn stock_need_of(&self, unit: &UnitRecord, order: Option<&ReturnOrder>) -> Result<StockNeed> {
        match order.and_then(|o| unit.line_no.and_then(|n| o.line(n))) {
            Some(line) => Ok(self.store.stock_need(&line.sku).await?),
            None => Ok(StockNeed::Unknown),
        }
    }

    fn decide(
        &self,
        unit: &UnitRecord,
        order: Option<&ReturnOrder>,
        confirmed: &LineCounts,
        stock_need: StockNeed,
        answers: &[Answer],
        raised: &[Flag],
    ) -> Decision {
        let line = order.and_then(|o| unit.line_no.and_then(|n| o.line(n)));
        let facts = Facts {
            category: unit.category,
            reason: line.map_or(triage_core::ReturnReason::Unknown, |l| l.reason),
            // The window is judged on the day the customer asked for the return.
            days_since_purchase: order.map_or(0, |o| o.days_since_purchase(o.created_on)),
            window_days: order.map_or(0, |o| o.window_days),
            unit_value_cents: line.map_or(0, |l| l.unit_price_cents),
            wrong_item: line.is_none(),
            over_quantity: line.is_some_and(|l| confirmed.of(l.line_no) >= i64::from(l.quantity)),
            stock_need,
            expected_serials: line.map_or_else(Vec::new, |l| l.expected_serials.clone()),
            raised: raised.to_vec(),
        };
        self.rules().decide(&facts, answers)
    }
}

/// The classifier with the site's code patterns, if a file names them.
fn classifier_for(file: Option<&Path>) -> Result<Classifier> {
    let Some(file) = file else {
        return Ok(Classifier::default());
    };
    let refused = |why: String| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "scan code patterns {}: {why}; fix the file or unset TRIAGE_SCAN_CODES",
                file.display()
            ),
        )
    };
    let text = std::fs::read_to_string(file).map_err(|e| refused(e.to_string()))?;
    Ok(Classifier::new(SiteCodes::from_toml(&text).map_err(refused)?))
}

/// Only some flags are the inspector's to raise; the others come from facts and rules.
fn check_raised(raised: &[Flag]) -> Result<()> {
    match raised.iter().find(|f| !Flag::RAISED_BY_HAND.contains(f)) {
        Some(f) => Err(AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} is raised by the rules, not by hand; an inspector may raise empty_box or override_requested",
                f.as_str()
            ),
        )),
        None => Ok(()),
    }
}

fn flag_words(flag: triage_core::Flag) -> &'static str {
    use triage_core::Flag::*;
    match flag {
        WrongItem => "WRONG ITEM",
        SerialMismatch => "SERIAL MISMATCH",
        EmptyBox => "EMPTY BOX",
        QuantityShort => "FEWER THAN EXPECTED",
        OverQuantity => "MORE THAN EXPECTED",
        HighValue => "HIGH VALUE",
        HygieneSealBroken => "HYGIENE SEAL BROKEN",
        SuspectedWardrobing => "SUSPECTED WARDROBING",
        OverrideRequested => "OVERRIDE REQUESTED",
    }
}

fn kind_words(kind: ScanKind) -> &'static str {
    match kind {
        ScanKind::Tracking => "tracking",
        ScanKind::ReturnNumber => "return number",
        ScanKind::Gtin => "product (GTIN)",
        ScanKind::Lpn => "LPN",
        ScanKind::Sscc => "pallet (SSCC)",
        ScanKind::Gs1 => "GS1 barcode",
        ScanKind::Badge => "badge",
        ScanKind::Location => "bin location",
        ScanKind::Serial => "serial number",
        ScanKind::Command => "command",
        ScanKind::Unknown => "unknown",
    }
}

fn parcel_not_found(code: &str, scan: &triage_scan::Classified) -> AppError {
    match scan.kind {
        ScanKind::Tracking | ScanKind::ReturnNumber if scan.valid => AppError::new(
            ErrorCode::NotFound,
            format!(
                "no return on this bench matches {} {code}: check the return was imported, or set the parcel aside for a lead",
                kind_words(scan.kind)
            ),
        ),
        ScanKind::Gtin | ScanKind::Lpn | ScanKind::Sscc | ScanKind::Command if scan.valid => AppError::new(
            ErrorCode::InvalidCode,
            format!(
                "{code} is a {} code, not a parcel: scan the tracking number on the shipping label or type the return number (RMA…)",
                kind_words(scan.kind)
            ),
        ),
        _ => AppError::new(
            if scan.kind == ScanKind::Unknown { ErrorCode::UnknownCode } else { ErrorCode::InvalidCode },
            format!(
                "{}: scan the shipping label again or type the return number (RMA…)",
                scan.error.clone().unwrap_or_else(|| format!("{code} is not a code this bench knows"))
            ),
        ),
    }
}

/// Renders the label and writes it durably (fsync) before the confirmation commits.
/// The 4x6 template every label starts from.
const DEFAULT_TEMPLATE: &str = "restock-4x6";

/// The kind of label a decision gets: a refurbishment ticket (with the GS1-128 of GTIN
/// and serial) for a unit going to refurbish, a disposal tag, the restock label for
/// everything else. A held unit goes nowhere yet: its label is the plain one saying HOLD.
fn label_kind(decision: &Decision) -> &'static str {
    match decision.disposition {
        _ if decision.held => "restock",
        triage_core::Disposition::Refurbish => "refurbish",
        triage_core::Disposition::Dispose => "dispose",
        _ => "restock",
    }
}

/// The built-in template `kind` takes on the stock of `printer_template`.
fn stock_template(kind: &str, printer_template: &str) -> Result<LabelTemplate> {
    LabelTemplate::builtin(LabelTemplate::for_stock(kind, printer_template))
        .map_err(|e| AppError::new(ErrorCode::Label, e.to_string()))
}

/// `name`: the file's name without `.pdf` (the LPN, or LPN-seq for a reprint).
pub(crate) fn write_label(
    dir: &Path,
    name: &str,
    template: &LabelTemplate,
    data: &LabelData,
) -> std::result::Result<LabelFile, String> {
    let pdf = triage_labels::render_pdf(template, data).map_err(|e| e.to_string())?;
    let path: PathBuf = dir.join(format!("{name}.pdf"));
    let mut f = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    f.write_all(&pdf)
        .and_then(|_| f.sync_all())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    // The folder's entry for the new file must survive a power cut too.
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(LabelFile {
        path,
        template: template.name.clone(),
        print: None,
    })
}
