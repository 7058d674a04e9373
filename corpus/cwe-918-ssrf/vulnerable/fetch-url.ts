export async function GET(request: Request) {
  const target = new URL(request.url).searchParams.get('url');
  const upstream = await fetch(target!);
  return new Response(await upstream.text());
}
