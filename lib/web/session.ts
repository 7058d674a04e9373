import { headers } from 'next/headers';
import { forbidden, notFound, redirect } from 'next/navigation';
import type { Principal } from '../auth/principal';
import { sessionPrincipal } from '../auth/session';
import { getDb } from '../db/client';
import { loadRepository } from '../repositories/queries';
import { ApiError } from '../api/errors';

/** For server pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<Extract<Principal, { kind: 'user' }>> {
  const p = await sessionPrincipal();
  if (!p || p.kind !== 'user') {
    const path = (await headers()).get('x-vega-path') ?? '/dashboard';
    redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  }
  return p;
}

export async function requireAdmin() {
  const p = await requireUser();
  if (!p.isAdmin) forbidden();
  return p;
}

/** A repository page's repository: another team's is a 404, as in the API. */
export async function pageRepository(principal: Principal, id: string) {
  try {
    return await loadRepository(getDb(), principal, id);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) notFound();
    throw err;
  }
}
