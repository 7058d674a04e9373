exports.handler = async function (event, context) {
  const value = Number.parseFloat(event.pathParameters.amount) * 1.2;
  return { statusCode: 200, body: String(value) };
};
