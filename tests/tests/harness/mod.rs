//! Starts Xvfb, tauri-driver (over WebKitWebDriver) and a WebDriver session on
//! the app with a throwaway data folder; stops them all, by PID, when done.

use fantoccini::{Client, ClientBuilder};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Session {
    pub client: Client,
    children: Vec<Child>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("TRIAGE_DESKTOP_BIN") {
        return PathBuf::from(p);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    target.join("debug").join("triage-desktop")
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(&std::env::var_os("HOME").unwrap()).join(".cargo"));
    let p = home.join("bin").join("tauri-driver");
    if p.exists() {
        p
    } else {
        PathBuf::from("tauri-driver")
    }
}

fn start_xvfb() -> (Child, String) {
    for n in 140..200 {
        if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() || Path::new(&format!("/tmp/.X{n}-lock")).exists() {
            continue;
        }
        let display = format!(":{n}");
        let mut child = Command::new("Xvfb")
            .args([display.as_str(), "-screen", "0", "1366x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (cargo xtask test installs the xvfb package)");
        let socket = format!("/tmp/.X11-unix/X{n}");
        for _ in 0..50 {
            if Path::new(&socket).exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        if !Path::new(&socket).exists() {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Xvfb did not come up on {display}");
        }
        return (child, display);
    }
    panic!("no free X display");
}

impl Session {
    pub async fn start(data_dir: &Path) -> Session {
        let app = app_binary();
        assert!(
            app.exists(),
            "{} is missing: build the app first (cargo xtask test does), or set TRIAGE_DESKTOP_BIN",
            app.display()
        );
        // The bench "prints" to a folder printer inside its data directory.
        let printer = data_dir.join("printer");
        std::fs::create_dir_all(&printer).unwrap();
        let (xvfb, display) = start_xvfb();
        let port = free_port();
        let native_port = free_port();
        let driver = Command::new(tauri_driver())
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("DISPLAY", &display)
            .env("TRIAGE_DATA_DIR", data_dir)
            .env("TRIAGE_SITE", "PAR1")
            .env("TRIAGE_BENCH", "1")
            .env("TRIAGE_PRINTER", format!("file://{}", printer.display()))
            .env("LANG", "en_US.UTF-8")
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .stdout(Stdio::null())
            // Its own process group, so WebKitWebDriver and the app die with it.
            .process_group(0)
            .spawn()
            .expect("tauri-driver runs (cargo xtask test installs it with cargo install)");
        let mut children = vec![driver, xvfb];

        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), serde_json::json!("wry"));
        caps.insert("tauri:options".into(), serde_json::json!({ "application": app }));
        let url = format!("http://127.0.0.1:{port}");
        // sqlx (ring) and fantoccini's hyper-rustls (aws-lc-rs) both bring a rustls
        // crypto provider into this test build; say which one is the default.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut last = None;
        for _ in 0..100 {
            match ClientBuilder::rustls()
                .expect("rustls")
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Session { client, children };
                }
                Err(e) => last = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        kill_all(&mut children);
        panic!("no WebDriver session with the app: {last:?}");
    }

    /// Saves what the window shows to target/screenshots/NAME.png for people to look at.
    ///
    /// WebKitWebDriver's screenshot waits for the page's next rendering update: on
    /// a page that has stopped painting it blocks until something repaints (the
    /// idle lock, ten minutes later). A pixel in a corner blinks while the
    /// screenshot is taken, so there is always an update to wait for.
    pub async fn screenshot(&self, name: &str) {
        self.blink(true).await;
        let png = self.client.screenshot().await.expect("screenshot");
        self.blink(false).await;
        let dir = app_binary().parent().unwrap().parent().unwrap().join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    async fn blink(&self, on: bool) {
        let script = if on {
            "const p = document.createElement('div'); p.id = 'webdriver-blink'; \
             p.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none;background:#000'; \
             p.animate([{opacity: 0}, {opacity: 1}], {duration: 200, iterations: Infinity, direction: 'alternate'}); \
             document.body.appendChild(p);"
        } else {
            "document.getElementById('webdriver-blink')?.remove();"
        };
        self.client.execute(script, vec![]).await.expect("blink");
    }

    pub async fn stop(mut self) {
        let _ = self.client.clone().close().await;
        kill_all(&mut self.children);
    }
}

/// tauri-driver leads a process group (WebKitWebDriver, the app): kill the group.
fn kill_all(children: &mut Vec<Child>) {
    for c in children.iter_mut() {
        if let Ok(pid) = i32::try_from(c.id()) {
            // SAFETY: getpgid/kill are plain syscalls; the group is signalled only when this child leads it.
            unsafe {
                if pid > 1 && libc::getpgid(pid) == pid {
                    libc::kill(-pid, libc::SIGKILL);
                }
            }
        }
        let _ = c.kill();
        let _ = c.wait();
    }
    children.clear();
}

impl Drop for Session {
    fn drop(&mut self) {
        kill_all(&mut self.children);
    }
}
