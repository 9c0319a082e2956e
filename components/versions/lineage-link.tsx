import Link from "next/link";
import type { ReactNode } from "react";

/** A lineage link: in-app paths through the router, outside pages (code host, data catalogue) in a new tab. */
export function LineageLink({ href, children }: { href: string; children: ReactNode }) {
  const cls = "text-brand-700 hover:underline dark:text-brand-100";
  if (href.startsWith("/"))
    return (
      <Link href={href} className={cls}>
        {children}
      </Link>
    );
  return (
    <a href={href} rel="noreferrer noopener" target="_blank" className={cls}>
      {children}
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}
