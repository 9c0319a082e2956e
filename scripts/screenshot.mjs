// Dev tooling: sign in as a demo user and take a full-page screenshot.
// Usage: node scripts/screenshot.mjs http://localhost:3000 alice@modelgate.local out.png [/path]
import { chromium } from "playwright-core";
const [, , base, email, out, path] = process.argv;
const b = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const p = await b.newPage({ viewport: { width: 1440, height: 1000 } });
await p.goto(base + "/login");
await p.getByLabel("Email").fill(email);
await p.getByLabel("Password").fill("modelgate-demo");
await p.getByRole("button", { name: "Sign in" }).click();
await p.waitForURL(/overview/);
if (path) await p.goto(base + path);
await p.waitForTimeout(800);
await p.screenshot({ path: out, fullPage: true });
await b.close();
