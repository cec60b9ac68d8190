//! The distribution files hold together: one version (Cargo.toml's) everywhere a package names
//! it, one list of platforms in the release workflow, the action, and the npm packages, and the
//! action's install step run for real against a fake release in a folder (file:// URLs, no
//! network), with stub `cargo` and `planlint` programs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn yaml(rel: &str) -> Value {
    serde_saphyr::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn toml_file(rel: &str) -> toml::Value {
    toml::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const TARGETS: [&str; 5] = [
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
];

const NPM_PACKAGES: [&str; 5] = [
    "@planlint/linux-x64",
    "@planlint/linux-arm64",
    "@planlint/darwin-x64",
    "@planlint/darwin-arm64",
    "@planlint/win32-x64",
];

#[test]
fn the_pre_commit_stub_pins_the_cargo_version() {
    let version = env!("CARGO_PKG_VERSION");
    let stub = toml_file("pyproject.toml");
    let deps: Vec<&str> = stub["project"]["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(
        deps,
        [format!("planlint=={version}")],
        "pyproject.toml must pin the wheel of Cargo.toml's version (RELEASING.md)"
    );
    // Building the stub must never build Rust: a plain setuptools package with no modules.
    assert_eq!(
        stub["build-system"]["build-backend"].as_str(),
        Some("setuptools.build_meta")
    );
    assert_ne!(stub["project"]["name"].as_str(), Some("planlint"));
}

#[test]
fn the_wheel_takes_its_version_from_cargo() {
    let wheel = toml_file("packaging/pypi/pyproject.toml");
    assert_eq!(wheel["project"]["name"].as_str(), Some("planlint"));
    let dynamic = wheel["project"]["dynamic"].as_array().unwrap();
    assert!(dynamic.iter().any(|d| d.as_str() == Some("version")));
    assert!(wheel["project"].get("version").is_none());
    assert_eq!(wheel["tool"]["maturin"]["bindings"].as_str(), Some("bin"));
    let manifest = wheel["tool"]["maturin"]["manifest-path"].as_str().unwrap();
    assert_eq!(
        root()
            .join("packaging/pypi")
            .join(manifest)
            .canonicalize()
            .unwrap(),
        root().join("Cargo.toml").canonicalize().unwrap()
    );
}

#[test]
fn every_platform_is_built_downloaded_and_packaged() {
    // The release workflow's matrix.
    let release = yaml(".github/workflows/release.yml");
    let built: BTreeSet<&str> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["target"].as_str().unwrap())
        .collect();
    assert_eq!(built, BTreeSet::from(TARGETS));

    // The action maps each runner to one of them.
    let action = read("action.yml");
    for target in TARGETS {
        assert!(
            action.contains(&format!("target={target} ;;")),
            "action.yml has no runner for {target}"
        );
    }

    // The npm packages: build.mjs makes one per target, the launcher knows each of them.
    let build = read("packaging/npm/build.mjs");
    let launcher = read("packaging/npm/planlint/bin/planlint.js");
    for (target, pkg) in TARGETS.iter().zip(NPM_PACKAGES) {
        assert!(
            build.contains(&format!("target: \"{target}\", pkg: \"{pkg}\"")),
            "build.mjs: {target} -> {pkg}"
        );
        assert!(
            launcher.contains(&format!("\"{pkg}\"")),
            "planlint.js: {pkg}"
        );
    }
    let manifest: Value =
        serde_json::from_str(&read("packaging/npm/planlint/package.json")).unwrap();
    let optional: BTreeSet<&str> = manifest["optionalDependencies"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(optional, BTreeSet::from(NPM_PACKAGES));
    assert_eq!(manifest["bin"]["planlint"], "bin/planlint.js");
}

// --- the action's install step, run ---------------------------------------------------------

fn install_script() -> String {
    let action = yaml("action.yml");
    action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Install planlint")
        .and_then(|s| s["run"].as_str())
        .expect("an Install planlint step")
        .to_string()
}

fn write_exe(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn sha256(file: &Path) -> String {
    let out = Command::new("sha256sum").arg(file).output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

struct Runner {
    dir: tempfile::TempDir,
}

impl Runner {
    fn new() -> Runner {
        let runner = Runner {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(runner.home()).unwrap();
        std::fs::create_dir_all(runner.action_path()).unwrap();
        // A stub cargo that records how it was called and "installs" a planlint.
        write_exe(
            &runner.path("tools/cargo"),
            &format!(
                "#!/bin/sh\necho \"$@\" > '{}'\nmkdir -p \"$HOME/.cargo/bin\"\n\
                 printf '#!/bin/sh\\necho built\\n' > \"$HOME/.cargo/bin/planlint\"\n\
                 chmod +x \"$HOME/.cargo/bin/planlint\"\n",
                runner.path("cargo-args").display()
            ),
        );
        runner
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn home(&self) -> PathBuf {
        self.path("home")
    }

    /// Where the runner unpacks `uses: planlint/planlint@v9.9.9`.
    fn action_path(&self) -> PathBuf {
        self.path("work/_actions/planlint/planlint/v9.9.9")
    }

    /// A release folder with the archive for Linux x86_64 and its checksum file.
    fn release(&self, tag: &str, checksum: Option<&str>) {
        let target = "x86_64-unknown-linux-musl";
        let stage = self.path(&format!("stage/planlint-{target}"));
        write_exe(
            &stage.join("planlint"),
            "#!/bin/sh\necho planlint-from-release\n",
        );
        let dir = self.path(&format!("releases/{tag}"));
        std::fs::create_dir_all(&dir).unwrap();
        let archive = dir.join(format!("planlint-{target}.tar.gz"));
        let ok = Command::new("tar")
            .arg("-C")
            .arg(self.path("stage"))
            .arg("-czf")
            .arg(&archive)
            .arg(format!("planlint-{target}"))
            .status()
            .unwrap();
        assert!(ok.success());
        let sum = checksum.map_or_else(|| sha256(&archive), str::to_string);
        std::fs::write(
            dir.join(format!("planlint-{target}.tar.gz.sha256")),
            format!("{sum}  planlint-{target}.tar.gz\n"),
        )
        .unwrap();
    }

    /// Runs the step; returns its exit code and stdout + stderr.
    fn run(&self, env: &[(&str, &str)], with_cargo: bool) -> (i32, String) {
        let path = if with_cargo {
            format!("{}:/usr/bin:/bin", self.path("tools").display())
        } else {
            "/usr/bin:/bin".to_string()
        };
        let mut cmd = Command::new("bash");
        cmd.args(["-e", "-c", &install_script()])
            .env_clear()
            .env("PATH", path)
            .env("HOME", self.home())
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("RUNNER_TEMP", self.path("runner-temp"))
            .env("GITHUB_ACTION_PATH", self.action_path())
            .env(
                "PLANLINT_RELEASES_URL",
                format!("file://{}", self.path("releases").display()),
            );
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code().unwrap_or(-1), text)
    }

    fn installed(&self) -> String {
        let bin = self.home().join(".cargo/bin/planlint");
        let out = Command::new(&bin)
            .output()
            .unwrap_or_else(|e| panic!("{bin:?}: {e}"));
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    fn cargo_args(&self) -> Option<String> {
        std::fs::read_to_string(self.path("cargo-args")).ok()
    }
}

#[test]
fn action_installs_the_release_of_its_own_tag() {
    let runner = Runner::new();
    runner.release("v9.9.9", None);
    // github.action_ref is empty inside some composite actions: the folder names the tag.
    let (code, out) = runner.run(&[], false);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("planlint v9.9.9 (x86_64-unknown-linux-musl) installed"),
        "{out}"
    );
    assert_eq!(runner.installed(), "planlint-from-release");
    assert_eq!(runner.cargo_args(), None, "no source build");
}

#[test]
fn action_refuses_a_release_whose_checksum_does_not_match() {
    let runner = Runner::new();
    runner.release("v9.9.9", Some(&"0".repeat(64)));
    let (code, out) = runner.run(&[("PLANLINT_ACTION_REF", "v9.9.9")], true);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("::error title=planlint::"), "{out}");
    assert!(out.contains("does not match its SHA-256"), "{out}");
    assert!(!runner.home().join(".cargo/bin/planlint").exists());
    assert_eq!(
        runner.cargo_args(),
        None,
        "a bad checksum is not papered over"
    );
}

#[test]
fn action_builds_from_source_when_its_ref_has_no_release() {
    // A tag without a release, then a branch (never looked up).
    for reference in ["v9.9.9", "main"] {
        let runner = Runner::new();
        let (code, out) = runner.run(&[("PLANLINT_ACTION_REF", reference)], true);
        assert_eq!(code, 0, "{reference}: {out}");
        assert_eq!(
            out.contains("::notice title=planlint::no release binary"),
            reference == "v9.9.9",
            "{out}"
        );
        assert_eq!(runner.installed(), "built");
        let args = runner.cargo_args().expect("cargo install ran");
        assert!(args.starts_with("install --locked --root"), "{args}");
        assert!(
            args.contains(&format!("--path {}", runner.action_path().display())),
            "{args}"
        );
        assert!(
            args.contains("runner-temp/planlint-target"),
            "the target folder stays out of the cache: {args}"
        );
    }
}

#[test]
fn action_version_input_names_a_release() {
    let runner = Runner::new();
    runner.release("v9.9.9", None);
    let (code, out) = runner.run(
        &[
            ("PLANLINT_VERSION", "9.9.9"),
            ("PLANLINT_ACTION_REF", "main"),
        ],
        false,
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(runner.installed(), "planlint-from-release");

    // A version that has no release is an error, not a build of some other ref.
    let (code, out) = runner.run(&[("PLANLINT_VERSION", "1.2.3")], true);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("::error title=planlint::no planlint-x86_64-unknown-linux-musl.tar.gz in release v1.2.3"), "{out}");
    assert_eq!(runner.cargo_args(), None);
}

#[test]
fn action_without_release_or_cargo_says_how_to_fix_it() {
    let runner = Runner::new();
    let (code, out) = runner.run(&[("PLANLINT_ACTION_REF", "main")], false);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(
            "::error title=planlint::no release binary for this ref and cargo was not found"
        ),
        "{out}"
    );
}

#[test]
fn action_run_step_annotates_when_planlint_cannot_run() {
    let action = yaml("action.yml");
    let script = action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "run")
        .and_then(|s| s["run"].as_str())
        .unwrap()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    for (stub_exit, annotated) in [(2, true), (1, false), (0, false)] {
        write_exe(
            &dir.path().join("bin/planlint"),
            &format!("#!/bin/sh\nexit {stub_exit}\n"),
        );
        let out = Command::new("bash")
            .args(["-e", "-c", &script])
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", dir.path().join("bin").display()),
            )
            .env("PLANLINT_ARGS", "")
            .env("PLANLINT_FORMAT", "github")
            .env("PLANLINT_FAIL_ON", "error")
            .env("GITHUB_OUTPUT", dir.path().join("output"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(stub_exit));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            stdout.contains("::error title=planlint::planlint could not run (exit 2)"),
            annotated,
            "{stdout}"
        );
    }
}

/// build.rs links the binary at a fixed address on GNU/Linux, so the loader has almost no
/// relocations to apply at each start of the commit-msg hook (BENCHMARKS.md).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_linux_binary_is_linked_at_a_fixed_address() {
    // Kept as Rust links it on request, and in static builds (build.rs).
    if std::env::var_os("PLANLINT_PIE").is_some_and(|v| !v.is_empty() && v != "0")
        || cfg!(target_feature = "crt-static")
    {
        return;
    }
    let exe = assert_cmd::cargo::cargo_bin!("planlint");
    let mut head = [0u8; 18];
    std::io::Read::read_exact(
        &mut std::fs::File::open(exe).expect("the binary"),
        &mut head,
    )
    .expect("an ELF header");
    assert_eq!(&head[..4], b"\x7fELF");
    // e_type: 2 is ET_EXEC (position-dependent), 3 is ET_DYN (a PIE), in the byte order
    // EI_DATA gives (1: little-endian).
    let bytes = [head[16], head[17]];
    let e_type = if head[5] == 1 {
        u16::from_le_bytes(bytes)
    } else {
        u16::from_be_bytes(bytes)
    };
    assert_eq!(
        e_type, 2,
        "planlint is linked as a position-independent executable"
    );
}
