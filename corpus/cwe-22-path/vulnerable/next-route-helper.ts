import { readFile } from 'node:fs/promises';
import path from 'node:path';

function locate(slug: string) {
  return path.join(process.cwd(), 'content', slug + '.md');
}

export async function GET(request: Request) {
  const slug = new URL(request.url).searchParams.get('slug') ?? 'index';
  return new Response(await readFile(locate(slug), 'utf8'));
}
