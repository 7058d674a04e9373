import { ordersService } from './orders.service';

export async function GET(request: Request) {
  const status = new URL(request.url).searchParams.get('status') ?? 'open';
  const result = await ordersService.list(status);
  return Response.json(result.rows);
}
