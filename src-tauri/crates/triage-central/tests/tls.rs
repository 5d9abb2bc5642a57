//! TLS towards central: a server with a certificate from a test CA (made with
//! openssl), and a bench choosing prefer / require / verify-full.

use std::path::Path;
use std::process::Command;
use triage_central::{Central, CentralSettings, TlsMode};
use triage_pgtest::Postgres;

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs (cargo xtask test installs it)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA, and a server certificate it signed for localhost / 127.0.0.1.
fn certificates(dir: &Path, ca_name: &str) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            &format!("/CN={ca_name}"),
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
        ],
    );
    std::fs::write(dir.join("ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n").unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "ext",
        ],
    );
}

async fn bench_settings(pg: &Postgres, tls: TlsMode, ca: Option<&Path>) -> CentralSettings {
    let admin = Central::connect_url(&pg.admin_url("central")).await.unwrap();
    admin.migrate().await.unwrap();
    admin.create_site("S1", "Lille").await.unwrap();
    let login = admin.create_bench("S1", "B1").await.unwrap();
    CentralSettings {
        url: format!("postgres://{}@localhost:{}/central", login.role, pg.port()),
        password: login.password,
        site: "S1".into(),
        bench: "B1".into(),
        tls,
        ca: ca.map(Path::to_path_buf),
    }
}

async fn uses_tls(c: &Central) -> bool {
    let (ssl,): (bool,) = sqlx::query_as("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(c.pool())
        .await
        .unwrap();
    ssl
}

#[tokio::test]
async fn verify_full_checks_the_certificate_and_the_host() {
    let certs = tempfile::tempdir().unwrap();
    certificates(certs.path(), "Triage test CA");
    let other = tempfile::tempdir().unwrap();
    certificates(other.path(), "Someone else's CA");
    let pg = Postgres::start_tls(
        &std::fs::read(certs.path().join("server.pem")).unwrap(),
        &std::fs::read(certs.path().join("server.key")).unwrap(),
    )
    .unwrap();
    pg.create_db("central").unwrap();

    let mut s = bench_settings(&pg, TlsMode::VerifyFull, Some(&certs.path().join("ca.pem"))).await;
    let c = Central::connect(&s).await.unwrap();
    assert!(uses_tls(&c).await, "verify-full talks TLS");
    c.close().await;

    s.ca = Some(other.path().join("ca.pem"));
    let e = Central::connect(&s).await.unwrap_err().to_string();
    assert!(
        e.to_lowercase().contains("certificate"),
        "a certificate from another CA is refused: {e}"
    );

    s.tls = TlsMode::Prefer;
    s.ca = None;
    let c = Central::connect(&s).await.unwrap();
    assert!(uses_tls(&c).await, "prefer uses TLS when the server offers it");
}

#[tokio::test]
async fn require_refuses_a_server_without_tls_and_prefer_goes_on_without() {
    let pg = Postgres::start_tcp().unwrap();
    pg.create_db("central").unwrap();
    let mut s = bench_settings(&pg, TlsMode::Require, None).await;
    assert!(Central::connect(&s).await.is_err(), "require: no TLS, no connection");
    s.tls = TlsMode::Prefer;
    let c = Central::connect(&s).await.unwrap();
    assert!(!uses_tls(&c).await);
}
