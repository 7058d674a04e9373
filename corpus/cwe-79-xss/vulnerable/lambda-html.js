exports.handler = async (event) => {
  const name = event.queryStringParameters.name;
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'text/html' },
    body: `<html><body><h1>Hello ${name}</h1></body></html>`,
  };
};
