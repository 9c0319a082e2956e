// Where the end-to-end tests find a browser (none is ever downloaded): CHROMIUM_PATH, Debian's /usr/bin/chromium,
// then a Chromium already in Playwright's cache. playwright.config.ts uses it, and `npm run test:e2e` checks it
// before the build (scripts/check-chromium.ts) so a machine without one fails at once, with one line saying what to do.
import { existsSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const INSTALL_HINT =
  "No Chromium found for the end-to-end tests: install it with `apt-get install chromium` (or set CHROMIUM_PATH to a Chromium binary).";

/** The first Chromium that exists, or null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  const cache = env.PLAYWRIGHT_BROWSERS_PATH || path.join(os.homedir(), ".cache", "ms-playwright");
  let dirs: string[] = [];
  try {
    dirs = readdirSync(cache)
      .filter((d) => d.startsWith("chromium"))
      .sort()
      .reverse();
  } catch {
    return null;
  }
  for (const d of dirs) {
    for (const bin of [
      "chrome-linux64/chrome",
      "chrome-linux/chrome",
      "chrome-linux/headless_shell",
      "chrome-headless-shell-linux64/chrome-headless-shell",
    ]) {
      const p = path.join(cache, d, bin);
      if (existsSync(p)) return p;
    }
  }
  return null;
}

/** The Chromium to use; prints the one-line hint and exits 1 when there is none. */
export function requireChromium(env: NodeJS.ProcessEnv = process.env): string {
  const found = findChromium(env);
  if (!found) {
    console.error(INSTALL_HINT);
    process.exit(1);
  }
  return found;
}
