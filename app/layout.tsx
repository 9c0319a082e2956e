import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "./providers";

// Every page renders per request, so the Content-Security-Policy nonce of proxy.ts reaches its scripts.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Modelgate", template: "%s · Modelgate" },
  description: "Carry machine-learning models from experiment to monitored production, with gates and clear owners.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
