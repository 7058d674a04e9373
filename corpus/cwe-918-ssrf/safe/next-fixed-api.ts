export async function GET(request: Request) {
  const id = new URL(request.url).searchParams.get('id') ?? '';
  const reply = await fetch('https://api.stripe.com/v1/customers/' + encodeURIComponent(id), {
    headers: { Authorization: `Bearer ${process.env.STRIPE_KEY}` },
  });
  return Response.json(await reply.json());
}
