import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { Client } from 'pg';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const { sku } = JSON.parse(event.body ?? '{}');
  const client = new Client();
  await client.connect();
  const result = await client.query('SELECT name, price FROM products WHERE sku = ' + sku);
  await client.end();
  return { statusCode: 200, body: JSON.stringify(result.rows) };
};
