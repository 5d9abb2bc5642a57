//! `triage`: the bench without a window, for admins and scripts.

mod bench_cmd;
mod central_cmd;
mod dashboard_cmd;
mod label_peer;
mod rules_cmd;
mod scan_cmd;
mod unit_cmd;
mod user_cmd;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use triage_app::{os_locale, Bench, BenchConfig};

#[derive(Parser)]
#[command(name = "triage", version, about = "Triage, the returns bench, from the command line")]
struct Cli {
    /// The bench's data folder (default: TRIAGE_DATA_DIR, else the user's data directory).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Who runs a command that changes the bench (your badge); the PIN is read from
    /// TRIAGE_PIN or a line of standard input.
    #[arg(long, global = true, env = "TRIAGE_BADGE", value_name = "BADGE")]
    badge: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load the demo returns into the bench database (when it has none), or regenerate the demo files.
    Demo {
        #[command(subcommand)]
        action: Option<DemoAction>,
    },
    /// Import data into the bench database.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Work with scanned codes.
    Scan {
        #[command(subcommand)]
        action: ScanAction,
    },
    /// Labels of units confirmed on this bench.
    Label {
        #[command(subcommand)]
        action: LabelAction,
    },
    /// A confirmed unit: its history, a lead's override, a later re-disposition.
    Unit {
        #[command(subcommand)]
        action: UnitAction,
    },
    /// Grading and disposition rule files.
    Rules {
        #[command(subcommand)]
        action: RulesAction,
    },
    /// Decide one unit from facts and answers (JSON) with a rule file, and print the decision as JSON.
    Grade {
        /// The rule file (default: the built-in rules).
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
        /// {"facts": {"category": "electronics", "days_since_purchase": 12, "window_days": 30, …}, "answers": {"sealed": "Y"}}
        #[arg(long, value_name = "FACTS.json")]
        facts: PathBuf,
    },
    /// Central (as its administrator): schema, sites, bench logins, returns, rules.
    Central {
        #[command(subcommand)]
        action: central_cmd::CentralAction,
    },
    /// Send this bench's work to central and pull its site's news now; --status only tells how it stands.
    Sync {
        #[arg(long)]
        status: bool,
    },
    /// The bench's users: add, switch off, list (admins).
    User {
        #[command(subcommand)]
        action: user_cmd::UserAction,
    },
    /// The audit log: verify its hash chain, read its newest entries.
    Audit {
        #[command(subcommand)]
        action: user_cmd::AuditAction,
    },
    /// The bench's liquidation container: what it holds; --close closes it and prints its label.
    Container {
        /// Close it: number it, stamp its units, print the container label.
        #[arg(long)]
        close: bool,
    },
    /// A parcel no return matches: set it aside for a lead, or (a lead) match it to a return.
    Parcel {
        #[command(subcommand)]
        action: ParcelAction,
    },
    /// What waits for a lead (held units, conflicts from central, parcels set aside), oldest first.
    Review {
        /// Only units with this flag (e.g. serial_mismatch).
        #[arg(long)]
        flag: Option<String>,
        /// Only this inspector's units (badge).
        #[arg(long)]
        inspector: Option<String>,
        /// Only what another lead handed to the lead running the command.
        #[arg(long)]
        mine: bool,
        #[command(subcommand)]
        action: Option<ReviewAction>,
    },
    /// The shift's numbers (or chosen days'): throughput, dwell, waiting, mix, recovery, reasons, flags, refunds (leads, admins).
    Dashboard(dashboard_cmd::DashboardArgs),
    /// Time the inspector's path on the demo data in a throwaway bench (build with --release for real numbers).
    Bench {
        /// How many units to grade and confirm (every demo parcel is looked up).
        #[arg(long, default_value_t = 200)]
        units: usize,
        /// Skip the Python peer (reportlab, python-barcode) the labels are compared with.
        #[arg(long)]
        no_peer: bool,
    },
}

#[derive(Subcommand)]
enum ReviewAction {
    /// Hand a waiting item (its id as `triage review` lists it) to another lead of this bench (audited).
    Assign {
        item: String,
        /// The other lead's badge.
        to: String,
    },
}

#[derive(Subcommand)]
enum DemoAction {
    /// Write assets/demo/returns.json and returns.csv from the seeded generator.
    Generate {
        #[arg(long, value_name = "DIR", default_value = "assets/demo")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Returns from a CSV or JSON file (format in assets/demo/README.md); all rows or none.
    Returns {
        file: PathBuf,
        /// Into central for a site (--site, --url) instead of this bench.
        #[arg(long)]
        central: bool,
        #[arg(long, requires = "central")]
        site: Option<String>,
        #[command(flatten)]
        url: central_cmd::AdminUrl,
    },
    /// The warehouse system's stock need per SKU (CSV `sku,need`, need high/low/unknown):
    /// the rules' stock_need fact. A whole snapshot: it replaces the last one.
    Stock { file: PathBuf },
}

#[derive(Subcommand)]
enum UnitAction {
    /// The inspector's decision, every override and re-disposition (who, when, why), and what is in force.
    Show { lpn: String },
    /// A lead overrides the decision (grade, disposition + destination, refund advice) with a reason.
    Override {
        lpn: String,
        #[command(flatten)]
        change: unit_cmd::Change,
    },
    /// Move a confirmed unit to another disposition (e.g. restock → liquidate), with a reason.
    Redispose {
        lpn: String,
        #[command(flatten)]
        change: unit_cmd::Change,
    },
    /// A lead lets a held unit go where its rules sent it (its label prints again).
    Approve {
        lpn: String,
        #[arg(long)]
        reason: String,
    },
    /// A lead's blind re-grade of a unit offered for calibration (`triage review` lists them).
    Calibrate {
        lpn: String,
        /// A, B, C, D or F
        #[arg(long)]
        grade: String,
    },
    /// A lead sends a held unit back to be inspected again (its LPN is void), to
    /// the inspector who graded it or to --to BADGE.
    SendBack {
        lpn: String,
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "BADGE")]
        to: Option<String>,
    },
}

#[derive(Subcommand)]
enum ParcelAction {
    /// Put a parcel no return matches on the unmatched shelf; its exception label
    /// prints on the bench's printer.
    SetAside {
        /// The parcel's code (tracking number) as scanned.
        code: String,
        /// What you saw in it, for the lead (at most 200 characters).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// A lead matches a parcel set aside (its code or id) to a return (its number or a tracking number).
    Match { parcel: String, to: String },
    /// Nothing more is in the parcel (its code or id): lines of its return that
    /// received fewer units than expected send it to a lead.
    Close { parcel: String },
    /// A lead settles a parcel closed short (its code or id), saying what was done.
    Settle {
        parcel: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand)]
enum RulesAction {
    /// Check a rule file: every problem is printed as FILE:LINE: reason; exit 1 if any.
    Check { file: PathBuf },
    /// Check a rule file and put it in force on this bench (a refused file changes nothing).
    Load { file: PathBuf },
    /// Which rule set is in force on this bench.
    Show,
}

#[derive(Subcommand)]
enum ScanAction {
    /// Say what each scanned string is, whether it is valid, and why not.
    Classify {
        /// The scans; with none, each line of standard input is one.
        scans: Vec<String>,
        /// One JSON object per scan, one per line.
        #[arg(long)]
        json: bool,
        /// A TOML file of the site's code patterns (return_number, lpn, badge, location).
        #[arg(long)]
        codes: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LabelFormat {
    Pdf,
    Zpl,
}

impl LabelFormat {
    fn with_dpi(self, dpi: u32) -> triage_app::LabelFormat {
        match self {
            LabelFormat::Pdf => triage_app::LabelFormat::Pdf,
            LabelFormat::Zpl => triage_app::LabelFormat::Zpl { dpi },
        }
    }
}

#[derive(Subcommand)]
enum LabelAction {
    /// Print the label of a confirmed unit: the job is queued first, then sent; exits 1
    /// with the printer's own reason when it did not print (the job stays queued).
    Print {
        #[arg(long)]
        lpn: String,
        /// ipp://host:port/path, socket://host:9100, usb://VID:PID or file:///dir
        #[arg(long)]
        printer: String,
        /// restock-4x6 or restock-2x1
        #[arg(long, default_value = "restock-4x6")]
        template: String,
        #[arg(long, value_enum, default_value = "pdf")]
        format: LabelFormat,
        /// Print head resolution for ZPL (203 or 300).
        #[arg(long, default_value_t = 203)]
        dpi: u32,
    },
    /// The print jobs of a label: state, tries, the printer's last reason.
    Jobs {
        #[arg(long)]
        lpn: String,
    },
    /// Try every queued job whose time has come now (a bench does this by itself).
    Retry,
    /// Write the sheet of command barcodes (CMD:Y, CMD:UNDO…) to print for the bench.
    Commands {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// a4 or letter
        #[arg(long, default_value = "a4")]
        paper: String,
    },
    /// Render the label of a confirmed unit to a file.
    Render {
        #[arg(long)]
        lpn: String,
        /// restock-4x6 or restock-2x1
        #[arg(long, default_value = "restock-4x6")]
        template: String,
        #[arg(long, value_enum, default_value = "pdf")]
        format: LabelFormat,
        /// Print head resolution for ZPL (203 or 300).
        #[arg(long, default_value_t = 203)]
        dpi: u32,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("triage: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("triage: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn open_bench(data_dir: Option<PathBuf>) -> Result<Bench, String> {
    let config = BenchConfig::from_env(data_dir)?;
    let clock: triage_app::Clock = Arc::new(chrono::Local::now);
    Bench::open(config, clock, os_locale(|k| std::env::var(k).ok()))
        .await
        .map_err(|e| e.message)
}

/// The bench, with `badge` logged in (PIN from TRIAGE_PIN or standard input).
async fn signed_in_bench(data_dir: Option<PathBuf>, badge: Option<&str>) -> Result<Bench, String> {
    let bench = open_bench(data_dir).await?;
    user_cmd::sign_in(&bench, badge, &mut user_cmd::Pins::new()).await?;
    Ok(bench)
}

async fn run(cli: Cli) -> Result<(), String> {
    let badge = cli.badge.as_deref();
    match cli.command {
        Command::User { action } => {
            let bench = open_bench(cli.data_dir).await?;
            user_cmd::run(&bench, action, badge).await
        }
        Command::Audit { action } => {
            let bench = open_bench(cli.data_dir).await?;
            user_cmd::audit(&bench, action, badge).await
        }
        Command::Demo { action: None } => {
            let bench = open_bench(cli.data_dir).await?;
            match bench.load_demo_if_empty().await.map_err(|e| e.message)? {
                Some(s) => println!(
                    "loaded {} demo returns into {}",
                    s.imported,
                    bench.config().db_path().display()
                ),
                None => println!(
                    "{} already holds returns or takes them from central; the demo set loads only into an empty bench on its own",
                    bench.config().db_path().display()
                ),
            }
            Ok(())
        }
        Command::Demo {
            action: Some(DemoAction::Generate { out }),
        } => generate_demo(&out),
        Command::Import {
            what:
                ImportWhat::Returns {
                    file,
                    central: true,
                    site,
                    url,
                },
        } => {
            let site = site.ok_or("--central needs the site: --site ID")?;
            let orders = read_returns(&file)?;
            central_cmd::import_returns(&file, &orders, &site, &url).await
        }
        Command::Central { action } => central_cmd::run(action).await,
        Command::Sync { status } => {
            let bench = open_bench(cli.data_dir).await?;
            central_cmd::sync(&bench, status).await
        }
        Command::Import {
            what: ImportWhat::Returns { file, .. },
        } => {
            let orders = read_returns(&file)?;
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            let s = bench
                .import(&orders)
                .await
                .map_err(|e| format!("{}: {}; nothing was imported", file.display(), e.message))?;
            println!(
                "imported {} returns from {} ({} already on this bench)",
                s.imported,
                file.display(),
                s.already_present
            );
            Ok(())
        }
        Command::Import {
            what: ImportWhat::Stock { file },
        } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}; check the path", file.display()))?;
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            let s = bench
                .import_stock_need(&text, &file.display().to_string())
                .await
                .map_err(|e| e.message)?;
            println!(
                "stock need of {} SKUs in force from {} ({} high, {} low); other SKUs are unknown",
                s.skus,
                file.display(),
                s.high,
                s.low
            );
            Ok(())
        }
        Command::Scan {
            action: ScanAction::Classify { scans, json, codes },
        } => scan_cmd::classify(&scans, json, codes.as_deref()),
        Command::Bench { units, no_peer } => bench_cmd::run(units, !no_peer).await,
        Command::Rules {
            action: RulesAction::Check { file },
        } => rules_cmd::check(&file),
        Command::Rules {
            action: RulesAction::Load { file },
        } => {
            rules_cmd::check(&file)?;
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            let r = bench.load_rules(&file).await.map_err(|e| e.message)?;
            println!(
                "in force on {}: version {} from {}",
                bench.config().bench_id(),
                r.version,
                r.source
            );
            Ok(())
        }
        Command::Rules {
            action: RulesAction::Show,
        } => {
            let bench = open_bench(cli.data_dir).await?;
            let r = bench.rules_view();
            println!(
                "version {}
sha256  {}
source  {}",
                r.version, r.hash, r.source
            );
            if let Some(why) = r.refused {
                println!(
                    "last file refused:
{why}"
                );
            }
            Ok(())
        }
        Command::Unit {
            action: UnitAction::Show { lpn },
        } => unit_cmd::show(&open_bench(cli.data_dir).await?, &lpn).await,
        Command::Unit {
            action: UnitAction::Override { lpn, change },
        } => {
            let amendment = change.amendment(triage_core::rules::AmendmentKind::Override)?;
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            unit_cmd::amend(&bench, &lpn, &amendment).await
        }
        Command::Unit {
            action: UnitAction::Approve { lpn, reason },
        } => {
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            let done = bench.approve_unit(&lpn, &reason).await.map_err(|e| e.message)?;
            println!(
                "{} is now {}: {}",
                done.lpn,
                done.state.as_str().replace('_', " "),
                done.decision.summary
            );
            Ok(())
        }
        Command::Unit {
            action: UnitAction::Calibrate { lpn, grade },
        } => {
            let grade = triage_core::Grade::parse(&grade.trim().to_ascii_uppercase())
                .ok_or_else(|| format!("--grade {grade:?} is not one of A, B, C, D, F"))?;
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            let r = bench.calibrate(&lpn, grade).await.map_err(|e| e.message)?;
            println!(
                "{}: you graded {}, the inspector {} ({}); {} left waiting for a lead",
                r.lpn,
                r.lead.as_str(),
                r.inspector.as_str(),
                if r.agreed { "agree" } else { "disagree" },
                r.queue.total
            );
            Ok(())
        }
        Command::Unit {
            action: UnitAction::SendBack { lpn, reason, to },
        } => {
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            let left = bench
                .send_back(&lpn, &reason, to.as_deref())
                .await
                .map_err(|e| e.message)?;
            println!(
                "{} sent back for re-inspection{}; scanning it takes the unit up again; {} left waiting for a lead",
                lpn.trim().to_uppercase(),
                to.map(|t| format!(" by {}", t.trim().to_uppercase()))
                    .unwrap_or_default(),
                left.total
            );
            Ok(())
        }
        Command::Dashboard(args) => {
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            dashboard_cmd::run(&bench, args).await
        }
        Command::Container { close } => {
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            let c = if close {
                bench.close_container().await
            } else {
                bench.open_container().await
            }
            .map_err(|e| e.message)?;
            let value = format!("{}.{:02}", c.value_cents / 100, c.value_cents % 100);
            match &c.code {
                Some(code) => println!("closed {code}: {} units ({}), value {value}", c.units, c.contents),
                None => println!(
                    "open liquidation container: {} units ({}), value {value}",
                    c.units, c.contents
                ),
            }
            for lpn in &c.lpns {
                println!("  {lpn}");
            }
            if let Some(pdf) = &c.label_pdf {
                println!("container label: {pdf}");
                match &c.print_job {
                    Some(job) => println!("print job {} is {}", job.id, job.state),
                    None => println!("no printer is chosen: print the PDF and stick it on the container"),
                }
            }
            Ok(())
        }
        Command::Parcel {
            action: ParcelAction::SetAside { code, note },
        } => {
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            let set = bench.set_aside_parcel(&code, &note).await.map_err(|e| e.message)?;
            if set.already {
                println!(
                    "{} was already set aside (since {}): it waits for a lead",
                    set.scanned, set.since
                );
            } else {
                println!("{} set aside for a lead: put it on the unmatched shelf", set.scanned);
            }
            match (&set.print_job, &set.label_problem) {
                (Some(job), _) => println!("exception label: print job {} is {}", job.id, job.state),
                (None, Some(problem)) => println!("no exception label: {problem}"),
                (None, None) if !set.already => println!("no printer is chosen: write the code on the parcel"),
                (None, None) => {}
            }
            Ok(())
        }
        Command::Parcel {
            action: ParcelAction::Match { parcel, to },
        } => {
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            let wanted = parcel.trim();
            let id = waiting_parcel(&bench, triage_core::review::WaitKind::UnmatchedParcel, wanted)
                .await?
                .ok_or_else(|| format!("no parcel set aside on this bench is {wanted}: `triage review` lists them"))?;
            let left = bench.match_parcel(&id, &to).await.map_err(|e| e.message)?;
            println!(
                "{wanted} matched to {}; {} left waiting for a lead",
                to.trim(),
                left.total
            );
            Ok(())
        }
        Command::Parcel {
            action: ParcelAction::Close { parcel },
        } => {
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            let closed = bench.close_parcel_by_code(&parcel).await.map_err(|e| e.message)?;
            if !closed.boxes_to_come.is_empty() {
                println!(
                    "{} closed: return {} has {} more box(es) to come ({}); what is still missing ({}) is checked when the last one is closed",
                    parcel.trim(),
                    closed.return_number,
                    closed.boxes_to_come.len(),
                    closed.boxes_to_come.join(", "),
                    triage_core::receipt::summary(&closed.short)
                );
            } else if closed.short.is_empty() {
                println!(
                    "{} closed: return {} has every unit it expected ({} received)",
                    parcel.trim(),
                    closed.return_number,
                    closed.units
                );
            } else {
                println!(
                    "{} closed with fewer units than return {} expected: {}; it waits for a lead",
                    parcel.trim(),
                    closed.return_number,
                    triage_core::receipt::summary(&closed.short)
                );
            }
            Ok(())
        }
        Command::Parcel {
            action: ParcelAction::Settle { parcel, reason },
        } => {
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            let wanted = parcel.trim();
            let id = waiting_parcel(&bench, triage_core::review::WaitKind::ShortParcel, wanted)
                .await?
                .ok_or_else(|| {
                    format!("no parcel closed short waits on this bench as {wanted}: `triage review` lists them")
                })?;
            let left = bench.settle_short_parcel(&id, &reason).await.map_err(|e| e.message)?;
            println!("{wanted} settled; {} left waiting for a lead", left.total);
            Ok(())
        }
        Command::Review {
            action: Some(ReviewAction::Assign { item, to }),
            ..
        } => {
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            let q = bench.assign_review_item(&item, &to).await.map_err(|e| e.message)?;
            let whose = q
                .items
                .iter()
                .find(|i| i.id == item)
                .and_then(|i| i.assigned_to.clone());
            println!("{item} handed to {}", whose.as_deref().unwrap_or(&to));
            Ok(())
        }
        Command::Review {
            flag,
            inspector,
            mine,
            action: None,
        } => {
            let flag = flag
                .map(|f| {
                    triage_core::Flag::parse(&f.trim().to_ascii_lowercase()).ok_or_else(|| {
                        let all: Vec<&str> = triage_core::Flag::ALL.iter().map(|f| f.as_str()).collect();
                        format!("--flag {f:?} is not one of {}", all.join(", "))
                    })
                })
                .transpose()?;
            let filter = triage_core::review::ReviewFilter {
                flag,
                inspector,
                mine,
                ..Default::default()
            };
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            let q = bench.review_queue(&filter).await.map_err(|e| e.message)?;
            for i in &q.items {
                let why: Vec<String> = i
                    .conflict
                    .iter()
                    .cloned()
                    .chain(i.parcel.iter().map(|code| match i.kind {
                        triage_core::review::WaitKind::ShortParcel => format!("short_parcel {code}"),
                        _ => format!("unmatched_parcel {code}"),
                    }))
                    .chain(i.flags.iter().map(|f| f.as_str().to_string()))
                    .collect();
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    i.since,
                    i.id,
                    why.join(","),
                    i.inspector.as_deref().unwrap_or("-"),
                    i.assigned_to
                        .as_deref()
                        .map_or_else(|| "-".to_string(), |b| format!("→{b}")),
                    i.summary
                );
            }
            println!("{} shown of {} waiting", q.items.len(), q.total);
            Ok(())
        }
        Command::Unit {
            action: UnitAction::Redispose { lpn, change },
        } => {
            let amendment = change.amendment(triage_core::rules::AmendmentKind::Redisposition)?;
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            unit_cmd::amend(&bench, &lpn, &amendment).await
        }
        Command::Grade { rules, facts } => rules_cmd::grade(rules.as_deref(), &facts),
        Command::Label {
            action:
                LabelAction::Print {
                    lpn,
                    printer,
                    template,
                    format,
                    dpi,
                },
        } => {
            let bench = signed_in_bench(cli.data_dir, badge).await?;
            let format = format.with_dpi(dpi);
            let job = bench
                .print_label(&lpn, &printer, &template, format)
                .await
                .map_err(|e| e.message)?;
            job_outcome(&job)
        }
        Command::Label {
            action: LabelAction::Jobs { lpn },
        } => {
            let bench = open_bench(cli.data_dir).await?;
            for j in bench.print_jobs(&lpn).await.map_err(|e| e.message)? {
                println!(
                    "{}\t{}\t{}\t{}\ttries {}\t{}{}",
                    j.id,
                    j.printer,
                    j.format,
                    j.state,
                    j.attempts,
                    j.last_error.unwrap_or_default(),
                    j.reprint_of.map(|r| format!("\treprint of {r}")).unwrap_or_default()
                );
            }
            Ok(())
        }
        Command::Label {
            action: LabelAction::Commands { out, paper },
        } => {
            let paper = match paper.trim().to_ascii_lowercase().as_str() {
                "a4" => triage_labels::Paper::A4,
                "letter" => triage_labels::Paper::Letter,
                other => return Err(format!("--paper {other:?}: write a4 or letter")),
            };
            let bench = open_bench(cli.data_dir).await?;
            let pdf = bench.command_sheet(paper).map_err(|e| e.message)?;
            std::fs::write(&out, pdf).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            println!("wrote the sheet of bench commands to {}", out.display());
            Ok(())
        }
        Command::Label {
            action: LabelAction::Retry,
        } => {
            let bench = open_bench(cli.data_dir).await?;
            let jobs = bench.run_print_queue().await.map_err(|e| e.message)?;
            if jobs.is_empty() {
                println!("no print job is due");
            }
            let mut failed = Vec::new();
            for j in &jobs {
                if let Err(e) = job_outcome(j) {
                    failed.push(e);
                }
            }
            match failed.len() {
                0 => Ok(()),
                n => Err(format!(
                    "{n} of {} labels did not print: {}",
                    jobs.len(),
                    failed.join("; ")
                )),
            }
        }
        Command::Label {
            action:
                LabelAction::Render {
                    lpn,
                    template,
                    format,
                    dpi,
                    out,
                },
        } => {
            let bench = open_bench(cli.data_dir).await?;
            let format = format.with_dpi(dpi);
            let bytes = bench
                .render_label(&lpn, &template, format)
                .await
                .map_err(|e| e.message)?;
            std::fs::write(&out, bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            println!("wrote the label of {} to {}", lpn.trim().to_uppercase(), out.display());
            Ok(())
        }
    }
}

/// Says what became of a print job; an error (exit 1) with the printer's reason when
/// the label did not print.
fn job_outcome(job: &triage_app::dto::PrintJobView) -> Result<(), String> {
    match job.state.as_str() {
        "done" | "sent" => {
            println!("printed the label of {} on {}", job.lpn, job.printer);
            Ok(())
        }
        "queued" => Err(format!(
            "{} (the label of {} stays queued, tried again from {})",
            job.last_error.as_deref().unwrap_or("not printed yet"),
            job.lpn,
            job.next_attempt_at
        )),
        _ => Err(format!(
            "{} (the label of {} was not printed; print it elsewhere)",
            job.last_error.as_deref().unwrap_or("the printer refused it"),
            job.lpn
        )),
    }
}

/// CSV or JSON by extension; the whole file is checked before anything is stored.
fn read_returns(file: &Path) -> Result<Vec<triage_core::ReturnOrder>, String> {
    let text =
        std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}; check the path", file.display()))?;
    let ext = file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let parsed = match ext.as_deref() {
        Some("csv") => triage_core::import::parse_csv(&text),
        Some("json") => triage_core::import::parse_json(&text),
        _ => {
            return Err(format!(
                "{}: name the file .csv or .json so its format is known",
                file.display()
            ))
        }
    };
    parsed.map_err(|e| {
        format!(
            "{}: {e}; fix it and import again (nothing was imported)",
            file.display()
        )
    })
}

fn generate_demo(out: &Path) -> Result<(), String> {
    let orders = triage_demo::demo_set();
    triage_demo::write_files(out, &orders)
        .map_err(|e| format!("cannot write the demo files to {}: {e}", out.display()))?;
    println!("wrote {} demo returns to {}", orders.len(), out.display());
    Ok(())
}

/// The id of the parcel of this kind waiting in the lead's queue under `wanted`
/// (its id or its code as scanned).
async fn waiting_parcel(
    bench: &Bench,
    kind: triage_core::review::WaitKind,
    wanted: &str,
) -> Result<Option<String>, String> {
    let q = bench
        .review_queue(&triage_core::review::ReviewFilter {
            kind: Some(kind),
            ..Default::default()
        })
        .await
        .map_err(|e| e.message)?;
    Ok(q.items
        .into_iter()
        .find(|i| i.id == wanted || i.parcel.as_deref() == Some(wanted))
        .map(|i| i.id))
}
