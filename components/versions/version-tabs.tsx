import Link from "next/link";
import { cn } from "@/components/ui/cn";

export function VersionTabs({
  slug,
  number,
  active,
}: {
  slug: string;
  number: number;
  active: "overview" | "monitoring";
}) {
  const base = `/models/${slug}/versions/${number}`;
  const tab = (href: string, label: string, on: boolean) => (
    <Link
      href={href}
      aria-current={on ? "page" : undefined}
      className={cn(
        "border-b-2 px-3 py-2 text-sm font-medium",
        on ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
      )}
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="Version sections" className="flex flex-wrap gap-1 border-b border-slate-200">
      {tab(base, "Overview", active === "overview")}
      {tab(`${base}/monitoring`, "Monitoring", active === "monitoring")}
    </nav>
  );
}
