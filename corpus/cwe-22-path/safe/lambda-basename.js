const fs = require('fs/promises');
const path = require('path');

exports.handler = async (event) => {
  const file = path.join('/var/task/reports', path.basename(event.queryStringParameters.name));
  const content = await fs.readFile(file, 'utf8');
  return { statusCode: 200, body: content };
};
