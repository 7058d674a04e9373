import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-md px-6 py-24 text-center">
      <p className="text-sm font-semibold text-rose-600">403</p>
      <h1 className="mt-2 text-2xl font-semibold">Not for your account</h1>
      <p className="mt-2 text-slate-600">This page is for platform admins.</p>
      <Link href="/dashboard" className="mt-6 inline-block text-indigo-600 hover:underline">
        Back to the dashboard
      </Link>
    </main>
  );
}
