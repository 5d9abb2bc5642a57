//! Test support for code that talks to USB devices. This host has no USB
//! bus, so [`run_guest`] boots a QEMU guest (software emulation) with
//! Debian's stock kernel and a busybox initramfs. In the guest, QEMU's USB
//! keyboard sits on an xHCI controller and dummy_hcd (two UDCs) can carry
//! configfs gadgets; the host's root is shared read-only over 9p, so a binary
//! cargo built on the host runs there unchanged (in a chroot), as root.
//!
//! The guest binary prints `USB-GUEST: ok` or `USB-GUEST: FAIL …`; any line
//! it prints is handed to the caller, which may answer through QMP (typing on
//! the keyboard). Needs qemu-system-x86, busybox-static, cpio and kmod; the
//! kernel package is fetched with apt-get once into `<repo>/.tmp/usb-guest`.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

/// What the guest printed, and how long boot and run took.
pub struct Guest {
    pub console: Vec<String>,
    pub took: Duration,
    /// The guest's `USB-GUEST: ok` / `USB-GUEST: FAIL …` line, if it gave one.
    pub verdict: Option<String>,
}

impl Guest {
    /// Panics with the whole console unless the guest said ok.
    pub fn assert_ok(&self) {
        let log = self.console.join("\n");
        match &self.verdict {
            Some(v) if v.contains("USB-GUEST: ok") => {}
            Some(v) => panic!("{v}\nconsole:\n{log}"),
            None => panic!("the guest gave no verdict in {:?}; its console:\n{log}", self.took),
        }
    }

    /// The lines the guest binary printed about itself (`prefix…`).
    pub fn lines(&self, prefix: &str) -> Vec<&str> {
        self.console
            .iter()
            .filter(|l| l.starts_with(prefix))
            .map(String::as_str)
            .collect()
    }
}

/// Modules the guest loads, each after what it depends on.
const MODULES: &[&str] = &[
    "configfs",
    "virtio_pci",
    "9pnet_virtio",
    "9p",
    "xhci_pci",
    "usbhid",
    "hid_generic",
    "dummy_hcd",
    "libcomposite",
    "usb_f_hid",
    "usb_f_printer",
    "usblp",
];

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Debian's current stock kernel, unpacked once: (vmlinuz, modules dir).
fn kernel() -> (PathBuf, PathBuf) {
    let dir = root().join(".tmp/usb-guest");
    std::fs::create_dir_all(&dir).unwrap();
    let depends = run(Command::new("apt-cache").args(["depends", "linux-image-amd64"]));
    let package = depends
        .lines()
        .find_map(|l| l.trim().strip_prefix("Depends: "))
        .filter(|p| p.starts_with("linux-image-"))
        .unwrap_or_else(|| panic!("apt-cache names no kernel for linux-image-amd64: {depends}"))
        .to_string();
    let version = package.trim_start_matches("linux-image-").to_string();
    let unpacked = dir.join(&version);
    let vmlinuz = unpacked.join(format!("boot/vmlinuz-{version}"));
    let modules = unpacked.join(format!("lib/modules/{version}"));
    if !modules.join("modules.dep").exists() {
        run(Command::new("apt-get").args(["download", &package]).current_dir(&dir));
        let deb = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{package}_")))
            })
            .expect("the downloaded kernel package");
        run(Command::new("dpkg").arg("-x").arg(&deb).arg(&unpacked));
        std::fs::remove_file(&deb).unwrap();
        run(Command::new("depmod").arg("-b").arg(&unpacked).arg(&version));
    }
    (vmlinuz, modules)
}

/// The module files to load, dependencies first, from modules.dep.
fn module_files(modules: &Path) -> Vec<String> {
    let dep = std::fs::read_to_string(modules.join("modules.dep")).unwrap();
    let deps: std::collections::HashMap<String, Vec<String>> = dep
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(m, d)| (m.to_string(), d.split_whitespace().map(str::to_string).collect()))
        .collect();
    let name = |path: &str| {
        Path::new(path)
            .file_stem()
            .map(|s| s.to_string_lossy().replace('-', "_"))
            .unwrap_or_default()
    };
    fn visit(m: &str, deps: &std::collections::HashMap<String, Vec<String>>, out: &mut Vec<String>) {
        if out.iter().any(|o| o == m) {
            return;
        }
        for d in deps.get(m).into_iter().flatten() {
            visit(d, deps, out);
        }
        out.push(m.to_string());
    }
    let mut out = Vec::new();
    for wanted in MODULES {
        let path = deps
            .keys()
            .find(|p| name(p) == *wanted)
            .unwrap_or_else(|| panic!("module {wanted} is not in this kernel"));
        visit(path, &deps, &mut out);
    }
    out
}

/// A busybox initramfs whose init loads the modules, mounts the host's root
/// and runs the guest binary in it. Nothing is mounted over the host's /tmp:
/// a checkout there (CI clones into /tmp) must stay visible.
fn initramfs(dir: &Path, modules: &Path, guest_bin: &Path) -> PathBuf {
    let tree = dir.join("initramfs");
    for d in ["bin", "dev", "proc", "sys", "host", "lib/modules"] {
        std::fs::create_dir_all(tree.join(d)).unwrap();
    }
    std::fs::copy("/bin/busybox", tree.join("bin/busybox")).expect("busybox (busybox-static)");
    let mut insmod = String::new();
    for m in module_files(modules) {
        let file = Path::new(&m).file_name().unwrap().to_string_lossy().into_owned();
        std::fs::copy(modules.join(&m), tree.join("lib/modules").join(&file)).unwrap();
        let args = if file.starts_with("dummy_hcd") { " num=2" } else { "" };
        insmod.push_str(&format!("insmod /lib/modules/{file}{args}\n"));
    }
    let init = format!(
        "#!/bin/busybox sh\n\
         /bin/busybox --install -s /bin\n\
         mount -t proc proc /proc\n\
         mount -t sysfs sys /sys\n\
         mount -t devtmpfs dev /dev\n\
         {insmod}\
         mount -t configfs none /sys/kernel/config\n\
         mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose hostfs /host || echo 'USB-GUEST: FAIL no 9p'\n\
         mount --rbind /proc /host/proc\n\
         mount --rbind /sys /host/sys\n\
         mount --rbind /dev /host/dev\n\
         sleep 1\n\
         chroot /host {guest}\n\
         echo USB-GUEST-EXIT $?\n\
         poweroff -f\n",
        guest = guest_bin.display()
    );
    let init_path = tree.join("init");
    std::fs::write(&init_path, init).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&init_path, std::fs::Permissions::from_mode(0o755)).unwrap();
    let cpio = dir.join("initramfs.cpio");
    let list = run(Command::new("find").arg(".").current_dir(&tree));
    let mut child = Command::new("cpio")
        .args(["-o", "-H", "newc", "--quiet"])
        .current_dir(&tree)
        .stdin(Stdio::piped())
        .stdout(std::fs::File::create(&cpio).unwrap())
        .spawn()
        .expect("cpio");
    child.stdin.take().unwrap().write_all(list.as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
    cpio
}

/// QEMU key names for the characters: (modifier, key).
fn keys(text: &str) -> Vec<(Option<&'static str>, String)> {
    text.chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' => (None, c.to_string()),
            'A'..='Z' => (Some("shift"), c.to_ascii_lowercase().to_string()),
            '-' => (None, "minus".into()),
            '!' => (Some("shift"), "1".into()),
            ']' => (None, "bracket_right".into()),
            '{' => (Some("shift"), "bracket_left".into()),
            '}' => (Some("shift"), "bracket_right".into()),
            '\u{1d}' => (Some("ctrl"), "bracket_right".into()),
            '\n' => (None, "ret".into()),
            c => panic!("no key for {c:?}"),
        })
        .collect()
}

pub struct Qmp {
    stream: BufReader<UnixStream>,
}

impl Qmp {
    fn connect(path: &Path) -> Qmp {
        let until = Instant::now() + Duration::from_secs(20);
        let stream = loop {
            match UnixStream::connect(path) {
                Ok(s) => break s,
                Err(_) if Instant::now() < until => std::thread::sleep(Duration::from_millis(100)),
                Err(e) => panic!("QMP socket {}: {e}", path.display()),
            }
        };
        let mut q = Qmp {
            stream: BufReader::new(stream),
        };
        q.reply(); // the greeting
        q.call(r#"{"execute":"qmp_capabilities"}"#);
        q
    }

    fn reply(&mut self) -> String {
        loop {
            let mut line = String::new();
            self.stream.read_line(&mut line).unwrap();
            // Events come in between; the answer has "return" or "error".
            if line.contains("\"return\"") || line.contains("\"error\"") || line.contains("\"QMP\"") {
                return line;
            }
        }
    }

    fn call(&mut self, json: &str) {
        self.stream.get_mut().write_all(format!("{json}\n").as_bytes()).unwrap();
        let r = self.reply();
        assert!(r.contains("\"return\""), "QMP {json}: {r}");
    }

    fn key(&mut self, key: &str, down: bool) {
        self.call(&format!(
            r#"{{"execute":"input-send-event","arguments":{{"device":"vga0","events":[{{"type":"key","data":{{"down":{down},"key":{{"type":"qcode","data":"{key}"}}}}}}]}}}}"#
        ));
        std::thread::sleep(Duration::from_millis(30));
    }

    /// Types `text` on QEMU's USB keyboard (the keys `keys` knows).
    pub fn type_text(&mut self, text: &str) {
        for (modifier, key) in keys(text) {
            if let Some(m) = modifier {
                self.key(m, true);
            }
            self.key(&key, true);
            self.key(&key, false);
            if let Some(m) = modifier {
                self.key(m, false);
            }
        }
    }
}

/// Boots the guest, runs `guest_bin` in it and hands every console line to
/// `on_line` (with QMP, to type on the keyboard) until the guest is done or
/// `timeout` has passed.
pub fn run_guest(guest_bin: &Path, timeout: Duration, mut on_line: impl FnMut(&str, &mut Qmp)) -> Guest {
    let (vmlinuz, modules) = kernel();
    let dir = tempfile::tempdir().unwrap();
    let cpio = initramfs(dir.path(), &modules, guest_bin);
    let qmp_path = dir.path().join("qmp.sock");
    let started = Instant::now();
    let mut qemu = Command::new("qemu-system-x86_64")
        .args(["-accel", "tcg", "-m", "1024", "-smp", "1", "-no-reboot"])
        .args([
            "-display", "none", "-vga", "none", "-monitor", "none", "-serial", "stdio",
        ])
        .args(["-device", "VGA,id=vga0"])
        .args([
            "-device",
            "qemu-xhci,id=xhci",
            "-device",
            "usb-kbd,bus=xhci.0,display=vga0",
        ])
        .args([
            "-virtfs",
            "local,path=/,mount_tag=hostfs,security_model=none,readonly=on,multidevs=remap",
        ])
        .arg("-qmp")
        .arg(format!("unix:{},server=on,wait=off", qmp_path.display()))
        .arg("-kernel")
        .arg(&vmlinuz)
        .arg("-initrd")
        .arg(&cpio)
        .args(["-append", "console=ttyS0 panic=-1 rdinit=/init loglevel=3"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("qemu-system-x86_64 (qemu-system-x86)");
    let (tx, lines) = mpsc::channel::<String>();
    let out = qemu.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut qmp = Qmp::connect(&qmp_path);
    let mut console = Vec::new();
    let mut verdict = None;
    let deadline = Instant::now() + timeout;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(line) = lines.recv_timeout(left) else { break };
        let line = line.trim_end().to_string();
        console.push(line.clone());
        on_line(&line, &mut qmp);
        if line.contains("USB-GUEST: ok") || line.contains("USB-GUEST: FAIL") {
            verdict = Some(line.clone());
        }
        if line.contains("USB-GUEST-EXIT") {
            break;
        }
    }
    let _ = qemu.kill();
    let _ = qemu.wait();
    Guest {
        console,
        took: started.elapsed(),
        verdict,
    }
}
