#!/usr/bin/env node
// planlint's npm launcher. npm installs exactly one of the platform packages listed in
// optionalDependencies (their `os` and `cpu` fields pick it; nothing is downloaded at install
// time); this runs the binary inside it with the same arguments, standard input, output and
// error, and exits with its exit code, so hooks keep telling 0 (clean), 1 (findings) and
// 2 (planlint could not run) apart.
"use strict";

const { spawnSync } = require("node:child_process");
const path = require("node:path");

// Keep in step with packaging/npm/build.mjs.
const PACKAGES = {
  "linux x64": "@planlint/linux-x64",
  "linux arm64": "@planlint/linux-arm64",
  "darwin x64": "@planlint/darwin-x64",
  "darwin arm64": "@planlint/darwin-arm64",
  "win32 x64": "@planlint/win32-x64",
};

function fail(lines) {
  for (const line of lines) process.stderr.write(`planlint: ${line}\n`);
  // 2 is planlint's own "could not run".
  process.exit(2);
}

function binary() {
  const platform = `${process.platform} ${process.arch}`;
  const pkg = PACKAGES[platform];
  if (!pkg) {
    fail([
      `no prebuilt binary for ${platform}; the npm package has ${Object.keys(PACKAGES).join(", ")}.`,
      "build it from source instead: cargo install --locked --path <planlint checkout>",
    ]);
  }
  let dir;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    fail([
      `${pkg}, which holds the binary for ${platform}, is not installed.`,
      "npm installs it with planlint as an optional dependency, unless optional dependencies are",
      "left out (--omit=optional, --no-optional, or an install made on another platform that was",
      "copied here): run `npm install` again on this machine without those options.",
    ]);
  }
  return path.join(dir, "bin", process.platform === "win32" ? "planlint.exe" : "planlint");
}

const exe = binary();
const result = spawnSync(exe, process.argv.slice(2), { stdio: "inherit", windowsHide: true });
if (result.error) {
  fail([`could not start ${exe}: ${result.error.message}`]);
}
if (result.signal) {
  // Die of the same signal, so the caller sees what the binary saw.
  process.kill(process.pid, result.signal);
}
process.exit(result.status === null ? 2 : result.status);
