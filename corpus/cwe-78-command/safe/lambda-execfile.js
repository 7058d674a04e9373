const { execFile } = require('child_process');

const SIZES = { small: '64x64', large: '512x512' };

module.exports.handler = (event, context, callback) => {
  const size = SIZES[event.size] ?? SIZES.small;
  execFile('convert', ['/tmp/in.png', '-resize', size, '/tmp/out.png'], (err) => {
    callback(err, { statusCode: err ? 500 : 200 });
  });
};
