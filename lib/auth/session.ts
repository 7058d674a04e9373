import { getServerSession } from 'next-auth';
import { authOptions } from './options';
import { principalForAuthorization, principalForUserId, type Principal } from './principal';

// Inside Next's request context only (route handlers, server pages).

export async function sessionPrincipal(): Promise<Principal | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  return id ? principalForUserId(id) : null;
}

/** Bearer token first (API clients), then the session cookie (the browser). */
export async function resolvePrincipal(request: Request): Promise<Principal | null> {
  const header = request.headers.get('authorization');
  return header ? principalForAuthorization(header) : sessionPrincipal();
}
