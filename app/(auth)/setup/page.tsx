import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SetupForm } from "@/components/setup/setup-form";
import { isSetupPending } from "@/lib/server/setup/first-admin";

export const metadata: Metadata = { title: "Set up Modelgate" };
export const dynamic = "force-dynamic";

// One-time page: exists only while the database has no user at all (no demo seed, no MODELGATE_ADMIN_EMAIL).
export default async function SetupPage() {
  if (!(await isSetupPending())) notFound();
  return (
    <div className="grid min-h-full place-items-center bg-slate-900 px-4 py-8">
      <div className="w-full max-w-md">
        <div className="mb-6 flex items-center justify-center gap-2 text-white">
          <span className="grid size-9 place-items-center rounded-lg bg-brand-500 text-lg font-bold">M</span>
          <span className="text-2xl font-semibold tracking-tight">Modelgate</span>
        </div>
        <SetupForm />
      </div>
    </div>
  );
}
