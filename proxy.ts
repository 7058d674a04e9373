import { NextResponse, type NextRequest } from 'next/server';

// Pages learn their own path (for the sign-in callback) from this header.
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set('x-vega-path', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/((?!v1/|api/|_next/|favicon.ico).*)'],
};
