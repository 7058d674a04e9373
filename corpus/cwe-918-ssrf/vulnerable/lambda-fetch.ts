import type { APIGatewayProxyHandler } from 'aws-lambda';

export const handler: APIGatewayProxyHandler = async (event) => {
  const target = event.queryStringParameters?.url ?? '';
  const response = await fetch(target);
  return { statusCode: response.status, body: await response.text() };
};
