import { NextResponse } from 'next/server';

export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const dest = params.get('continue') ?? '/';
  return NextResponse.redirect(dest);
}
