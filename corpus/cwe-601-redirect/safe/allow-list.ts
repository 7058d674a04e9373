import { NextResponse } from 'next/server';
const DESTINATIONS: Record<string, string> = { home: '/', docs: '/docs', billing: '/settings/billing' };

export async function GET(request: Request) {
  const key = new URL(request.url).searchParams.get('to') ?? 'home';
  return NextResponse.redirect(new URL(DESTINATIONS.home, request.url));
}
