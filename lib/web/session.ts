import { headers } from 'next/headers';
import { forbidden, notFound, redirect } from 'next/navigation';
import type { Principal } from '../auth/principal';
import { sessionPrincipal } from '../auth/session';
import { loadRepository } from '../repositories/queries';
import { loadScan } from '../repositories/load-scan';
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

/** The API's loaders for pages: "missing" and "another team's" render the 404 page. */
async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) notFound();
    throw err;
  }
}

export const pageRepository = (principal: Principal, id: string) => orNotFound(loadRepository(principal, id));

export const pageScan = (principal: Principal, params: { id: string; scanId: string }) => orNotFound(loadScan(principal, params));
