import { z } from 'zod';
import { ApiError } from './errors';

export interface PageCursor {
  at: Date;
  id: string;
}

const limitSchema = z.coerce.number().int().min(1).max(200).default(50);

export function parseLimit(params: URLSearchParams): number {
  const parsed = limitSchema.safeParse(params.get('limit') ?? undefined);
  if (!parsed.success) throw new ApiError('invalid_parameter', 400, 'limit must be an integer from 1 to 200');
  return parsed.data;
}

/** Opaque keyset cursor over (created_at, id). */
export function encodeCursor(c: PageCursor): string {
  return Buffer.from(`${c.at.toISOString()}|${c.id}`).toString('base64url');
}

export function decodeCursor(raw: string | null): PageCursor | null {
  if (!raw) return null;
  const [at, id] = Buffer.from(raw, 'base64url').toString().split('|');
  const date = new Date(at ?? '');
  if (!id || Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new ApiError('invalid_cursor', 400, 'after is not a cursor this endpoint returned');
  }
  return { at: date, id };
}

/**
 * A JSON array page with a `Link: <…>; rel="next"` header when more remain.
 * `rows` was fetched with limit + 1 so "more" needs no count query.
 */
export function pageResponse<T, R>(
  url: URL,
  rows: T[],
  limit: number,
  serialize: (row: T) => R,
  cursorOf: (row: T) => string,
): Response {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const headers = new Headers({ 'Content-Type': 'application/json' });
  if (more) {
    const next = new URL(url);
    next.searchParams.set('limit', String(limit));
    next.searchParams.set('after', cursorOf(page[page.length - 1]));
    headers.set('Link', `<${next.pathname}${next.search}>; rel="next"`);
  }
  return new Response(JSON.stringify(page.map(serialize)), { status: 200, headers });
}
