import type { APIGatewayProxyHandler } from 'aws-lambda';

export const handler: APIGatewayProxyHandler = async (event) => {
  const id = encodeURIComponent(event.queryStringParameters?.id ?? '');
  const response = await fetch(`https://api.example.com/items/${id}`);
  return { statusCode: response.status, body: await response.text() };
};
