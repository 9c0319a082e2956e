import type { TPermission } from "@/lib/domain/rbac/permissions";

export type NavItem = { href: string; label: string; permission: TPermission };

/** Only pages that exist appear here; each page checks the same permission itself. */
export const NAV_ITEMS: NavItem[] = [
  { href: "/overview", label: "Overview", permission: "overview:read" },
  { href: "/models", label: "Models", permission: "models:read" },
  { href: "/promotions", label: "Promotions", permission: "models:read" },
  { href: "/handoffs", label: "Handoffs", permission: "models:read" },
  { href: "/alerts", label: "Alerts", permission: "alerts:read" },
  { href: "/audit", label: "Audit log", permission: "audit:read" },
  { href: "/settings/users", label: "Users", permission: "users:manage" },
  { href: "/settings/tokens", label: "API tokens", permission: "tokens:own" },
  { href: "/settings/webhooks", label: "Webhooks", permission: "webhooks:manage" },
  { href: "/settings/policies", label: "Gate policies", permission: "policies:manage" },
  { href: "/api-docs", label: "API", permission: "models:read" },
  { href: "/mlflow", label: "Use with MLflow", permission: "models:read" },
];
