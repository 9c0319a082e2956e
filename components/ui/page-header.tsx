import type { ReactNode } from "react";

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
        {description && <p className="mt-1 max-w-3xl text-sm text-slate-600">{description}</p>}
      </div>
      {actions && <div className="flex items-center gap-2">{actions}</div>}
    </div>
  );
}

export function AccessDenied({ what }: { what: string }) {
  return (
    <div className="mx-auto mt-16 max-w-md rounded-lg border border-amber-200 bg-amber-50 p-6 text-center" role="alert">
      <h1 className="text-lg font-semibold text-amber-900">You do not have access to {what}</h1>
      <p className="mt-2 text-sm text-amber-800">
        Your role does not include this permission. Ask an administrator if you need it.
      </p>
    </div>
  );
}
