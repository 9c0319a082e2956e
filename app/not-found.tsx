import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto mt-24 max-w-md text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Not found</h1>
      <p className="mt-2 text-sm text-slate-600">This page does not exist, or you do not have access to it.</p>
      <Link href="/overview" className="mt-4 inline-block text-sm font-medium text-brand-600 hover:underline">
        Back to the overview
      </Link>
    </div>
  );
}
