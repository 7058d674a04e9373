import { SignInForm } from './sign-in-form';

export const metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const safe = callbackUrl?.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/dashboard';
  return (
    <main className="flex min-h-screen items-center justify-center px-6">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="mx-auto flex h-12 w-12 items-center justify-center rounded-xl bg-indigo-600 text-xl font-bold text-white">V</div>
          <h1 className="mt-4 text-2xl font-semibold">Sign in to Vega</h1>
          <p className="mt-1 text-sm text-slate-600">Security scans of your code, live.</p>
        </div>
        <SignInForm callbackUrl={safe} />
      </div>
    </main>
  );
}
