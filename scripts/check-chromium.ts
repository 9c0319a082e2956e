// `npm run test:e2e` runs this before the build: exit 1 with one line when no Chromium is found.
import { requireChromium } from "./find-chromium";

requireChromium();
