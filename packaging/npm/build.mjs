#!/usr/bin/env node
// Assembles planlint's npm packages into an output folder, ready for `npm pack` or
// `npm publish`: the main package `planlint` (packaging/npm/planlint, a JS launcher) and one
// package per platform holding the binary, esbuild's and biome's shape. Every version is the one
// in Cargo.toml; the main package lists each platform package, at that exact version, in
// optionalDependencies.
//
//   node packaging/npm/build.mjs --out DIR --archives DIR [--all]
//       binaries from release archives planlint-<target>.tar.gz, each checked against its
//       .sha256; --all fails unless every platform has one (the release workflow)
//   node packaging/npm/build.mjs --out DIR --binary <target>=<path> ...
//       binaries from files, for trying the packages locally
//
// Needs only Node.js (>= 18) and `tar`.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");

// Rust target -> npm package and the `os`/`cpu` values npm matches against the machine. Keep in
// step with planlint/bin/planlint.js, the release workflow's matrix and action.yml.
const PLATFORMS = [
  { target: "x86_64-unknown-linux-musl", pkg: "@planlint/linux-x64", os: "linux", cpu: "x64" },
  { target: "aarch64-unknown-linux-musl", pkg: "@planlint/linux-arm64", os: "linux", cpu: "arm64" },
  { target: "x86_64-apple-darwin", pkg: "@planlint/darwin-x64", os: "darwin", cpu: "x64" },
  { target: "aarch64-apple-darwin", pkg: "@planlint/darwin-arm64", os: "darwin", cpu: "arm64" },
  { target: "x86_64-pc-windows-msvc", pkg: "@planlint/win32-x64", os: "win32", cpu: "x64" },
];

function die(message) {
  process.stderr.write(`build.mjs: ${message}\n`);
  process.exit(1);
}

/** The [package] table's version and repository in Cargo.toml. */
function cargoPackage() {
  const text = fs.readFileSync(path.join(root, "Cargo.toml"), "utf8");
  const table = text.split(/^\[/m).find((t) => t.startsWith("package]"));
  const field = (name) => table?.match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, "m"))?.[1];
  const version = field("version");
  if (!version) die("no version in Cargo.toml's [package]");
  return { version, repository: field("repository") };
}

function parseArgs(argv) {
  const args = { out: null, archives: null, all: false, binaries: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--out") args.out = argv[++i];
    else if (a === "--archives") args.archives = argv[++i];
    else if (a === "--all") args.all = true;
    else if (a === "--binary") {
      const [target, file] = (argv[++i] ?? "").split("=");
      if (!target || !file) die("--binary takes <target>=<path>");
      args.binaries.set(target, path.resolve(file));
    } else die(`unknown argument ${a}`);
  }
  if (!args.out) die("--out DIR is required");
  return args;
}

/** Checks an archive against its .sha256 and extracts the binary; returns its path. */
function binaryFromArchive(dir, target, tmp) {
  const archive = path.join(dir, `planlint-${target}.tar.gz`);
  if (!fs.existsSync(archive)) return null;
  const expected = fs.readFileSync(`${archive}.sha256`, "utf8").trim().split(/\s+/)[0];
  const actual = createHash("sha256").update(fs.readFileSync(archive)).digest("hex");
  if (expected !== actual) die(`${archive}: SHA-256 ${actual}, its .sha256 says ${expected}`);
  const into = fs.mkdtempSync(path.join(tmp, `${target}-`));
  execFileSync("tar", ["-xzf", archive, "-C", into]);
  const exe = target.includes("windows") ? "planlint.exe" : "planlint";
  return path.join(into, `planlint-${target}`, exe);
}

function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function copyLicenses(dir) {
  for (const name of ["LICENSE-MIT", "LICENSE-APACHE"]) {
    fs.copyFileSync(path.join(root, name), path.join(dir, name));
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const cargo = cargoPackage();
  const out = path.resolve(args.out);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "planlint-npm-"));

  // The main package: the launcher, every platform package as an exact optional dependency.
  const mainDir = path.join(out, "planlint");
  fs.cpSync(path.join(here, "planlint"), mainDir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(mainDir, "package.json"), "utf8"));
  manifest.version = cargo.version;
  if (cargo.repository) manifest.repository = { type: "git", url: `git+${cargo.repository}.git` };
  manifest.optionalDependencies = Object.fromEntries(PLATFORMS.map((p) => [p.pkg, cargo.version]));
  manifest.files = [...new Set([...manifest.files, "LICENSE-MIT", "LICENSE-APACHE"])];
  writeJson(path.join(mainDir, "package.json"), manifest);
  fs.chmodSync(path.join(mainDir, "bin", "planlint.js"), 0o755);
  copyLicenses(mainDir);
  const made = [mainDir];

  for (const p of PLATFORMS) {
    const binary = args.binaries.get(p.target) ??
      (args.archives ? binaryFromArchive(args.archives, p.target, tmp) : null);
    if (!binary) {
      if (args.all) die(`no binary for ${p.target}`);
      continue;
    }
    const dir = path.join(out, p.pkg.split("/")[1]);
    const exe = p.os === "win32" ? "planlint.exe" : "planlint";
    fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
    fs.copyFileSync(binary, path.join(dir, "bin", exe));
    fs.chmodSync(path.join(dir, "bin", exe), 0o755);
    copyLicenses(dir);
    fs.writeFileSync(
      path.join(dir, "README.md"),
      `# ${p.pkg}\n\nThe planlint binary for ${p.os} ${p.cpu} (${p.target}). Install ` +
        "[planlint](https://www.npmjs.com/package/planlint), which picks this package itself.\n",
    );
    writeJson(path.join(dir, "package.json"), {
      name: p.pkg,
      version: cargo.version,
      description: `The planlint binary for ${p.os} ${p.cpu} (${p.target})`,
      license: manifest.license,
      repository: manifest.repository,
      os: [p.os],
      cpu: [p.cpu],
      files: [`bin/${exe}`, "LICENSE-MIT", "LICENSE-APACHE"],
      preferUnplugged: true,
    });
    made.push(dir);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  // Platform packages first: they must be published before the package that depends on them.
  for (const dir of [...made.slice(1), made[0]]) process.stdout.write(`${dir}\n`);
}

main();
