exports.handler = async function (event, context) {
  const expression = event.pathParameters.expr;
  const value = eval(expression);
  return { statusCode: 200, body: String(value) };
};
