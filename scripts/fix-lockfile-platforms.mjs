// The npm registry mirror this project installs from lacks some other-platform optional binaries
// (e.g. @next/swc-darwin-arm64), so `npm install` leaves them out of package-lock.json and `npm ci`
// then refuses the lockfile as "out of sync". This adds their entries (version, os, cpu) so npm ci
// validates and simply skips them on Linux, as it does for every other foreign-platform binary.
// Run after changing dependencies: node scripts/fix-lockfile-platforms.mjs
import { readFileSync, writeFileSync } from "node:fs";

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const PLATFORM = {
  "android-arm64": { os: ["android"], cpu: ["arm64"] },
  "darwin-arm64": { os: ["darwin"], cpu: ["arm64"] },
  "darwin-x64": { os: ["darwin"], cpu: ["x64"] },
  "freebsd-x64": { os: ["freebsd"], cpu: ["x64"] },
  "linux-arm-gnueabihf": { os: ["linux"], cpu: ["arm"], libc: ["glibc"] },
  "wasm32-wasi": { cpu: ["wasm32"] },
  "win32-arm64-msvc": { os: ["win32"], cpu: ["arm64"] },
  "win32-x64-msvc": { os: ["win32"], cpu: ["x64"] },
};
let added = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
  const optional = pkg.optionalDependencies ?? {};
  for (const [name, version] of Object.entries(optional)) {
    const suffix = Object.keys(PLATFORM).find((s) => name.endsWith(`-${s}`));
    const path = `node_modules/${name}`;
    if (!suffix || lock.packages[path] || !/^\d+\.\d+\.\d+$/.test(version)) continue;
    lock.packages[path] = {
      version,
      ...(pkg.dev ? { dev: true } : {}),
      license: "MIT",
      optional: true,
      ...PLATFORM[suffix],
    };
    added++;
    void key;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform entries`);
